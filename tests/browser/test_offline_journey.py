"""On site with no signal (issue 18): the peer's phone opens its pages offline and never loses a note."""

import time as clock
import uuid
from datetime import time, timedelta

import pytest
import time_machine
from django.contrib.sessions.models import Session as DjangoSession
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from casework.checks import day_label
from casework.models import Note, Session, Venue
from casework.services import notes as notes_service
from casework.services import timetable as timetable_service
from peerreview import offline as offline_app
from reviews.models import Review, Role
from tests.browser.conftest import CheckedPage
from tests.browser.helpers import click_and_check, sign_in
from tests.factories import PASSWORD
from tests.helpers import current_code

pytestmark = pytest.mark.browser

READ_DEVICE = """async () => {
  const found = { notes: [], caches: (await caches.keys()).filter((name) => !name.startsWith("static-")),
                  localStorage: Object.keys(localStorage), sessionStorage: Object.keys(sessionStorage) };
  if ((await indexedDB.databases()).some((db) => db.name === "peerreview-device")) {
    const db = await new Promise((resolve, reject) => {
      const request = indexedDB.open("peerreview-device");
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    found.notes = await new Promise((resolve) => {
      const request = db.transaction("notes").objectStore("notes").getAll();
      request.onsuccess = () => resolve(request.result);
    });
    db.close();
  }
  return found;
}"""


@pytest.fixture
def on_site(world):
    manager = world.people[Role.REVIEW_MANAGER]
    venue = Venue.objects.create(review=world.review, name="Civic Centre", address="1 High Street\nAnytown")
    world.session = timetable_service.save_session(
        world.review,
        Session(review=world.review),
        fields={"kind": "interview", "title": "Head of Service", "day": world.review.onsite_start,
                "starts": time(10), "ends": time(11), "venue": venue},
        peers=[world.people[Role.PEER]],
        themes=[world.review.themes.get(number=3)],
        by=manager,
    )  # fmt: skip
    timetable_service.add_participant(
        world.session, by=manager, role="Head of Service", agency="social_care", name="Pat Example"
    )
    return world


def open_my_day_online(page, live_server, review):
    """The peer opens "my day" once with a connection: the week's pages are kept on the phone."""
    sign_in(page, live_server, "peer@example.org")
    page.visit(f"{live_server.url}/reviews/{review.pk}/timetable/my-day/")
    expect(page.get_by_role("status").filter(has_text="kept on this phone")).to_be_visible(timeout=15_000)


def wait_for(condition, seconds=30):
    """The phone sends in the background: wait until the database shows what it sent."""
    deadline = clock.monotonic() + seconds
    while not condition():
        assert clock.monotonic() < deadline, "timed out"
        clock.sleep(0.2)


def write_note(page, text):
    """Written with no connection: "Save note" puts it on the phone, listed below the form."""
    cards = page.locator(".app-outbox-note")
    before = cards.count()
    page.get_by_label("Note", exact=True).fill(text)
    page.get_by_role("button", name="Save note").click()
    expect(cards).to_have_count(before + 1)
    expect(page.locator("#note-status")).to_contain_text("Kept on this phone")
    expect(page.get_by_label("Note", exact=True)).to_have_value("")  # ready for the next one


def test_a_peer_works_offline_and_every_note_arrives_once_or_asks_for_attention(
    phone_page, live_server, on_site
):
    review, session = on_site.review, on_site.session
    open_my_day_online(phone_page, live_server, review)
    context = phone_page.context
    context.set_offline(True)

    offline = CheckedPage(context.new_page())
    offline.visit(
        f"{live_server.url}/reviews/{review.pk}/timetable/my-day/?day={review.onsite_start.isoformat()}"
    )
    expect(offline.get_by_role("heading", name=day_label(review.onsite_start))).to_be_visible()
    offline.visit(f"{live_server.url}/messages/")  # not kept: it needs the server, and says so
    expect(offline.get_by_text("You are offline. This page needs a connection.")).to_be_visible()
    offline.go_back()
    offline.check()
    click_and_check(offline, offline.get_by_role("link", name="Brief for Interview: Head of Service"))
    expect(offline.get_by_text("Civic Centre")).to_be_visible()
    expect(offline.get_by_text("Head of Service, Children's social care")).to_be_visible()
    assert "Pat Example" not in offline.content()  # names never go to the device
    click_and_check(offline, offline.get_by_role("button", name="Write a note on Interview: Head of Service"))
    expect(offline.get_by_label("Session (optional)")).to_have_value(str(session.pk))
    write_note(offline, "Thresholds are understood by every agency.")
    write_note(offline, "Schools are rarely invited to strategy meetings.")
    write_note(offline, "Pat Example says the front door is overwhelmed.")
    cards = offline.locator(".app-outbox-note")
    expect(cards).to_have_count(3)
    expect(cards.get_by_text("On this phone — not sent yet")).to_have_count(3)
    offline.check()
    queued = {note["text"]: note["clientId"] for note in offline.evaluate(READ_DEVICE)["notes"]}
    assert len(queued) == 3
    assert not Note.objects.exists()
    offline.close()

    context.set_offline(False)
    back = CheckedPage(context.new_page())
    back.visit(f"{live_server.url}/")
    expect(back.get_by_text("1 note needs your attention.")).to_be_visible(timeout=15_000)
    back.check()
    for text in [
        "Thresholds are understood by every agency.",
        "Schools are rarely invited to strategy meetings.",
    ]:
        assert Note.objects.filter(client_id=queued[text]).count() == 1
        assert Note.objects.get(client_id=queued[text]).is_draft is False
    assert not Note.objects.filter(
        client_id=queued["Pat Example says the front door is overwhelmed."], is_draft=False
    ).exists()

    click_and_check(back, back.get_by_role("link", name="See them on “This device”"))
    card = back.locator(".app-outbox-note")
    expect(card.get_by_text("Needs your attention")).to_be_visible()
    expect(card.get_by_text("“Pat Example”: write “the Head of Service” instead")).to_be_visible()
    back.get_by_role("button", name="Replace names with roles and send").click()
    expect(card.get_by_text("Stored", exact=True)).to_be_visible()
    back.check()
    named = Note.objects.get(client_id=queued["Pat Example says the front door is overwhelmed."])
    assert (named.text, named.is_draft) == ("the Head of Service says the front door is overwhelmed.", False)
    assert Note.objects.count() == 3

    # Signing out leaves nothing of this peer on the phone.
    back.get_by_role("button", name="Menu").click()
    back.get_by_role("button", name="Sign out").click()
    back.wait_for_url(f"{live_server.url}/accounts/sign-in/**")
    back.check()
    # The sign-in page clears what the peer left (htmx notes the path of the page it is on: nothing of the peer).
    wait_for(lambda: not back.evaluate(READ_DEVICE)["localStorage"])
    left = back.evaluate(READ_DEVICE)
    assert set(left.pop("sessionStorage")) <= {"htmx-current-path-for-history"}
    assert left == {"notes": [], "caches": [], "localStorage": []}


def test_signed_out_while_offline_the_notes_wait_and_go_once_signed_in_again(
    phone_page, live_server, on_site
):
    review, peer = on_site.review, on_site.people[Role.PEER]
    device = TOTPDevice.objects.create(user=peer, name="Authenticator", confirmed=True)
    sign_in(phone_page, live_server, "peer@example.org")
    phone_page.get_by_label("Code", exact=True).fill(current_code(device))
    click_and_check(phone_page, phone_page.get_by_role("button", name="Continue"))
    phone_page.visit(f"{live_server.url}/reviews/{review.pk}/timetable/my-day/")
    expect(phone_page.get_by_role("status").filter(has_text="kept on this phone")).to_be_visible(
        timeout=15_000
    )
    context = phone_page.context
    context.set_offline(True)
    offline = CheckedPage(context.new_page())
    offline.visit(f"{live_server.url}/reviews/{review.pk}/notes/new/")
    write_note(offline, "Supervision is regular and reflective.")
    write_note(offline, "Agencies share one threshold document.")
    offline.close()

    # The session runs out while the phone is away.
    DjangoSession.objects.update(expire_date=timezone.now() - timedelta(minutes=1))
    context.set_offline(False)
    back = CheckedPage(context.new_page())
    back.visit(f"{live_server.url}/reviews/{review.pk}/timetable/my-day/")
    expect(back.get_by_role("heading", name="Sign in")).to_be_visible()
    expect(
        back.get_by_text("You have been signed out. Your notes are safe on this phone; sign in to send them.")
    ).to_be_visible()
    back.check()
    assert not Note.objects.exists()

    with time_machine.travel(timezone.now() + timedelta(seconds=40)):  # a fresh code
        back.get_by_label("Email address").fill("peer@example.org")
        back.get_by_label("Password").fill(PASSWORD)
        click_and_check(back, back.get_by_role("button", name="Sign in"))
        expect(back.get_by_role("heading", name="Enter your code")).to_be_visible()
        assert not Note.objects.exists()  # not before the second step
        device.refresh_from_db()
        back.get_by_label("Code", exact=True).fill(current_code(device))
        click_and_check(back, back.get_by_role("button", name="Continue"))
    expect(
        back.get_by_role("heading", name=day_label(review.onsite_start))
    ).to_be_visible()  # back where they were
    wait_for(lambda: Note.objects.filter(is_draft=False).count() == 2)
    assert sorted(Note.objects.values_list("text", flat=True)) == [
        "Agencies share one threshold document.",
        "Supervision is regular and reflective.",
    ]


def test_the_same_note_changed_on_a_phone_and_a_laptop_is_never_silently_overwritten(
    phone_page, page, live_server, on_site
):
    review, peer = on_site.review, on_site.people[Role.PEER]
    note = notes_service.save_note(
        review, author=peer, client_id=uuid.uuid4(), text="Original text.", draft=False
    )
    laptop = page
    for browser_page in (phone_page, laptop):
        sign_in(browser_page, live_server, "peer@example.org")
        browser_page.visit(f"{live_server.url}/reviews/{review.pk}/notes/{note.pk}/")

    phone_page.get_by_label("Note", exact=True).fill("Text from the phone.")
    click_and_check(phone_page, phone_page.get_by_role("button", name="Save note"))
    expect(phone_page.get_by_text("Note saved.")).to_be_visible()

    laptop.get_by_label("Note", exact=True).fill("Text from the laptop.")
    click_and_check(laptop, laptop.get_by_role("button", name="Save note"))
    banner = laptop.get_by_role("alert").filter(has_text="Changed on another device")
    expect(banner).to_contain_text("This note was changed on another device while you were editing it.")
    expect(banner).to_contain_text("Text from the phone.")
    note.refresh_from_db()
    assert note.text == "Text from the phone."  # the later save did not overwrite it
    assert list(note.revisions.values_list("text", "applied")) == [
        ("Original text.", True),
        ("Text from the phone.", True),
        ("Text from the laptop.", False),
    ]

    # The peer decides the laptop's text stands; the history keeps every text.
    click_and_check(laptop, laptop.get_by_role("button", name="Save note"))
    expect(laptop.get_by_text("Note saved.")).to_be_visible()
    note.refresh_from_db()
    assert note.text == "Text from the laptop."
    laptop.visit(f"{live_server.url}/reviews/{review.pk}/notes/{note.pk}/history/")
    for text in ["Original text.", "Text from the phone.", "Text from the laptop."]:
        expect(laptop.get_by_text(text).first).to_be_visible()
    expect(laptop.get_by_text("Not applied: saved from an older version")).to_be_visible()


def test_a_new_version_of_the_app_arrives_while_notes_wait_and_none_is_lost(
    phone_page, live_server, on_site, monkeypatch
):
    review = on_site.review
    open_my_day_online(phone_page, live_server, review)
    context = phone_page.context
    first = [name for name in phone_page.evaluate("caches.keys()") if name.startswith("static-")]
    context.set_offline(True)
    offline = CheckedPage(context.new_page())
    offline.visit(f"{live_server.url}/reviews/{review.pk}/notes/new/")
    write_note(offline, "Early help is well known in schools.")
    write_note(offline, "Health visitors rarely hear the outcome of referrals.")
    offline.close()

    # A deploy: new static files make a new worker. The notes may not go until it has taken over.
    version, source = offline_app._worker()
    monkeypatch.setattr(offline_app, "_worker", lambda: ("deployed-again", source + "\n// deployed again\n"))
    context.route("**/notes/send/", lambda route: route.abort())
    context.set_offline(False)
    back = CheckedPage(context.new_page())
    back.visit(f"{live_server.url}/reviews/{review.pk}/timetable/my-day/")
    assert len(first) == 1
    back.wait_for_function(  # the new worker took over: it replaced the old one's static files
        """async (old) => {
            const names = await caches.keys();
            return names.includes("static-deployed-again") && !names.includes(old);
        }""",
        arg=first[0],
    )
    assert not Note.objects.exists()

    context.unroute("**/notes/send/")
    back.visit(f"{live_server.url}/")
    wait_for(lambda: Note.objects.filter(is_draft=False).count() == 2)
    assert back.evaluate(READ_DEVICE)["notes"] == []


def test_the_note_form_fits_a_thumb_on_a_phone(phone_page, live_server, on_site):
    review = on_site.review
    sign_in(phone_page, live_server, "peer@example.org")
    phone_page.visit(f"{live_server.url}/reviews/{review.pk}/notes/new/?session={on_site.session.pk}")
    height = phone_page.evaluate("document.documentElement.scrollHeight")
    assert height <= 2 * 844, f"the note form is {height}px tall"
    expect(phone_page.get_by_label("Note", exact=True)).to_be_in_viewport()
    expect(phone_page.get_by_role("button", name="Save note")).to_be_in_viewport()  # always in reach
    # The session's theme is preset; its lines of enquiry wait behind "Add lines of enquiry".
    theme = review.themes.get(number=3)
    expect(phone_page.get_by_label(str(theme))).to_be_checked()
    lines = phone_page.locator("[data-note-lines] [data-theme]")
    expect(lines.first).to_be_hidden()
    phone_page.get_by_text("Add lines of enquiry").click()
    shown = phone_page.locator("[data-note-lines] [data-theme]:visible")
    assert shown.count() == theme.lines.filter(included=True).count()
    assert shown.count() < lines.count()
    phone_page.check()


def queue_two_notes_offline(phone_page, live_server, review):
    open_my_day_online(phone_page, live_server, review)
    context = phone_page.context
    context.set_offline(True)
    offline = CheckedPage(context.new_page())
    offline.visit(f"{live_server.url}/reviews/{review.pk}/notes/new/")
    write_note(offline, "Supervision is regular and reflective.")
    write_note(offline, "Agencies share one threshold document.")
    offline.close()
    return context


def test_signing_out_with_unsent_notes_asks_first_and_sends_them(phone_page, live_server, on_site):
    review = on_site.review
    context = queue_two_notes_offline(phone_page, live_server, review)
    context.route("**/notes/send/", lambda route: route.abort())  # a connection that drops what it sends
    context.set_offline(False)
    back = CheckedPage(context.new_page())
    back.visit(f"{live_server.url}/")
    back.get_by_role("button", name="Menu").click()
    back.get_by_role("button", name="Sign out").click()
    back.wait_for_url("**/device/?sign-out=1")
    expect(back.get_by_text("You have 2 notes not sent yet.")).to_be_visible()
    back.check()
    back.get_by_role("button", name="Discard them").click()
    expect(back.get_by_role("button", name="Yes, discard them and sign out")).to_be_visible()  # asked twice
    back.check()
    assert not Note.objects.filter(is_draft=False).exists()

    context.unroute("**/notes/send/")
    back.get_by_role("button", name="Send now").click()
    back.wait_for_url(f"{live_server.url}/accounts/sign-in/**")
    back.check()
    assert Note.objects.filter(is_draft=False).count() == 2
    assert back.evaluate(READ_DEVICE)["notes"] == []


def test_another_person_on_the_same_browser_never_sees_or_sends_the_first_ones_notes(
    phone_page, live_server, on_site
):
    review = on_site.review
    context = queue_two_notes_offline(phone_page, live_server, review)
    DjangoSession.objects.all().delete()  # the peer's session ends while away; the team leader borrows the phone
    context.set_offline(False)
    other = CheckedPage(context.new_page())
    sign_in(other, live_server, "team_leader@example.org")
    other.visit(f"{live_server.url}/device/")
    expect(other.get_by_text("No notes are waiting on this device.")).to_be_visible()
    other.check()
    clock.sleep(2)  # time for any sending to happen: none may
    assert not Note.objects.exists()
    assert len(other.evaluate(READ_DEVICE)["notes"]) == 2  # still the peer's, kept for them


KEPT_PAGES = """async () => (await caches.keys()).filter((name) => name.startsWith("pages-"))"""


def test_kept_pages_go_when_the_review_leaves_the_on_site_stage(phone_page, live_server, on_site):
    review = on_site.review
    open_my_day_online(phone_page, live_server, review)
    assert len(phone_page.evaluate(KEPT_PAGES)) == 1
    Review.objects.filter(pk=review.pk).update(stage=Review.Stage.LETTER)
    phone_page.visit(f"{live_server.url}/")
    phone_page.wait_for_function(
        f"async () => !(await caches.keys()).some((n) => n.endsWith('-r{review.pk}'))"
    )


def test_kept_pages_not_opened_for_14_days_go_at_the_next_start(phone_page, live_server, on_site):
    review = on_site.review
    open_my_day_online(phone_page, live_server, review)
    phone_page.evaluate(
        """async () => {
            const db = await new Promise((resolve) => {
                const request = indexedDB.open("peerreview-device");
                request.onsuccess = () => resolve(request.result);
            });
            const store = db.transaction("pages", "readwrite").objectStore("pages");
            await new Promise((resolve) => {
                store.getAll().onsuccess = (event) => {
                    for (const record of event.target.result) {
                        store.put({ ...record, openedAt: Date.now() - 15 * 24 * 60 * 60 * 1000 });
                    }
                    resolve();
                };
            });
            db.close();
        }"""
    )
    phone_page.visit(f"{live_server.url}/device/")
    phone_page.wait_for_function(
        f"async () => !(await caches.keys()).some((n) => n.endsWith('-r{review.pk}'))"
    )
    expect(phone_page.locator("#device-pages")).to_have_text("None")  # "This device" says so

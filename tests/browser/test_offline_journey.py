"""On site with no signal (issue 18): the peer's phone opens its pages offline and never loses a note."""

import uuid
from datetime import time

import pytest
from playwright.sync_api import expect

from casework.checks import day_label
from casework.models import Note, Session, Venue
from casework.services import timetable as timetable_service
from reviews.models import Role
from tests.browser.conftest import CheckedPage
from tests.browser.helpers import click_and_check, sign_in

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


def write_note(page, text):
    page.get_by_label("Note", exact=True).fill(text)
    page.get_by_role("button", name="Save note").click()
    expect(page.locator("#note-status")).to_contain_text("Kept on this phone")


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
    left = back.evaluate(READ_DEVICE)
    # htmx notes the path of the page it is on (the sign-in page): nothing of the peer.
    assert left == {
        "notes": [],
        "caches": [],
        "localStorage": [],
        "sessionStorage": ["htmx-current-path-for-history"],
    }

"""On site in Chromium: a peer writes notes on a phone, offline for a while; the team leader makes a finding."""

import re
import uuid
from datetime import time
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import expect

from casework.models import Note, Session
from casework.services import notes as notes_service
from casework.services import timetable as timetable_service
from reviews.models import Role
from tests.browser.helpers import click_and_check, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def on_site(world):
    manager = world.people[Role.REVIEW_MANAGER]
    session = timetable_service.save_session(
        world.review,
        Session(review=world.review),
        fields={"kind": "interview", "title": "Head of Service", "day": world.review.onsite_start, "starts": time(10), "ends": time(11)},
        peers=[world.people[Role.PEER]],
        themes=[world.review.themes.get(number=3)],
        by=manager,
    )  # fmt: skip
    timetable_service.add_participant(
        session, by=manager, role="Head of Service", agency="social_care", name="Pat Example"
    )
    world.session = session
    return world


def test_a_peer_writes_a_note_on_a_phone_and_survives_losing_the_connection(phone_page, live_server, on_site):
    page = phone_page
    review = on_site.review
    sign_in(page, live_server, "peer@example.org")
    page.visit(
        f"{live_server.url}/reviews/{review.pk}/timetable/my-day/?day={review.onsite_start.isoformat()}"
    )
    click_and_check(page, page.get_by_role("button", name="Write a note on Interview: Head of Service"))

    note = page.get_by_label("Note", exact=True)
    note.fill("Pat Example says thresholds are understood by every agency.")
    page.get_by_label("Kind of point").select_option(label="Strength")
    expect(page.locator("#note-status")).to_contain_text("Saved at", timeout=10_000)
    click_and_check(page, page.get_by_role("button", name="Save note"))
    expect(page.get_by_text("Your note names “Pat Example”")).to_be_visible()
    click_and_check(page, page.get_by_role("button", name="Replace names with roles and save"))
    expect(page.get_by_text("Note saved.")).to_be_visible()
    assert Note.objects.get().text == "the Head of Service says thresholds are understood by every agency."

    # A second note: the connection drops while typing, then comes back.
    click_and_check(page, page.get_by_role("button", name="Write a note"))
    page.context.set_offline(True)
    page.get_by_label("Note", exact=True).fill("Schools are rarely invited to strategy meetings.")
    expect(page.locator("#note-status")).to_contain_text("No connection", timeout=10_000)
    page.context.set_offline(False)
    expect(page.locator("#note-status")).to_contain_text("Saved at", timeout=10_000)
    click_and_check(page, page.get_by_role("button", name="Save note"))
    texts = list(Note.objects.order_by("created_at").values_list("text", "is_draft"))
    assert texts[-1] == ("Schools are rarely invited to strategy meetings.", False)
    assert len(texts) == 2


def test_a_note_the_server_fails_to_save_is_still_on_the_device_until_it_is_saved(page, live_server, on_site):
    review = on_site.review
    url = f"{live_server.url}/reviews/{review.pk}/notes/new/"
    server_error = (Path(settings.BASE_DIR) / "templates" / "500.html").read_text()

    def fail_save_note(route):
        # Only "Save note": the autosaves in the background reach the server as usual.
        if route.request.method == "POST" and route.request.headers.get("x-autosave") != "1":
            route.fulfill(status=500, content_type="text/html; charset=utf-8", body=server_error)
        else:
            route.continue_()

    sign_in(page, live_server, "peer@example.org")
    page.visit(url)
    page.get_by_label("Note", exact=True).fill("Early help is well known in schools.")
    page.route(re.compile(r".*/notes/new/$"), fail_save_note)
    click_and_check(page, page.get_by_role("button", name="Save note"))
    expect(page.get_by_role("heading", name="Sorry, there is a problem with the service")).to_be_visible()
    assert not Note.objects.filter(is_draft=False).exists()

    page.unroute(re.compile(r".*/notes/new/$"))
    page.visit(url)
    expect(page.get_by_label("Note", exact=True)).to_have_value("Early help is well known in schools.")
    click_and_check(page, page.get_by_role("button", name="Save note"))
    expect(page.get_by_text("Note saved.")).to_be_visible()
    assert list(Note.objects.values_list("text", "is_draft")) == [
        ("Early help is well known in schools.", False)
    ]
    page.visit(url)  # saved, so the device no longer offers it as unsaved text
    expect(page.get_by_label("Note", exact=True)).to_have_value("")


def test_autosaving_a_finished_note_with_a_name_is_refused_beside_the_note(page, live_server, on_site):
    review = on_site.review
    note = notes_service.save_note(review, author=on_site.people[Role.PEER], client_id=uuid.uuid4(),
                              text="Thresholds are understood.", draft=False)  # fmt: skip
    sign_in(page, live_server, "peer@example.org")
    page.visit(f"{live_server.url}/reviews/{review.pk}/notes/{note.pk}/")
    field = page.get_by_label("Note", exact=True)
    field.fill("Pat Example says thresholds are understood.")
    expect(field).to_have_accessible_description(
        re.compile("Not saved: your note names “Pat Example”. Write “the Head of Service” instead"),
        timeout=10_000,
    )
    page.check()
    note.refresh_from_db()
    assert note.text == "Thresholds are understood."
    click_and_check(page, page.get_by_role("button", name="Replace names with roles and save"))
    expect(page.get_by_text("Note saved.")).to_be_visible()
    note.refresh_from_db()
    assert note.text == "the Head of Service says thresholds are understood."


def test_the_team_leader_makes_a_finding_and_the_council_sees_only_messages(
    page, second_page, live_server, on_site
):
    review = on_site.review
    theme = review.themes.get(number=3)
    for author, agency, text in [
        (Role.PEER, "education", "Schools feel left out of strategy meetings."),
        (Role.ANALYST_PEER, "health", "Health visitors rarely hear the outcome of referrals."),
        (Role.TEAM_LEADER, "police", "Police say schools are hard to reach out of term."),
    ]:
        notes_service.save_note(review, author=on_site.people[author], client_id=uuid.uuid4(), text=text, draft=False,
                           agency=agency, themes=[theme], session=on_site.session)  # fmt: skip
    sign_in(page, live_server, "team_leader@example.org")
    page.visit(f"{live_server.url}/reviews/{review.pk}/evidence-board/")
    page.get_by_label("Theme").select_option(label=str(theme))
    click_and_check(page, page.get_by_role("button", name="Filter"))
    for checkbox in page.locator("input[name=notes]").all():
        checkbox.check()
    click_and_check(page, page.get_by_role("button", name="Draft a finding from the ticked notes"))
    page.get_by_label("Theme").select_option(label=str(theme))
    page.get_by_label("Recommendation").check()
    page.get_by_label("Finding").fill("Involve schools in every child protection strategy discussion.")
    page.get_by_label("High").check()
    click_and_check(page, page.get_by_role("button", name="Save finding"))
    expect(page.get_by_text("Evidence: 3 notes from 1 session, 3 agencies and 3 peers.")).to_be_visible()
    click_and_check(page, page.get_by_role("button", name="Mark as agreed"))
    expect(page.get_by_text("Agreed", exact=True)).to_be_visible()
    click_and_check(page, page.get_by_role("link", name="Coverage"))
    expect(
        page.get_by_text("Nobody from children's social care has been heard on “Working together”.")
    ).to_be_visible()

    # The manager shares the day's messages; the council reads them and cannot reach a note.
    notes_service.share_daily_summary(review, day=review.onsite_start, text="Partnership working is strong; schools less involved.",
                                 findings=[], by=on_site.people[Role.REVIEW_MANAGER])  # fmt: skip
    council = second_page
    sign_in(council, live_server, "council_sponsor@example.org")
    council.visit(f"{live_server.url}/reviews/{review.pk}/")
    click_and_check(council, council.get_by_role("link", name="Emerging messages"))
    expect(council.get_by_text("Partnership working is strong; schools less involved.")).to_be_visible()
    council.visit(f"{live_server.url}/reviews/{review.pk}/evidence-board/")
    expect(council.get_by_role("heading", name="Page not found")).to_be_visible()

"""The organiser enters what must happen, the solver proposes the week, and re-plans it when a peer falls ill."""

from datetime import time

import pytest
from icalendar import Calendar
from playwright.sync_api import expect

from casework import queries
from casework.checks import day_label
from casework.models import PeerDay, Session
from casework.services import timetable as timetable_service
from reviews.models import Role
from tests.browser.helpers import click_and_check, sign_in
from tests.casework.factories import VenueFactory

pytestmark = pytest.mark.browser


def add_request(page, title, minutes, priority, part=None, email=""):
    click_and_check(page, page.get_by_role("button", name="Add a request"))
    page.get_by_label("Type").select_option(label="Interview")
    page.get_by_label("Title").fill(title)
    page.get_by_label("Length in minutes").fill(str(minutes))
    page.get_by_label(priority).check()
    page.get_by_label("Participants", exact=True).fill(title)
    page.get_by_label("Agency").select_option(label="Health")
    if email:
        page.get_by_label("Participants' email (optional)").fill(email)
    if part:
        page.get_by_label(part).check()
    click_and_check(page, page.get_by_role("button", name="Save request"))
    expect(page.get_by_text(f"Request “{title}” saved.")).to_be_visible()


def test_the_solver_proposes_the_week_and_replans_it_when_a_peer_is_ill(
    page, second_page, live_server, world, mailoutbox
):
    review = world.review
    manager = world.people[Role.REVIEW_MANAGER]
    days = queries.on_site_days(review)
    monday, tuesday, wednesday = days[0], days[1], days[2]
    hall = VenueFactory(review=review, name="Civic Centre")
    team = queries.team_of(review)
    # The opening meeting fills the first morning for the whole team; the manager is away on Wednesday.
    timetable_service.save_session(
        review, Session(review=review),
        fields={"kind": "opening", "day": monday, "starts": time(9), "ends": time(13), "venue": hall},
        peers=team, themes=[], by=manager,
    )  # fmt: skip
    PeerDay.objects.create(review=review, peer=manager, day=wednesday, away=True)

    # The council organiser enters the requests.
    organiser = second_page
    sign_in(organiser, live_server, "council_organiser@example.org")
    organiser.visit(f"{live_server.url}/reviews/{review.pk}/timetable/requests/")
    add_request(
        organiser,
        "Designated nurse",
        60,
        "Must happen",
        f"{day_label(wednesday)}, morning",
        "nurses@example.org",
    )
    add_request(organiser, "Named GP", 60, "Must happen", f"{day_label(tuesday)}, afternoon")
    add_request(organiser, "Team managers", 60, "Should happen", f"{day_label(monday)}, morning")

    # The manager asks for a week: the score, and the request that cannot fit with its reason.
    sign_in(page, live_server, "review_manager@example.org")
    page.visit(f"{live_server.url}/reviews/{review.pk}/timetable/requests/")
    click_and_check(page, page.get_by_role("button", name="Propose a week"))
    page.get_by_label("10 seconds").check()
    click_and_check(page, page.get_by_role("button", name="Propose a week"))
    expect(page.get_by_text("Ready", exact=True)).to_be_visible()
    expect(page.locator(".govuk-summary-list")).to_contain_text("“Must” requests left out")
    left_out = page.get_by_role("listitem").filter(has_text="Team managers")
    expect(left_out).to_contain_text("No time was left for it")
    click_and_check(page, page.get_by_role("button", name="Accept the whole week"))
    expect(page.get_by_text("Accepted into the timetable.")).to_be_visible()
    page.visit(f"{live_server.url}/reviews/{review.pk}/timetable/publish/")
    page.get_by_label("I have read the warnings and want to publish anyway").check()
    click_and_check(page, page.get_by_role("button", name="Publish the timetable"))
    expect(page.get_by_text("Timetable published.")).to_be_visible()

    # The nurse's peer falls ill on Wednesday.
    nurse = Session.objects.get(review=review, title="Designated nurse")
    gp = Session.objects.get(review=review, title="Named GP")
    ill = nurse.peers.get()
    gp_before = (gp.day, gp.starts, set(gp.peers.all()))
    page.visit(f"{live_server.url}/reviews/{review.pk}/timetable/availability/")
    page.get_by_label("Team member").select_option(label=ill.full_name)
    page.get_by_label(day_label(wednesday)).check()
    page.get_by_label("Away all day (for example, ill)").check()
    click_and_check(page, page.get_by_role("button", name="Save"))
    expect(page.get_by_role("row").filter(has_text=ill.full_name)).to_contain_text("Away")

    # Re-plan: only the nurse's session changes, and only its peer.
    page.visit(f"{live_server.url}/reviews/{review.pk}/timetable/requests/")
    click_and_check(page, page.get_by_role("button", name="Re-plan the rest of the week"))
    page.get_by_label("10 seconds").check()
    click_and_check(page, page.get_by_role("button", name="Re-plan the rest of the week"))
    changes = page.get_by_role("table").filter(has_text="Change").first
    expect(changes.locator("tbody tr")).to_have_count(1)
    expect(changes).to_contain_text("Designated nurse")
    expect(changes).to_contain_text("Peers changed")
    mailoutbox.clear()
    click_and_check(page, page.get_by_role("button", name="Accept the whole re-plan"))

    nurse.refresh_from_db()
    gp.refresh_from_db()
    assert ill not in nurse.peers.all()
    assert (nurse.day, nurse.starts) == (wednesday, time(9))
    assert (gp.day, gp.starts, set(gp.peers.all())) == gp_before
    # The peer who takes over is emailed the new calendar, which their calendar program reads back.
    taking_over = nurse.peers.get()
    email = next(m for m in mailoutbox if m.to == [taking_over.email])
    name, content, kind = email.attachments[0]
    event = Calendar.from_ical(content).walk("VEVENT")[0]
    assert event.decoded("dtstart").time() == nurse.starts
    assert "Designated nurse" in str(event["summary"])
    assert {m.to[0] for m in mailoutbox} == {ill.email, taking_over.email, "nurses@example.org"}

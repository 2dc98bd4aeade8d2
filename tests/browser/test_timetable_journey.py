"""Building the on-site week in Chromium, and a peer following it on a phone."""

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from casework.checks import day_label
from tests.browser.helpers import click_and_check, sign_in

pytestmark = pytest.mark.browser


def add_session(page, day, starts, ends, venue, title):
    page.get_by_label("Type").select_option(label="Interview")
    page.get_by_label("Title").fill(title)
    page.get_by_label(day_label(day)).check()
    page.get_by_label("Start time").fill(starts)
    page.get_by_label("End time").fill(ends)
    page.get_by_label("Venue").select_option(label=venue)
    page.get_by_label("Peer Person", exact=True).check()
    click_and_check(page, page.get_by_role("button", name="Save session"))


def test_organiser_and_manager_build_the_week_and_a_peer_follows_it(
    page, second_page, phone_page, live_server, world
):
    review = world.review
    day1, day3 = review.onsite_start, review.onsite_start + timedelta(days=2)

    # The council organiser adds two venues and the travel time between them.
    organiser = second_page
    sign_in(organiser, live_server, "council_organiser@example.org")
    organiser.visit(f"{live_server.url}/reviews/{review.pk}/venues/")
    for name in ["Civic Centre", "Northfield Family Hub"]:
        click_and_check(organiser, organiser.get_by_role("button", name="Add a venue"))
        organiser.get_by_label("Name").fill(name)
        click_and_check(organiser, organiser.get_by_role("button", name="Save venue"))
    click_and_check(organiser, organiser.get_by_role("button", name="Set travel times"))
    organiser.get_by_label("Civic Centre and Northfield Family Hub").fill("45")
    click_and_check(organiser, organiser.get_by_role("button", name="Save travel times"))
    expect(organiser.get_by_text("Civic Centre and Northfield Family Hub: 45 minutes")).to_be_visible()

    # The manager builds day 1 back to back across the two venues and sees the clash explained.
    sign_in(page, live_server, "review_manager@example.org")
    page.visit(f"{live_server.url}/reviews/{review.pk}/timetable/")
    click_and_check(page, page.get_by_role("button", name="Add a session"))
    add_session(page, day1, "10:00", "11:00", "Civic Centre", "Head of Service")
    page.visit(f"{live_server.url}/reviews/{review.pk}/timetable/sessions/new/")
    add_session(page, day1, "11:00", "12:00", "Northfield Family Hub", "Early help team")
    page.visit(f"{live_server.url}/reviews/{review.pk}/timetable/checks/")
    clash = page.get_by_text("has 0 minutes to get from Civic Centre to Northfield Family Hub")
    expect(clash).to_contain_text("the journey takes 45")

    # ... fixes it by moving the second interview, and publishes.
    click_and_check(page, page.get_by_role("link", name="Change this session"))
    page.get_by_label("Start time").fill("12:00")
    page.get_by_label("End time").fill("13:00")
    click_and_check(page, page.get_by_role("button", name="Save session"))
    page.visit(f"{live_server.url}/reviews/{review.pk}/timetable/checks/")
    expect(page.get_by_text("minutes to get from")).to_have_count(0)
    page.visit(f"{live_server.url}/reviews/{review.pk}/timetable/publish/")
    page.get_by_label("I have read the warnings and want to publish anyway").check()
    click_and_check(page, page.get_by_role("button", name="Publish the timetable"))
    expect(page.get_by_text("Timetable published.")).to_be_visible()

    # A peer on a phone sees their day, and then day 3.
    sign_in(phone_page, live_server, "peer@example.org")
    phone_page.visit(f"{live_server.url}/reviews/{review.pk}/timetable/my-day/?day={day1.isoformat()}")
    expect(phone_page.get_by_role("heading", name="10:00–11:00 Interview: Head of Service")).to_be_visible()
    phone_page.visit(f"{live_server.url}/reviews/{review.pk}/timetable/my-day/?day={day3.isoformat()}")
    expect(phone_page.get_by_text("You have no sessions this day.")).to_be_visible()

    # After publication the manager's new interview on day 3 is a draft: the peer does not see it yet.
    page.visit(f"{live_server.url}/reviews/{review.pk}/timetable/sessions/new/")
    add_session(page, day3, "14:00", "15:00", "Civic Centre", "Designated nurse")
    drafts = page.locator("#draft-changes")
    expect(drafts.get_by_role("heading", name="Draft changes not yet released")).to_be_visible()
    expect(drafts).to_contain_text("Add “Interview: Designated nurse”")
    phone_page.visit(f"{live_server.url}/reviews/{review.pk}/timetable/my-day/?day={day3.isoformat()}")
    expect(phone_page.get_by_text("You have no sessions this day.")).to_be_visible()

    # ... moves the first interview an hour earlier by hand, also a draft, and releases both.
    click_and_check(page, page.get_by_role("link", name="Interview: Head of Service").first)
    page.get_by_label("Start time").fill("09:00")
    page.get_by_label("End time").fill("10:00")
    click_and_check(page, page.get_by_role("button", name="Save session"))
    expect(drafts).to_contain_text("Change “Interview: Head of Service” to")
    expect(page.locator(".app-session", has_text="Head of Service")).to_contain_text("Draft change")
    click_and_check(page, page.get_by_role("button", name="Release changes"))
    expect(page.get_by_text("2 changes released.")).to_be_visible()
    expect(drafts).to_have_count(0)

    # The peer's day 3 shows the new interview marked as changed, and day 1 the new time.
    phone_page.visit(f"{live_server.url}/reviews/{review.pk}/timetable/my-day/?day={day3.isoformat()}")
    card = phone_page.locator(".govuk-summary-card", has_text="Designated nurse")
    expect(card).to_contain_text("Changed since you last looked")
    phone_page.visit(f"{live_server.url}/reviews/{review.pk}/timetable/my-day/?day={day1.isoformat()}")
    expect(phone_page.get_by_role("heading", name="09:00–10:00 Interview: Head of Service")).to_be_visible()

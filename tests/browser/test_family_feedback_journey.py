"""Hearing from young people in Chromium: the manager opens the form, a young person answers on a phone
(also in easy read and at 200% text size), the team reads the answers once 5 have come in."""

from datetime import date, time, timedelta

import pytest
from playwright.sync_api import expect

from casework.models import FamilyAnswer, Session
from casework.services import timetable as timetable_service
from casework.services import voices
from reviews.models import Role
from tests.browser.helpers import click_and_check, fill_date, sign_in

pytestmark = pytest.mark.browser
HELP = "Call Harrowmere Children First on 0300 123 4567, any time."


def no_sideways_scrolling(page):
    return page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")


def open_form(world):
    return voices.open_family_feedback(
        world.review, closes_on=date.today() + timedelta(days=14), help_contact=HELP,
        by=world.people[Role.REVIEW_MANAGER],
    )  # fmt: skip


def test_the_manager_opens_the_form_and_prints_its_qr_code(page, live_server, world):
    sign_in(page, live_server, "review_manager@example.org")
    page.visit(f"{live_server.url}/reviews/{world.review.pk}/library/")
    click_and_check(page, page.get_by_role("link", name="Young people and families"))
    fill_date(page, "Last day for answers", date.today() - timedelta(days=1))
    page.get_by_label("Who to talk to for help now").fill(HELP)
    click_and_check(page, page.get_by_role("button", name="Save"))
    expect(page.locator(".govuk-error-message")).to_contain_text(
        "The last day for answers must be today or in the future"
    )
    fill_date(page, "Last day for answers", date.today() + timedelta(days=14))
    click_and_check(page, page.get_by_role("button", name="Save"))
    expect(page.get_by_text("Form saved.")).to_be_visible()
    click_and_check(page, page.get_by_role("link", name="Print the QR code poster"))
    expect(page.get_by_role("img", name="QR code that opens the form")).to_be_visible()
    expect(page.get_by_text(HELP)).to_be_visible()


def test_a_young_person_answers_on_a_phone_once(phone_page, live_server, world):
    feedback = open_form(world)
    page = phone_page
    page.visit(live_server.url + feedback.get_absolute_url())
    expect(page.get_by_text(HELP)).to_be_visible()
    assert no_sideways_scrolling(page)
    click_and_check(page, page.get_by_role("button", name="Send my answers"))
    expect(page.locator(".govuk-error-summary")).to_contain_text("Choose who you are")
    page.get_by_label("A child or young person").check()
    for question in (
        "Do the people who help you listen to you?",
        "Do you feel safer because of the help you get?",
        "Do you know who to tell if you are worried?",
    ):
        page.get_by_role("group", name=question).get_by_label("Sometimes").check()
    page.get_by_label("What is good about the help you get?").fill("Someone listens.")
    click_and_check(page, page.get_by_role("button", name="Send my answers"))
    expect(page.get_by_role("heading", name="Thank you")).to_be_visible()
    page.visit(live_server.url + feedback.get_absolute_url())
    expect(page.get_by_role("heading", name="You have already answered")).to_be_visible()
    assert FamilyAnswer.objects.get().what_is_good == "Someone listens."


@pytest.mark.parametrize("path", ["", "easy-read/"])
def test_the_form_fits_a_phone_at_200_percent_text_size(phone_page, live_server, world, path):
    feedback = open_form(world)
    page = phone_page
    page.visit(live_server.url + feedback.get_absolute_url() + path)
    # Text-only zoom, as a browser's "text size" setting does: GOV.UK sizes are in rem. Set through the
    # CSSOM, which the page's content security policy allows (a <style> tag it would block).
    page.evaluate("document.documentElement.style.fontSize = '200%'")
    assert page.evaluate("getComputedStyle(document.body).fontSize") == "32px"
    page.check()
    assert no_sideways_scrolling(page)


def test_the_easy_read_version_on_a_phone(phone_page, live_server, world):
    feedback = open_form(world)
    page = phone_page
    page.visit(live_server.url + feedback.get_absolute_url())
    click_and_check(page, page.get_by_role("link", name="Easy read version"))
    expect(page.get_by_text("Nobody will know what you said.")).to_be_visible()
    page.get_by_label("A parent or carer").check()
    for question in ("Do people listen to you?", "Do you feel safer now?",
                     "If you are worried, do you know who to tell?"):  # fmt: skip
        page.get_by_role("group", name=question).get_by_label("Yes").check()
    click_and_check(page, page.get_by_role("button", name="Send my answers"))
    expect(page.get_by_role("heading", name="Thank you")).to_be_visible()
    assert FamilyAnswer.objects.get().who == "parent_carer"


def test_the_team_reads_the_answers_with_a_name_masked(page, live_server, world):
    manager = world.people[Role.REVIEW_MANAGER]
    session = timetable_service.save_session(
        world.review, Session(review=world.review),
        fields={"kind": "interview", "day": world.review.onsite_start, "starts": time(10), "ends": time(11)},
        peers=[world.people[Role.PEER]], themes=[], by=manager,
    )  # fmt: skip
    timetable_service.add_participant(session, by=manager, role="Team manager", agency="social_care",
                                      name="Robin Quayle")  # fmt: skip
    feedback = open_form(world)
    answer = {"who": "young_person", "listened_to": "yes", "feel_safer": "yes", "know_who_to_tell": "no"}
    for _ in range(4):
        voices.submit_family_answer(feedback, **answer, what_is_good="", what_would_help="")
    voices.submit_family_answer(
        feedback, **answer, what_is_good="", what_would_help="Robin Quayle to call back."
    )
    sign_in(page, live_server, "peer@example.org")
    page.visit(f"{live_server.url}/reviews/{world.review.pk}/library/")
    click_and_check(page, page.get_by_role("link", name="Young people's answers"))
    expect(page.get_by_text("[name removed] to call back.")).to_be_visible()
    expect(page.get_by_text("Robin Quayle")).to_have_count(0)
    expect(page.get_by_role("table", name="Do you know who to tell if you are worried?")).to_be_visible()

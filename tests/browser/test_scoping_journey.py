"""The scoping journey in Chromium, each step as the person who does it."""

import re
from datetime import date, timedelta

import pytest
from django.core import mail
from playwright.sync_api import expect

from reviews.models import Review, Role
from tests.browser.helpers import click_and_check, fill_date, sign_in
from tests.factories import PASSWORD

pytestmark = pytest.mark.browser


def test_manager_scopes_a_review_and_the_sponsor_agrees_it(page, second_page, live_server, world):
    start = date.today() + timedelta(weeks=14)
    start -= timedelta(days=start.weekday())  # a Monday

    # The manager adds the council.
    sign_in(page, live_server, "review_manager@example.org")
    click_and_check(page, page.get_by_role("link", name="Councils"))
    click_and_check(page, page.get_by_role("button", name="Add a council"))
    page.get_by_label("Name of the council").fill("Kestrel Vale Council")
    page.get_by_label("Unitary authority").check()
    page.get_by_label("Region").select_option(label="North West")
    page.get_by_label("Harrowmere Metropolitan Borough Council").check()
    click_and_check(page, page.get_by_role("button", name="Save council"))
    expect(page.get_by_role("heading", name="Kestrel Vale Council")).to_be_visible()

    # ... creates the review, first making a mistake with the dates.
    click_and_check(page, page.get_by_role("link", name="Reviews", exact=True))
    click_and_check(page, page.get_by_role("button", name="Create a review"))
    page.get_by_label("Council", exact=True).select_option(label="Kestrel Vale Council")
    page.get_by_label("In-depth review of one area").check()
    page.get_by_label("Purpose of the review").fill(
        "To understand how well the front door protects children."
    )
    page.get_by_label("The front door and referrals").check()
    fill_date(page, "First on-site day", start)
    fill_date(page, "Feedback workshop", start - timedelta(days=1))
    click_and_check(page, page.get_by_role("button", name="Create review"))
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("The feedback workshop must be on or after the first on-site day")
    fill_date(page, "Feedback workshop", start + timedelta(days=4))
    click_and_check(page, page.get_by_role("button", name="Create review"))

    # ... tailors the lines of enquiry and adds one of the council's own.
    expect(page.get_by_role("heading", name="Lines of enquiry")).to_be_visible()
    page.get_by_label("How well is commissioning used to improve services for children?").uncheck()
    click_and_check(page, page.get_by_role("button", name="Save lines of enquiry"))
    click_and_check(page, page.get_by_role("link", name="Choose lines of enquiry or add local ones"))
    click_and_check(page, page.get_by_role("link", name="Add a line of enquiry the council wants explored"))
    page.get_by_label("3. Working together").check()
    page.get_by_label("Line of enquiry").fill("How well do schools use early help?")
    click_and_check(page, page.get_by_role("button", name="Add line of enquiry"))
    click_and_check(page, page.get_by_role("link", name="Back to the scope"))
    expect(page.get_by_text("How well do schools use early help?")).to_be_visible()
    expect(page.get_by_text("How well is commissioning used")).to_have_count(0)

    # ... invites the council's sponsor and sends the scope.
    review = Review.objects.get(authority__name="Kestrel Vale Council")
    click_and_check(page, page.get_by_role("link", name="Overview", exact=True))
    click_and_check(page, page.get_by_role("button", name="Invite someone"))
    page.get_by_label("Email address").fill("council_sponsor@example.org")
    page.get_by_label("Council sponsor").check()
    click_and_check(page, page.get_by_role("button", name="Send invitation"))
    click_and_check(page, page.get_by_role("link", name="Scope", exact=True))
    click_and_check(page, page.get_by_role("button", name="Send the scope to the council"))
    expect(page.get_by_text("Waiting for the council")).to_be_visible()

    # The sponsor follows the invitation, signs in, joins and agrees the scope.
    link = re.search(r"/invitations/\S+/", mail.outbox[-1].body).group(0)
    sponsor = second_page
    sponsor.visit(live_server.url + link)
    click_and_check(sponsor, sponsor.get_by_role("button", name="Sign in"))
    sponsor.get_by_label("Email address").fill("council_sponsor@example.org")
    sponsor.get_by_label("Password").fill(PASSWORD)
    click_and_check(sponsor, sponsor.get_by_role("button", name="Sign in"))
    click_and_check(sponsor, sponsor.get_by_role("button", name="Join review"))
    expect(
        sponsor.get_by_text("The review manager has sent the proposed scope for your agreement.")
    ).to_be_visible()
    click_and_check(sponsor, sponsor.get_by_role("link", name="Read the scope and reply"))
    sponsor.get_by_label("Yes, we agree the scope").check()
    click_and_check(sponsor, sponsor.get_by_role("button", name="Send reply"))
    expect(sponsor.get_by_text("Agreed by the council").first).to_be_visible()

    # The manager sees the plan of 12 weeks and moves the review to "Team".
    page.visit(f"{live_server.url}/reviews/{review.pk}/plan/")
    rows = page.locator("tbody tr")
    expect(rows).to_have_count(9)
    expect(rows.first).to_contain_text("Scope agreed")
    expect(rows.first).to_contain_text("Done")
    expect(rows.first).to_contain_text((start - timedelta(weeks=12)).strftime("%-d %B %Y"))
    expect(rows.last).to_contain_text("Final letter issued")
    click_and_check(page, page.get_by_role("link", name="Overview", exact=True))
    click_and_check(page, page.get_by_role("link", name="Change stage"))
    page.get_by_label("Forward to “Team”").check()
    click_and_check(page, page.get_by_role("button", name="Move review"))
    expect(page.get_by_text("Stage changed.")).to_be_visible()
    review.refresh_from_db()
    assert review.stage == Review.Stage.TEAM
    assert review.memberships.get(user__email="council_sponsor@example.org").role == Role.COUNCIL_SPONSOR

"""The progress review in Chromium: from follow-up the manager starts it (a 3-day visit refused, then 2 days),
judges the original recommendations, drafts its letter, and the programme view counts the verdicts."""

from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from casework.models import Letter, ProgressReview
from casework.services import followup as followup_service
from reviews.models import Review, Role
from tests.browser.helpers import click_and_check, fill_date, sign_in
from tests.casework.helpers import agree

pytestmark = pytest.mark.browser


def test_the_manager_starts_a_progress_review_and_judges_the_recommendations(page, live_server, world):
    review, leader = world.review, world.people[Role.TEAM_LEADER]
    agree(
        review,
        leader,
        "recommendation",
        "Involve schools in strategy discussions.",
        review.themes.get(number=3),
    )
    agree(
        review,
        leader,
        "recommendation",
        "Record the child's voice in every plan.",
        review.themes.get(number=1),
    )
    Review.objects.filter(pk=review.pk).update(stage=Review.Stage.FOLLOW_UP)
    Letter.objects.create(review=review, status="issued", issued_at="2026-01-15T10:00:00Z")
    followup_service.start_followup(review, date(2026, 1, 15))

    sign_in(page, live_server, "review_manager@example.org")
    page.visit(f"{live_server.url}/reviews/{review.pk}/follow-up/")
    click_and_check(page, page.get_by_role("button", name="Start a progress review"))
    expect(page.get_by_text("Involve schools in strategy discussions.")).to_be_visible()
    fill_date(page, "First on-site day", date.today() + timedelta(weeks=10))
    page.get_by_label("Number of on-site days").fill("3")
    click_and_check(page, page.get_by_role("button", name="Start the progress review"))
    expect(page.locator(".govuk-error-message")).to_contain_text("on-site visit is one or two days")
    assert not ProgressReview.objects.exists()
    page.get_by_label("Number of on-site days").fill("2")
    click_and_check(page, page.get_by_role("button", name="Start the progress review"))
    expect(page.get_by_text("Progress review started.")).to_be_visible()
    expect(page.get_by_role("heading", name="Progress on the original recommendations")).to_be_visible()

    for number, verdict in [(1, "Met"), (2, "Not met")]:
        click_and_check(page, page.get_by_role("link", name=f"Judge recommendation {number}"))
        page.get_by_label(verdict, exact=True).check()
        page.get_by_label("What we found").fill("Seen in the case records we read.")
        click_and_check(page, page.get_by_role("button", name="Save judgement"))
    expect(page.locator(".govuk-tag", has_text="Not met")).to_be_visible()

    click_and_check(page, page.get_by_role("link", name="letter", exact=True))
    click_and_check(page, page.get_by_role("button", name="Draft the letter"))
    expect(
        page.get_by_text("Of the 2 recommendations, we judged 1 met, 0 partly met, 1 not met.")
    ).to_be_visible()

    page.visit(f"{live_server.url}/programme/")
    table = page.get_by_role("table", name="Progress reviews")
    expect(table.get_by_role("row", name=review.authority.name)).to_contain_text("1 0 1 0")

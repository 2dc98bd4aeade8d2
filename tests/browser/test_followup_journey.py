"""Follow-up in Chromium: the council records actions and its 3-month check-in; a peer and the manager see it."""

from datetime import date

import pytest
from playwright.sync_api import expect

from casework.models import Finding, Letter
from casework.services import followup as followup_service
from casework.services import notes as notes_service
from reviews.models import Review, Role
from tests.browser.helpers import click_and_check, fill_date, sign_in

pytestmark = pytest.mark.browser


def test_council_records_progress_and_checks_in_and_peers_and_manager_see_it(
    page, second_page, live_server, world
):
    review = world.review
    leader = world.people[Role.TEAM_LEADER]
    for text in ["Involve schools in strategy discussions.", "Record the child's voice in every plan."]:
        finding = notes_service.save_finding(
            review, Finding(review=review), fields={"kind": "recommendation", "text": text, "priority": "high"},
            notes=[], by=leader,
        )  # fmt: skip
        notes_service.set_agreed(finding, agreed=True, by=leader)
    Review.objects.filter(pk=review.pk).update(stage=Review.Stage.FOLLOW_UP)
    Letter.objects.create(review=review, status="issued", issued_at="2026-11-01T10:00:00Z")
    followup_service.start_followup(review, date(2026, 11, 1))

    sign_in(page, live_server, "council_organiser@example.org")
    page.visit(f"{live_server.url}/reviews/{review.pk}/follow-up/")
    for number, owner in [(1, "Head of Education Safeguarding"), (2, "Principal Social Worker")]:
        click_and_check(page, page.get_by_role("link", name=f"Change action {number}"))
        page.get_by_label("Owner's name").fill(owner)
        fill_date(page, "Target date", date(2027, 6, 30))
        click_and_check(page, page.get_by_role("button", name="Save action"))
    click_and_check(page, page.get_by_role("link", name="Record progress on action 1"))
    page.get_by_label("Amber: at risk").check()
    page.get_by_label("What has happened").fill("Schools invited; attendance still patchy.")
    click_and_check(page, page.get_by_role("button", name="Save update"))
    expect(page.get_by_text("Schools invited; attendance still patchy.")).to_be_visible()
    click_and_check(page, page.get_by_role("link", name="3-month check-in"))
    page.get_by_label("On track").check()
    page.get_by_label("What has changed since the letter").fill("Both actions have owners and dates.")
    click_and_check(page, page.get_by_role("button", name="Submit the check-in"))
    expect(page.get_by_text("Check-in submitted.")).to_be_visible()

    peer = second_page
    sign_in(peer, live_server, "peer@example.org")
    peer.visit(f"{live_server.url}/reviews/{review.pk}/follow-up/")
    expect(peer.get_by_text("Amber: at risk", exact=True)).to_be_visible()
    click_and_check(peer, peer.get_by_role("link", name="3-month check-in"))
    expect(peer.get_by_text("Both actions have owners and dates.")).to_be_visible()

    click_and_check(page, page.get_by_role("button", name="Sign out"))
    sign_in(page, live_server, "review_manager@example.org")
    click_and_check(page, page.get_by_role("link", name="Programme"))
    # Action 1 is amber; action 2 has had no update, so it is not counted as on track.
    expect(page.get_by_text("0% of 2 actions are on track or done. 1 not yet updated.")).to_be_visible()

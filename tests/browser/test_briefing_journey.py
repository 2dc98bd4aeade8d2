"""The briefing pack in Chromium: the council drafts it, a real worker makes the PDF, the council shares it."""

import pytest
from playwright.sync_api import expect

from reviews.models import Role
from tests.browser.helpers import click_and_check, sign_in

pytestmark = pytest.mark.browser


def test_organiser_drafts_edits_makes_and_shares_the_pack(
    page, second_page, live_server, world, real_celery_worker
):
    review = world.review
    sign_in(page, live_server, "council_organiser@example.org")
    page.visit(f"{live_server.url}/reviews/{review.pk}/timetable/")
    click_and_check(page, page.get_by_role("link", name="Briefing pack"))
    click_and_check(page, page.get_by_role("button", name="Draft the briefing pack"))
    click_and_check(page, page.get_by_role("link", name="Change How to contact us"))
    page.get_by_label("Text").fill("")
    click_and_check(page, page.get_by_role("button", name="Save section"))
    expect(page.locator(".govuk-error-message")).to_contain_text("A section cannot be empty")
    page.get_by_label("Text").fill("Council contact: Bridget Keane, bridget@example.org")
    click_and_check(page, page.get_by_role("button", name="Save section"))
    click_and_check(page, page.get_by_role("button", name="Make PDF"))
    # A real worker makes the PDF; the page polls until it is done, without a reload.
    expect(page.locator("#briefing-renders")).to_contain_text("Draft", timeout=20_000)
    page.check()
    click_and_check(page, page.get_by_role("button", name="Share with staff, partners and the team"))
    expect(page.locator("#briefing-renders")).to_contain_text("Shared")

    peer = second_page
    sign_in(peer, live_server, f"{Role.PEER.value}@example.org")
    peer.visit(f"{live_server.url}/reviews/{review.pk}/briefing/")
    expect(peer.get_by_role("link", name="Download the PDF of version 1")).to_be_visible()
    expect(peer.get_by_role("button", name="Make PDF")).to_have_count(0)

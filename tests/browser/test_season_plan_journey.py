"""Planning a season in Chromium: three reviews planned at once, one place explained, two reviews accepted."""

import pytest
from django.core import mail
from playwright.sync_api import expect

from teams.models import SlotInvitation
from tests.browser.helpers import click_and_check, sign_in
from tests.teams.season import build_season

pytestmark = pytest.mark.browser


def test_manager_plans_a_season_and_accepts_two_reviews(page, live_server, world):
    reviews, _ = build_season(world)
    first, second, third = reviews

    sign_in(page, live_server, "review_manager@example.org")
    click_and_check(page, page.get_by_role("link", name="Peer pool"))
    click_and_check(page, page.get_by_role("button", name="Plan teams for a season"))
    # The three reviews are on site within six months, so all are ticked.
    for review in reviews:
        expect(page.get_by_label(review.authority.name, exact=False)).to_be_checked()
    click_and_check(page, page.get_by_role("button", name="Plan these reviews"))

    # The plan is made in the background; the page updates itself when it is ready.
    expect(page.get_by_text("17 places proposed, 1 that cannot be filled")).to_be_visible(timeout=30_000)
    page.check()
    first_card = _card(page, first)
    expect(first_card).to_contain_text("Cannot be filled")
    expect(first_card).to_contain_text("No health peer free in week")
    expect(first_card).to_contain_text("1 have a conflict of interest")
    expect(page.get_by_role("heading", name="Load per peer across these reviews")).to_be_visible()

    click_and_check(
        page, page.get_by_role("button", name=f"Accept every proposal for {second.authority.name}")
    )
    expect(page.get_by_text("6 invitations sent.")).to_be_visible()
    click_and_check(
        page, page.get_by_role("button", name=f"Accept every proposal for {third.authority.name}")
    )
    expect(page.get_by_text("6 invitations sent.")).to_be_visible()
    expect(_card(page, third)).to_contain_text("Invited")

    pending = SlotInvitation.objects.filter(status=SlotInvitation.Status.PENDING)
    assert set(pending.values_list("slot__review", flat=True)) == {second.pk, third.pk}
    assert pending.count() == 12
    assert len(mail.outbox) == 12


def _card(page, review):
    heading = page.get_by_role("heading", name=f"{review.authority.name}, on site from")
    return page.locator(".govuk-summary-card", has=heading)

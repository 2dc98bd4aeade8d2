"""A review manager takes a person off the review in Chromium, and a review's own manager searches the pool."""

import pytest
from playwright.sync_api import expect

from reviews.models import Review, Role
from teams import services
from teams.models import PeerRole
from tests.browser.helpers import click_and_check, sign_in
from tests.factories import MembershipFactory, PeerProfileFactory

pytestmark = pytest.mark.browser


def test_manager_removes_a_peer_giving_a_reason(page, live_server, world):
    sign_in(page, live_server, "review_manager@example.org")
    page.visit(f"{live_server.url}{world.review.get_absolute_url()}")

    click_and_check(page, page.get_by_role("link", name="Remove Peer Person from the review"))
    click_and_check(page, page.get_by_role("button", name="Remove from the review"))
    expect(page.get_by_role("link", name="Say why they are leaving the review")).to_be_visible()
    page.get_by_label("Why are they leaving the review?").fill("Changed jobs and left the programme.")
    click_and_check(page, page.get_by_role("button", name="Remove from the review"))

    expect(
        page.get_by_text("Peer Person has been removed from the review and told by email.")
    ).to_be_visible()
    expect(page.get_by_role("cell", name="Peer Person", exact=True)).to_have_count(0)


def test_a_reviews_own_manager_finds_a_peer_for_a_place_by_name(page, live_server, world):
    review = world.review
    Review.objects.filter(pk=review.pk).update(stage=Review.Stage.TEAM)
    services.ensure_standard_slots(review)
    for name in ["Ada Mensah", "Ben Novak"]:
        PeerProfileFactory(full_name=name, roles=[PeerRole.OFFICER_PEER])
    MembershipFactory(
        review=review,
        role=Role.REVIEW_MANAGER,
        user__email="own_manager@example.org",
        user__is_review_manager=False,
    )

    sign_in(page, live_server, "own_manager@example.org")
    page.visit(f"{live_server.url}/reviews/{review.pk}/team/")
    click_and_check(page, page.get_by_role("link", name="Find a peer for the Officer peer place").first)
    page.get_by_label("Name, organisation or email").fill("Novak")
    click_and_check(page, page.get_by_role("button", name="Search"))

    expect(page.get_by_role("heading", name="Ben Novak")).to_be_visible()
    expect(page.get_by_role("heading", name="Ada Mensah")).to_have_count(0)

"""A council sponsor finds what waits for them on their Messages page, in Chromium."""

import pytest
from django.db import transaction
from playwright.sync_api import expect

from reviews import services
from reviews.models import Role
from tests.browser.helpers import click_and_check, sign_in

pytestmark = pytest.mark.browser


def test_the_sponsor_finds_the_scope_waiting_on_their_messages_page_and_opens_it(page, live_server, world):
    with transaction.atomic():
        services.send_scope(world.review, by=world.people[Role.REVIEW_MANAGER])
    sign_in(page, live_server, world.people[Role.COUNCIL_SPONSOR].email)
    click_and_check(page, page.get_by_role("navigation", name="Menu").get_by_role("link", name="Messages"))
    expect(page.get_by_role("heading", name="Messages", level=1)).to_be_visible()
    subject = "Harrowmere Metropolitan Borough Council: the scope of the peer review waits for your agreement"
    click_and_check(page, page.get_by_role("heading", name=subject).get_by_role("link"))
    expect(page.get_by_role("heading", name="Your reply")).to_be_visible()

"""Two-step sign-in and the idle timeout, in Chromium."""

import time
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from tests.browser.helpers import click_and_check, sign_in
from tests.helpers import current_code

pytestmark = pytest.mark.browser


def test_a_peer_sets_up_two_step_sign_in_and_signs_in_with_a_code(page, live_server, world):
    sign_in(page, live_server, "peer@example.org")
    click_and_check(page, page.get_by_role("link", name="Two-step sign-in"))
    expect(page.get_by_role("img", name="QR code for your authenticator app")).to_be_visible()
    device = TOTPDevice.objects.get(user__email="peer@example.org")
    page.get_by_label("Code", exact=True).fill(current_code(device))
    click_and_check(page, page.get_by_role("button", name="Continue"))
    expect(page.get_by_role("heading", name="Two-step sign-in is on")).to_be_visible()
    click_and_check(page, page.get_by_role("button", name="Sign out"))

    with time_machine.travel(timezone.now() + timedelta(seconds=40)):  # a fresh code
        sign_in(page, live_server, "peer@example.org")
        expect(page.get_by_role("heading", name="Enter your code")).to_be_visible()
        device.refresh_from_db()
        page.get_by_label("Code", exact=True).fill(current_code(device))
        click_and_check(page, page.get_by_role("button", name="Continue"))
        expect(page.get_by_role("heading", name="Your reviews")).to_be_visible()


def test_a_council_contact_who_idles_past_the_timeout_signs_in_again(page, live_server, world, settings):
    settings.SESSION_COOKIE_AGE = 2
    sign_in(page, live_server, "council_organiser@example.org")
    expect(page.get_by_role("heading", name="Your reviews")).to_be_visible()
    time.sleep(3)
    page.visit(f"{live_server.url}/reviews/{world.review.pk}/")
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()

"""A new user's first steps, in Chromium: sign in, see the dashboard, accept an invitation."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from reviews.models import Membership, Role
from tests.browser.helpers import sign_in
from tests.factories import PASSWORD, InvitationFactory

pytestmark = pytest.mark.browser


def test_wrong_password_shows_the_error_summary_then_sign_in_reaches_the_dashboard(page, live_server, world):
    page.visit(f"{live_server.url}/")
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()

    sign_in(page, live_server, "peer@example.org", "wrong-password")
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter the email address and password of your account")
    expect(page.page).to_have_title(re.compile("there is a problem"))

    sign_in(page, live_server, "peer@example.org")
    expect(page.get_by_role("heading", name="Your reviews")).to_be_visible()
    row = page.get_by_role("row", name=re.compile("Harrowmere"))
    expect(row).to_contain_text("Peer")

    row.get_by_role("link", name="Harrowmere Metropolitan Borough Council").click()
    page.check()
    expect(page.get_by_role("heading", name="People on this review")).to_be_visible()
    expect(page.get_by_role("link", name="Invite someone")).to_have_count(0)

    page.get_by_role("button", name="Sign out").click()
    page.check()
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()


def test_manager_invites_a_peer_who_accepts_on_a_phone(page, phone_page, live_server, world):
    sign_in(page, live_server, "review_manager@example.org")
    page.get_by_role("link", name="Harrowmere Metropolitan Borough Council").click()
    page.check()
    page.get_by_role("button", name="Invite someone").click()
    page.check()

    page.get_by_role("button", name="Send invitation").click()  # nothing filled in
    page.check()
    expect(page.locator(".govuk-error-summary")).to_contain_text("This field is required.")

    page.get_by_label("Email address").fill("new.peer@example.org")
    page.get_by_label("Analyst peer").check()
    page.get_by_role("button", name="Send invitation").click()
    page.check()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Invitation sent to new.peer@example.org"
    )

    link = re.search(r"http://\S+/invitations/\S+/", mail.outbox[-1].body).group(0)
    link = link.replace("http://127.0.0.1:8000", live_server.url)
    phone_page.visit(link)
    expect(phone_page.get_by_role("heading", name=re.compile("Join the review"))).to_be_visible()
    phone_page.get_by_label("Your full name").fill("Nia Analyst")
    phone_page.get_by_label("Create a password").fill(PASSWORD)
    phone_page.get_by_label("Confirm password").fill(PASSWORD)
    phone_page.get_by_role("button", name="Create account and join review").click()
    phone_page.check()

    expect(phone_page.get_by_role("heading", name="Harrowmere Metropolitan Borough Council")).to_be_visible()
    expect(phone_page.get_by_role("cell", name="Nia Analyst")).to_be_visible()
    assert Membership.objects.get(user__email="new.peer@example.org").role == Role.ANALYST_PEER

    phone_page.visit(link)  # a second use of the link
    expect(phone_page.get_by_role("heading", name="This invitation link no longer works")).to_be_visible()


def test_expired_invitation_page_tells_whom_to_contact(page, live_server, world):
    from datetime import timedelta

    from django.utils import timezone

    invitation = InvitationFactory(
        review=world.review,
        invited_by=world.people[Role.REVIEW_MANAGER],
        expires_at=timezone.now() - timedelta(days=1),
    )
    page.visit(live_server.url + invitation.get_absolute_url())
    expect(page.get_by_role("heading")).to_have_text("This invitation link no longer works")
    expect(page.get_by_role("link", name="review_manager@example.org")).to_be_visible()


def test_forgotten_password_pages(page, live_server, world):
    page.visit(f"{live_server.url}/")
    page.get_by_role("link", name="I have forgotten my password").click()
    page.check()
    page.get_by_label("Email").fill("peer@example.org")
    page.get_by_role("button", name="Send reset link").click()
    page.check()
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()
    assert mail.outbox[-1].to == ["peer@example.org"]


def test_the_accessibility_check_catches_a_violation(page):
    page.set_content('<html lang="en"><title>t</title><main><img src="x.png"><a href="/"></a></main></html>')
    with pytest.raises(AssertionError, match="image-alt"):
        page.check()
    page.checked.add(page.url)

"""Signing in and out, changing and resetting a password."""

import re

import pytest
from axes.models import AccessAttempt
from django.core import mail
from django.test import Client
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory

NEW_PASSWORD = "a-much-longer-new-passphrase"


def sign_in(client, email, password):
    return client.post(reverse("sign-in"), {"username": email, "password": password})


def test_sign_in_with_email_and_password_lands_on_the_dashboard(client, db):
    UserFactory(email="someone@example.org")
    response = sign_in(client, "Someone@Example.org", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse("dashboard")


def test_wrong_password_and_unknown_email_get_the_same_plain_message(client, db):
    UserFactory(email="someone@example.org")
    wrong_password = sign_in(client, "someone@example.org", "not-the-password")
    unknown_email = sign_in(client, "nobody@example.org", PASSWORD)
    for response in (wrong_password, unknown_email):
        assert response.status_code == 200
        assert response.context["form"].non_field_errors() == [
            "Enter the email address and password of your account. Check both and try again."
        ]
        assert "There is a problem" in response.content.decode()


def test_repeated_failures_are_throttled_even_with_the_right_password(client, db, settings):
    UserFactory(email="someone@example.org")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "someone@example.org", "guess")
    response = sign_in(client, "someone@example.org", PASSWORD)
    assert response.status_code == 429
    assert "Too many attempts to sign in" in response.content.decode()


@pytest.fixture
def behind_one_proxy(settings):
    settings.BEHIND_PROXY = True
    settings.PROXY_HOPS = 1


def sign_in_through_proxy(client, email, password, forwarded_for):
    """A sign-in as relayed by our proxy at 10.0.0.1, which appends the address it saw."""
    return client.post(
        reverse("sign-in"),
        {"username": email, "password": password},
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_FORWARDED_FOR=forwarded_for,
    )


def test_behind_a_proxy_failures_from_elsewhere_do_not_lock_the_owner_out(db, settings, behind_one_proxy):
    UserFactory(email="owner@example.org")
    attacker = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in_through_proxy(attacker, "owner@example.org", "guess", "203.0.113.9")
    assert sign_in_through_proxy(attacker, "owner@example.org", PASSWORD, "203.0.113.9").status_code == 429
    owner = sign_in_through_proxy(Client(), "owner@example.org", PASSWORD, "198.51.100.7")
    assert owner.status_code == 302
    assert owner["Location"] == reverse("dashboard")


def test_behind_a_proxy_failures_count_against_the_address_the_proxy_saw(client, db, behind_one_proxy):
    UserFactory(email="owner@example.org")
    # The client writes whatever it likes at the left of the header; the proxy appends the truth.
    for forged in ["192.0.2.1", "192.0.2.2", "198.51.100.7"]:
        sign_in_through_proxy(client, "owner@example.org", "guess", f"{forged}, 203.0.113.9")
    assert [attempt.ip_address for attempt in AccessAttempt.objects.all()] == ["203.0.113.9"]
    assert AccessAttempt.objects.get().failures_since_start == 3


def test_sign_out_needs_a_post_and_ends_the_session(client, db):
    client.force_login(UserFactory())
    assert client.get(reverse("sign-out")).status_code == 405
    assert client.post(reverse("sign-out"))["Location"] == reverse("sign-in")
    assert client.get(reverse("dashboard")).status_code == 302


def test_change_password(client, db):
    user = UserFactory()
    client.force_login(user)
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response["Location"] == reverse("password_change_done")
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)


def test_change_password_refuses_a_weak_one_next_to_the_field(client, db):
    user = UserFactory()
    client.force_login(user)
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": "12345", "new_password2": "12345"},
    )
    assert "This password is too short." in response.context["form"].errors["new_password2"][0]
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_reset_a_forgotten_password_by_emailed_link(client, db):
    user = UserFactory(email="forgetful@example.org")
    response = client.post(reverse("password_reset"), {"email": "forgetful@example.org"})
    assert response["Location"] == reverse("password_reset_done")
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/]+(/accounts/password/reset/\S+)", mail.outbox[0].body).group(1)

    form_page = client.get(link, follow=True)
    assert "Choose a new password" in form_page.content.decode()
    done = client.post(
        form_page.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert done["Location"] == reverse("password_reset_complete")
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    # The link works once.
    assert "This link no longer works" in client.get(link, follow=True).content.decode()


def test_reset_for_an_unknown_address_says_the_same_and_sends_nothing(client, db):
    response = client.post(reverse("password_reset"), {"email": "nobody@example.org"})
    assert response["Location"] == reverse("password_reset_done")
    assert mail.outbox == []

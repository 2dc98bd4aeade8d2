"""Signing in and out, changing and resetting a password."""

import re

from django.core import mail
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

"""Two-step sign-in as production runs it: gunicorn workers, DEBUG off, PostgreSQL.

The receiver that marks a second step due was once collected in gunicorn workers, so a
password alone opened everything; only a test against gunicorn shows that fault.
"""

import pytest
from django.contrib.auth.hashers import make_password
from django.db import connection
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from casework.bench.load import Browser, Server
from reviews.models import Role
from tests.conftest import require_service
from tests.factories import PASSWORD, MembershipFactory, UserFactory

VERIFY = reverse("two-factor-verify")


@pytest.fixture
def gunicorn(transactional_db, settings, tmp_path):
    require_service("PostgreSQL", connection.vendor == "postgresql", "set DATABASE_URL to PostgreSQL")
    # gunicorn checks passwords with the production hashers, so store one it knows.
    settings.PASSWORD_HASHERS = [
        *settings.PASSWORD_HASHERS,
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    ]
    db = connection.settings_dict
    database_url = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"

    def serve(**env):
        return Server(database_url, tmp_path / "media", workers=2, **env)

    return serve


def member(email):
    user = UserFactory(email=email)
    user.password = make_password(PASSWORD, hasher="pbkdf2_sha256")
    user.save(update_fields=["password"])
    MembershipFactory(user=user, role=Role.PEER)
    return user


def test_a_password_alone_does_not_open_the_service_for_someone_with_an_authenticator(gunicorn):
    user = member("has-app@example.org")
    TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)
    with gunicorn() as server:
        browser = Browser(server.port)
        browser.sign_in(user.email, PASSWORD)
        status, location, _ = browser.request("GET", reverse("dashboard"))
    assert status == 302
    assert location.startswith(VERIFY)


def test_the_set_up_page_does_not_open_before_the_code_is_given(gunicorn):
    user = member("has-app-too@example.org")
    device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)
    with gunicorn() as server:
        browser = Browser(server.port)
        browser.sign_in(user.email, PASSWORD)
        status, location, _ = browser.request("GET", reverse("two-factor-setup"))
    assert status == 302
    assert location.startswith(VERIFY)
    assert list(TOTPDevice.objects.filter(user=user)) == [device]


def test_when_mandatory_a_member_without_an_authenticator_is_sent_to_set_one_up(gunicorn):
    user = member("no-app@example.org")
    with gunicorn(TWO_FACTOR_MANDATORY="1") as server:
        browser = Browser(server.port)
        browser.sign_in(user.email, PASSWORD)
        status, location, _ = browser.request("GET", reverse("dashboard"))
    assert status == 302
    assert location == reverse("two-factor-setup")

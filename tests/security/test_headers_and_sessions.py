"""Response headers, session lifetime and rate limits: what a council's security team would check."""

import re
from unittest import TestCase

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse

from peerreview.ratelimit import client_address
from reviews.models import Role
from tests.factories import PASSWORD, InvitationFactory, UserFactory


@pytest.mark.parametrize("url", ["/accounts/sign-in/", "/", "/healthz"])
def test_every_page_sends_a_strict_policy_and_the_other_headers(client, db, url):
    client.force_login(UserFactory())
    response = client.get(url)
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "script-src 'self'" in csp
    assert "'unsafe-inline'" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"


def test_pages_carry_no_inline_script(client, world):
    client.force_login(world.people[Role.REVIEW_MANAGER])
    for url in ["/", world.review.get_absolute_url(), f"/reviews/{world.review.pk}/scope/"]:
        html = client.get(url).content.decode()
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), url
        assert " onclick=" not in html


def test_sign_in_changes_the_session_key_so_a_planted_one_is_useless(db):
    UserFactory(email="someone@example.org")
    client = Client()
    client.get(reverse("sign-in"))
    client.cookies["sessionid"] = "attacker-chosen-session-key"
    client.post(reverse("sign-in"), {"username": "someone@example.org", "password": PASSWORD})
    assert client.cookies["sessionid"].value != "attacker-chosen-session-key"
    assert client.get(reverse("dashboard")).status_code == 200


def test_an_idle_session_ends(client, db, settings):
    import time_machine
    from django.utils import timezone

    client.force_login(UserFactory())
    assert client.get(reverse("dashboard")).status_code == 200
    with time_machine.travel(timezone.now() + timezone.timedelta(minutes=settings.SESSION_IDLE_MINUTES + 1)):
        response = client.get(reverse("dashboard"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("sign-in"))


def test_changing_the_password_ends_other_sessions(db):
    user = UserFactory()
    elsewhere, here = Client(), Client()
    elsewhere.force_login(user)
    here.force_login(user)
    here.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "a-brand-new-passphrase",
            "new_password2": "a-brand-new-passphrase",
        },
    )
    assert here.get(reverse("dashboard")).status_code == 200
    assert elsewhere.get(reverse("dashboard")).status_code == 302


@pytest.mark.parametrize(
    ("name", "url", "data"),
    [
        ("password reset", lambda w: reverse("password_reset"), {"email": "x@example.org"}),
        (
            "invitation",
            lambda w: w.invitation.get_absolute_url(),
            {"full_name": "X", "password1": "a", "password2": "b"},
        ),
    ],
)
def test_public_forms_are_rate_limited_per_client(client, world, settings, name, url, data):
    settings.RATE_LIMIT_PER_MINUTE = 3
    world.invitation = InvitationFactory(review=world.review)
    responses = [client.post(url(world), data).status_code for _ in range(5)]
    assert responses[:3] != [429] * 3
    assert responses[3:] == [429, 429]
    assert "Try again in a minute." in client.post(url(world), data).content.decode()


@pytest.mark.parametrize(
    ("behind_proxy", "hops", "forwarded_for", "counted"),
    [
        (False, 1, "203.0.113.9", "10.0.0.1"),  # no proxy of ours: the header is anyone's to write
        (True, 1, "192.0.2.66, 203.0.113.9", "203.0.113.9"),  # a forged left-most entry is ignored
        (True, 2, "192.0.2.66, 203.0.113.9, 10.0.0.2", "203.0.113.9"),
        (True, 2, "203.0.113.9", "10.0.0.1"),  # fewer entries than proxies: not trusted
        (True, 1, "", "10.0.0.1"),
        (True, 1, "not-an-address", "10.0.0.1"),
    ],
)
def test_the_client_address_is_the_one_our_proxies_saw(settings, behind_proxy, hops, forwarded_for, counted):
    settings.BEHIND_PROXY = behind_proxy
    settings.PROXY_HOPS = hops
    request = RequestFactory().post("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=forwarded_for)
    assert client_address(request) == counted


def test_behind_a_proxy_the_reset_limit_counts_each_client_apart(client, db, settings):
    settings.BEHIND_PROXY = True
    settings.PROXY_HOPS = 1
    settings.RATE_LIMIT_PER_MINUTE = 3

    def reset_from(address):
        return client.post(
            reverse("password_reset"),
            {"email": "x@example.org"},
            REMOTE_ADDR="10.0.0.1",
            HTTP_X_FORWARDED_FOR=address,
        )

    assert [reset_from("203.0.113.9").status_code for _ in range(4)] == [302, 302, 302, 429]
    assert reset_from("198.51.100.7").status_code == 302


@pytest.fixture
def redis_down(settings):
    """The real Redis cache, pointed at a port where nothing answers."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }


def test_sign_in_works_while_redis_is_down(client, db, redis_down):
    UserFactory(email="someone@example.org")
    response = client.post(reverse("sign-in"), {"username": "someone@example.org", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("dashboard")


def test_public_forms_stay_rate_limited_while_redis_is_down(client, db, settings, redis_down):
    settings.RATE_LIMIT_PER_MINUTE = 3
    responses = [client.post(reverse("password_reset"), {"email": "x@example.org"}) for _ in range(4)]
    assert [response.status_code for response in responses] == [302, 302, 302, 429]
    assert "Try again in a minute." in responses[-1].content.decode()


def test_a_redis_outage_is_logged(client, db, redis_down):
    with TestCase().assertLogs("peerreview.ratelimit", level="WARNING") as logs:
        client.post(reverse("password_reset"), {"email": "x@example.org"})
    assert "rate limits are kept in this process's memory" in logs.output[0]


def test_secret_links_are_long_random_and_revocable(world):
    from casework.services import timetable

    invitation = InvitationFactory(review=world.review)
    feed = timetable.new_calendar_feed(world.review, world.people[Role.PEER])
    from reviews import services as review_services

    questionnaire = review_services.open_questionnaire(world.review, closes_on=world.review.onsite_start)
    for token in [invitation.token, feed.token, questionnaire.token]:
        assert len(token) >= 32  # at least 24 random bytes, URL-safe
    assert len({invitation.token, feed.token, questionnaire.token}) == 3
    again = timetable.new_calendar_feed(world.review, world.people[Role.PEER])
    feed.refresh_from_db()
    assert feed.revoked_at is not None
    assert again.token != feed.token

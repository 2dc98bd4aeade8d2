"""Shared fixtures: a review with one person per role, real-service switches, Chromium."""

import os
import shutil
from dataclasses import dataclass, field

import pytest
from django.conf import settings as django_settings

from reviews.models import Role

from .factories import MembershipFactory, ReviewFactory, UserFactory

# Playwright's sync API runs an event loop; Django must allow ORM calls beside it.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

REQUIRE_SERVICES = os.environ.get("REQUIRE_SERVICES", "") == "1"


def require_service(name, available, how=""):
    """Skip without the service, unless REQUIRE_SERVICES=1 (CI), where it fails."""
    if available:
        return
    message = f"{name} is not available{': ' + how if how else ''}"
    if REQUIRE_SERVICES:
        pytest.fail(f"REQUIRE_SERVICES=1 but {message}")
    pytest.skip(message)


def redis_available():
    if not django_settings.REDIS_URL:
        return False
    import redis

    try:
        return redis.Redis.from_url(django_settings.REDIS_URL, socket_timeout=2).ping()
    except redis.RedisError:
        return False


@pytest.fixture(autouse=True)
def _fast_passwords_and_eager_tasks(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Tasks run in-process unless a test asks for the real worker.
    from peerreview.celery import app

    app.conf.task_always_eager = True


@dataclass
class World:
    """One review with a person in every role, and a stranger on another review."""

    review: object
    people: dict = field(default_factory=dict)
    outsider: object = None

    def user(self, role):
        return self.outsider if role == "outsider" else self.people[role]


@pytest.fixture
def world(db):
    review = ReviewFactory(authority__name="Harrowmere Metropolitan Borough Council")
    people = {}
    for role in Role:
        people[role.value] = UserFactory(email=f"{role.value}@example.org", full_name=role.label + " Person")
        MembershipFactory(review=review, user=people[role.value], role=role)
    other = MembershipFactory(user__email="outsider@example.org", role=Role.REVIEW_MANAGER)
    return World(review=review, people=people, outsider=other.user)


@pytest.fixture
def real_celery_worker(transactional_db):
    """A real Celery worker, in a thread, consuming from the Redis broker."""
    require_service("Redis", redis_available(), "set REDIS_URL to a running Redis")
    from celery.contrib.testing.worker import start_worker

    from peerreview.celery import app

    app.conf.task_always_eager = False
    with start_worker(app, pool="solo", perform_ping_check=False, loglevel="WARNING", shutdown_timeout=30):
        yield app
    app.conf.task_always_eager = True


CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")


@pytest.fixture(scope="session")
def browser():
    require_service("Chromium", shutil.which(CHROMIUM), "install it with `apt-get install -y chromium`")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield chromium
        chromium.close()

"""Shared fixtures: a review with one person per role, real-service switches, Chromium."""

import os
import shutil
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta

import pytest
from django.conf import settings as django_settings

from reviews.models import Role

from .factories import AuthorityFactory, MembershipFactory, UserFactory
from .s3 import s3_server, s3_storage, storage  # noqa: F401  (fixtures: the S3-compatible store, local and s3)

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
def _fast_passwords_and_eager_tasks(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"
    # Rate-limit counters are per minute and per client: each test starts with none, in a
    # cache of its own (clearing the Redis one would also empty the Celery broker).
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    from django.core.cache import cache

    cache.clear()
    # Tasks run in-process unless a test asks for the real worker.
    from peerreview.celery import app

    app.conf.task_always_eager = True


@dataclass
class World:
    """One review with a person in every role, and a stranger on another review."""

    review: object
    people: dict = field(default_factory=dict)
    outsider: object = None
    superuser: object = None

    def user(self, role):
        if role in ("outsider", "superuser"):
            return getattr(self, role)
        return self.people[role]


def load_shipped_data():
    """What data migrations ship (the framework, expertise tags); a transactional test's flush removes it."""
    from reviews.framework_2012 import load_framework
    from reviews.models import LineOfEnquiry, Theme
    from teams.expertise import load_expertise
    from teams.models import Expertise

    load_framework(Theme, LineOfEnquiry)
    load_expertise(Expertise)


@pytest.fixture
def shipped_data(db):
    load_shipped_data()


def build_world(tag=""):
    """A review in scoping, created as a manager would, with one person in every role."""
    from reviews import services

    manager = UserFactory(
        email=f"review_manager{tag}@example.org", full_name="Review Manager Person", is_review_manager=True
    )
    review = services.create_review(
        authority=AuthorityFactory(
            name="Harrowmere Metropolitan Borough Council" if not tag else f"Council{tag}"
        ),
        created_by=manager,
        purpose="To see how well children are kept safe.",
        focus_areas=["Early help"],
        onsite_start=date.today() + timedelta(weeks=14),
    )
    people = {Role.REVIEW_MANAGER.value: manager}
    for role in Role:
        if role != Role.REVIEW_MANAGER:
            people[role.value] = UserFactory(
                email=f"{role.value}{tag}@example.org", full_name=role.label + " Person"
            )
            MembershipFactory(review=review, user=people[role.value], role=role)
    return World(review=review, people=people)


def build_world_with_outsider():
    world = build_world()
    # A manager of another review: may reach programme pages, never this review's.
    world.outsider = MembershipFactory(
        user__email="outsider@example.org", user__is_review_manager=True, role=Role.REVIEW_MANAGER
    ).user
    # A Django superuser on no review: the admin opens to them, a review never does.
    world.superuser = UserFactory(email="superuser@example.org", is_staff=True, is_superuser=True)
    return world


@pytest.fixture
def world(shipped_data):
    return build_world_with_outsider()


@contextmanager
def running_worker():
    """A real Celery worker, in a thread, consuming from the Redis broker until the block ends."""
    from celery.contrib.testing.worker import start_worker

    from peerreview.celery import app

    app.conf.task_always_eager = False
    try:
        with start_worker(
            app, pool="solo", perform_ping_check=False, loglevel="WARNING", shutdown_timeout=30
        ):
            yield app
    finally:
        app.conf.task_always_eager = True


@pytest.fixture
def real_celery_worker(transactional_db):
    """A real Celery worker, in a thread, consuming from the Redis broker."""
    require_service("Redis", redis_available(), "set REDIS_URL to a running Redis")
    with running_worker() as app:
        yield app


UNREACHABLE_BROKER = "redis://127.0.0.1:1/0"


def _forget_broker_connections(app):
    app._pool = None
    app.amqp._producer_pool = None


@contextmanager
def broker_unreachable():
    """The real Celery app sends to a broker nobody listens on: publishing fails as with Redis down."""
    from peerreview.celery import app

    eager, url = app.conf.task_always_eager, app.conf.broker_url
    app.conf.task_always_eager = False
    app.conf.broker_url = UNREACHABLE_BROKER
    _forget_broker_connections(app)
    try:
        yield app
    finally:
        app.conf.broker_url = url
        app.conf.task_always_eager = eager
        _forget_broker_connections(app)


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


@pytest.fixture
def count_queries():
    """How many SQL queries a callable makes; used to show a page's count stays flat as data grows."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count(action):
        with CaptureQueriesContext(connection) as context:
            result = action()
        assert getattr(result, "status_code", 200) == 200
        return len(context.captured_queries)

    return count

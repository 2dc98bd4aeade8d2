"""Every URL the project serves, for every kind of visitor, with the expected answer.

The rows are in ``matrix.py``. A URL pattern without a row there fails
``test_every_url_pattern_has_a_row``, so a new page cannot ship without someone
deciding who may open it.

The ~1,100 cases share one world, built once for the class inside a transaction that
is rolled back at the end; each case runs in a savepoint of its own (pytest-django's
``db``), so what a POST row changes is undone before the next case.
"""

import pytest
from django.test import TestCase, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.conftest import build_world_with_outsider, load_shipped_data

from .answers import ADMIN_LOGIN, LOGIN, VISITORS
from .matrix import MATRIX
from .world import furnish

# /healthz answers 503 when a configured service is down; here only access is in question.
QUIET_SERVICES = {"REDIS_URL": "", "CELERY_TASK_ALWAYS_EAGER": True}


def url_names(patterns=None, namespace=""):
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver) and pattern.namespace == "admin":
            yield "admin:index"
        elif isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from url_names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern):
            assert pattern.name, f"URL pattern {pattern.pattern} has no name, so it cannot have a row"
            yield namespace + pattern.name


def test_every_url_pattern_has_a_row():
    served = set(url_names())
    assert served - set(MATRIX) == set(), "URL patterns with no row in the access matrix"
    assert set(MATRIX) - served == set(), "Rows for URL patterns that no longer exist"


@pytest.fixture(scope="class", params=["local", "s3"])
def matrix_storages(request):
    """The whole matrix runs on the local folder, then on the S3-compatible store."""
    from django.conf import settings

    from tests import s3

    if request.param == "local":
        return settings.STORAGES
    endpoint = request.getfixturevalue("s3_server")
    return s3.s3_storages(endpoint, s3.new_bucket(endpoint))


@pytest.fixture(scope="class")
def shared_world(django_db_setup, django_db_blocker, tmp_path_factory, matrix_storages):
    """The furnished world, built once for the class; its files stay in a media folder of its own."""
    from peerreview.celery import app

    media = tmp_path_factory.mktemp("matrix-media")
    app.conf.task_always_eager = True
    build_settings = override_settings(
        MEDIA_ROOT=media,
        STORAGES=matrix_storages,
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        CACHES={"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}},
        **QUIET_SERVICES,
    )
    with django_db_blocker.unblock():
        # The same outer transaction a Django TestCase opens around setUpTestData.
        atomics = TestCase._enter_atomics()
        try:
            with build_settings:
                load_shipped_data()
                world = furnish(build_world_with_outsider())
            yield world, media, matrix_storages
        finally:
            TestCase._rollback_atomics(atomics)


@pytest.fixture
def matrix_world(shared_world, db, settings):
    """The shared world for one case: the case's own savepoint, the world's media folder."""
    world, media, storages = shared_world
    settings.MEDIA_ROOT = media
    settings.STORAGES = storages
    for name, value in QUIET_SERVICES.items():
        setattr(settings, name, value)
    return world


class TestAccess:
    @pytest.mark.parametrize("visitor", VISITORS)
    @pytest.mark.parametrize("name", sorted(MATRIX))
    def test_access(self, client, matrix_world, name, visitor):
        row = MATRIX[name]
        if visitor != "anonymous":
            client.force_login(matrix_world.user(visitor))
        url = row.url(matrix_world)
        response = getattr(client, row.method)(url)
        # Whatever the answer, it carries the protective headers.
        assert "script-src 'self'" in response["Content-Security-Policy"]
        assert response["X-Frame-Options"] == "DENY"
        assert "Permissions-Policy" in response
        expected = row.expected_for(visitor)
        if expected == LOGIN:
            assert response.status_code == 302
            assert response["Location"].startswith(reverse("sign-in") + "?next=")
        elif expected == ADMIN_LOGIN:
            assert response.status_code == 302
            assert response["Location"].startswith(reverse("admin:login"))
        else:
            assert response.status_code == expected, f"{visitor} {row.method.upper()} {url}"


def test_staff_reach_the_admin(client, db):
    from tests.factories import UserFactory

    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    assert client.get(reverse("admin:index")).status_code == 200

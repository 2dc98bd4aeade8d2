"""GET /healthz reports each configured part, and 503 when one does not answer."""

import pytest
from django.urls import reverse

from tests.conftest import redis_available, require_service


def test_healthy_without_optional_services(client, db, settings):
    settings.REDIS_URL = ""
    settings.CELERY_TASK_ALWAYS_EAGER = True
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {"database": "ok", "storage": "ok", "redis": "not configured", "celery": "not configured"},
    }


def test_unreachable_redis_makes_it_unhealthy(client, db, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    settings.CELERY_TASK_ALWAYS_EAGER = True
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json()["checks"]["redis"] == "unavailable"


def test_broker_without_worker_is_unhealthy(client, db, settings):
    require_service("Redis", redis_available())
    settings.CELERY_TASK_ALWAYS_EAGER = False
    from peerreview import health

    health.TIMEOUT_SECONDS, saved = 0.5, health.TIMEOUT_SECONDS
    try:
        response = client.get(reverse("healthz"))
    finally:
        health.TIMEOUT_SECONDS = saved
    assert response.status_code == 503
    assert response.json()["checks"] == {
        "database": "ok",
        "storage": "ok",
        "redis": "ok",
        "celery": "unavailable",
    }


@pytest.mark.real_worker
def test_healthy_with_redis_and_a_real_worker(client, settings, real_celery_worker):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    response = client.get(reverse("healthz"))
    assert response.json() == {
        "status": "ok",
        "checks": {"database": "ok", "storage": "ok", "redis": "ok", "celery": "ok"},
    }
    assert response.status_code == 200


def test_the_object_store_is_checked(client, s3_storage):
    assert client.get("/healthz").json()["checks"]["storage"] == "ok"


def test_an_object_store_not_answering_is_unavailable(client, s3_storage, settings):
    from tests import s3

    settings.STORAGES = s3.s3_storages("http://127.0.0.1:1", s3_storage.bucket)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["storage"] == "unavailable"

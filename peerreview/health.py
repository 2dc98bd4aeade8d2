"""GET /healthz: is every configured part of the system answering?

Open to anyone, so it says only "ok", "unavailable" or "not configured" per part.
"""

import logging

import redis
from django.conf import settings
from django.core.files.storage import storages
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .celery import app as celery_app

logger = logging.getLogger(__name__)
TIMEOUT_SECONDS = 2


def _database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _redis():
    redis.Redis.from_url(settings.REDIS_URL, socket_timeout=TIMEOUT_SECONDS).ping()


def _celery_worker():
    if not celery_app.control.ping(timeout=TIMEOUT_SECONDS):
        raise RuntimeError("no Celery worker answered")


def _storage():
    # A name no row uses: on object storage one HEAD request, which fails if the store or bucket is not there.
    storages["default"].exists("healthz-probe")


def _check(name, probe):
    try:
        probe()
    except Exception:
        logger.warning("Health check failed: %s", name, exc_info=True)
        return "unavailable"
    return "ok"


@never_cache
@require_GET
def healthz(request):
    checks = {"database": _check("database", _database), "storage": _check("storage", _storage)}
    checks["redis"] = _check("redis", _redis) if settings.REDIS_URL else "not configured"
    checks["celery"] = (
        "not configured" if settings.CELERY_TASK_ALWAYS_EAGER else _check("celery", _celery_worker)
    )
    healthy = all(state != "unavailable" for state in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "unavailable", "checks": checks},
        status=200 if healthy else 503,
    )

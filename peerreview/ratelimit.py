"""A per-client limit on how often a form may be posted, for the pages open to the world."""

import ipaddress
import logging
import time
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.core.cache.backends.locmem import LocMemCache
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.shortcuts import render
from redis.exceptions import RedisError

log = logging.getLogger(__name__)

# Once the shared cache fails, counting stays in process memory this long before the cache is tried
# again: an outage costs one slow request and one warning per process, not one per request.
CACHE_RETRY_SECONDS = 30


def client_address(request):
    """The address a request came from, as our outermost proxy saw it when DJANGO_BEHIND_PROXY is on.

    Each of our PROXY_HOPS proxies appends the address it was sent the request by to X-Forwarded-For,
    so the entry that many from the right is the client; anything further left is the client's own
    writing and never trusted. Without a proxy the header is ignored altogether. django-axes uses this
    too (AXES_CLIENT_IP_CALLABLE), so lockouts, rate limits and the audit log count the same client.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    if not settings.BEHIND_PROXY:
        return remote
    forwarded = [entry.strip() for entry in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    if len(forwarded) < settings.PROXY_HOPS:
        return remote  # the request did not pass through all our proxies
    try:
        return str(ipaddress.ip_address(forwarded[-settings.PROXY_HOPS]))
    except ValueError:
        return remote


class _Fallback:
    """Counters for while the shared cache is unreachable: per process, so the limit loosens but holds."""

    def __init__(self):
        self.memory = LocMemCache("rate-limit-fallback", {})
        self.cache_down_until = 0.0


_fallback = _Fallback()


@receiver(setting_changed)
def _start_afresh_with_a_new_cache(setting, **kwargs):
    global _fallback
    if setting == "CACHES":
        _fallback = _Fallback()


def _count(key):
    """Add one to the counter at `key` and return it; Redis being down must not stop anyone signing in."""
    now = time.monotonic()
    if now >= _fallback.cache_down_until:
        try:
            cache.add(key, 0, timeout=120)
            return cache.incr(key)
        except RedisError as error:
            _fallback.cache_down_until = now + CACHE_RETRY_SECONDS
            log.warning(
                "The cache is unreachable (%s): rate limits are kept in this process's memory "
                "for the next %d seconds.",
                error,
                CACHE_RETRY_SECONDS,
            )
    _fallback.memory.add(key, 0, timeout=120)
    return _fallback.memory.incr(key)


def rate_limited(name, per_minute=None):
    """Refuse, with a "try again later" page, more than `per_minute` posts a minute from one client."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.method == "POST":
                limit = per_minute or settings.RATE_LIMIT_PER_MINUTE
                key = f"rate:{name}:{client_address(request)}:{int(time.time() // 60)}"
                if _count(key) > limit:
                    return render(request, "rate_limited.html", status=429)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator

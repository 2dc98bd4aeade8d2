"""A per-client limit on how often a form may be posted, for the pages open to the world."""

import time
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.shortcuts import render


def client_address(request):
    if settings.SECURE_PROXY_SSL_HEADER:  # behind our own proxy, which appends the real client
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR", "")


def rate_limited(name, per_minute=None):
    """Refuse, with a "try again later" page, more than `per_minute` posts a minute from one client."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.method == "POST":
                limit = per_minute or settings.RATE_LIMIT_PER_MINUTE
                key = f"rate:{name}:{client_address(request)}:{int(time.time() // 60)}"
                cache.add(key, 0, timeout=120)
                if cache.incr(key) > limit:
                    return render(request, "rate_limited.html", status=429)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator

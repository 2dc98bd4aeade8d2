"""The installable, offline-first web app: its manifest, its service worker, and the pages it falls back on.

The worker is served by a view at the site root (/sw.js), not from /static/: a worker controls only
pages under its own path, and it must control every page. Served by a view it also carries its
version (a hash of the files it keeps for offline use), so deploying new static files installs a
new worker; what the old one queued lives in IndexedDB, which a new worker never touches.
"""

import hashlib
import json
from functools import lru_cache
from pathlib import Path

from django.contrib.auth.models import AnonymousUser
from django.contrib.staticfiles import finders
from django.http import HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.templatetags.static import static
from django.utils.crypto import salted_hmac
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from reviews.models import Membership, Review

# Static files every page needs: kept by the worker so that cached pages open with no connection.
APP_SHELL = [
    "css/app.css",
    "css/onsite.css",
    "js/app.mjs",
    "js/autosave.mjs",
    "js/upload-progress.mjs",
    "js/outbox.mjs",
    "js/offline.mjs",
    "vendor/govuk/govuk-frontend.min.js",
    "vendor/moj/moj-frontend.min.js",
    "vendor/htmx/htmx.min.js",
    "images/favicon.svg",
]
WORKER_SOURCE = "js/sw.js"
PAST_ON_SITE = [Review.Stage.LETTER, Review.Stage.FOLLOW_UP, Review.Stage.CLOSED]


def device_key(user):
    """Who the device's copies belong to, without putting the person's email or id on the device."""
    return salted_hmac("peerreview.offline.device", str(user.pk)).hexdigest()[:20]


def describe_device(user_agent):
    """A short, recognisable name for the device a note was saved from ("Android phone", "Mac")."""
    agent = user_agent or ""
    for marker, name in [
        ("iPhone", "iPhone"), ("iPad", "iPad"), ("Android", "Android phone"), ("Windows", "Windows computer"),
        ("Macintosh", "Mac"), ("CrOS", "Chromebook"), ("Linux", "Linux computer"),
    ]:  # fmt: skip
        if marker in agent:
            return name
    return "Unknown device"


@lru_cache(maxsize=1)
def _worker():
    paths = [finders.find(path) for path in [*APP_SHELL, WORKER_SOURCE]]
    digest = hashlib.sha256()
    for path in paths:
        digest.update(Path(path).read_bytes())
    return digest.hexdigest()[:12], Path(paths[-1]).read_text()


def worker_version():
    return _worker()[0]


@require_GET
def service_worker(request):
    version, source = _worker()
    header = (
        f'import {{ flush }} from "{static("js/outbox.mjs")}";\n'
        f"const VERSION = {json.dumps(version)};\n"
        f"const APP_SHELL = {json.dumps([static(path) for path in APP_SHELL])};\n"
        f"const OFFLINE_PAGE = {json.dumps('/offline/')};\n"
    )
    response = HttpResponse(header + source, content_type="text/javascript; charset=utf-8")
    # The browser checks for a new worker on every visit; it must never be served stale.
    response["Cache-Control"] = "no-cache"
    response["Service-Worker-Allowed"] = "/"
    return response


@require_GET
def manifest(request):
    body = {
        "name": "Safeguarding peer reviews",
        "short_name": "Peer reviews",
        "description": "Your day on site, session briefs and your notes, with or without a connection.",
        "start_url": "/",
        "scope": "/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#1d70b8",
        "lang": "en-GB",
        "icons": [{"src": static("images/favicon.svg"), "sizes": "any", "type": "image/svg+xml"}],
    }
    return JsonResponse(body, content_type="application/manifest+json")


@require_GET
def offline_page(request):
    """What the worker shows for a page it does not hold: the same for everyone, so it names nobody."""
    request.user = AnonymousUser()
    return render(request, "peerreview/offline.html", {"title": "You are offline"})


@require_GET
def device_page(request):
    """ "This device": what the site keeps in this browser. The list itself is read from the device."""
    return render(request, "peerreview/device.html", {"title": "This device"})


@never_cache
@require_GET
def device_state(request):
    """Before sending what it queued, the device asks who is signed in (never a redirect to a page)."""
    if not request.user.is_authenticated:
        return JsonResponse({"signed_in": False}, status=401)
    # Reviews past their week on site: the device drops the pages it kept of them.
    past = Membership.objects.filter(user=request.user, review__stage__in=PAST_ON_SITE)
    return JsonResponse(
        {
            "signed_in": True,
            "user": device_key(request.user),
            "csrf": get_token(request),
            "past_on_site": sorted(past.values_list("review_id", flat=True)),
        }
    )

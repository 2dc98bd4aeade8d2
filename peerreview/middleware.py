import time
from functools import wraps

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django_otp import user_has_device

# How often a busy session's expiry is pushed back: often enough for an idle timeout to the
# minute, rarely enough that most requests do not write the session.
TOUCH_EVERY_SECONDS = 60


def touch_session(session):
    session["last_seen"] = int(time.time())


class IdleSessionMiddleware:
    """Keeps an active session alive; one left idle for SESSION_IDLE_MINUTES expires.

    The session's expiry (SESSION_COOKIE_AGE) is counted from its last save, so saving it
    about once a minute while the person is active is enough.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        if session is not None and request.user.is_authenticated:
            last = session.get("last_seen", 0)
            if time.time() - last > TOUCH_EVERY_SECONDS:
                touch_session(session)
        return self.get_response(request)


class PermissionsPolicyMiddleware:
    """Turns off browser features the service never uses (camera, microphone, location and so on)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


class TwoFactorMiddleware:
    """Someone with an authenticator set up must give a code before anything else; when two-step
    sign-in is mandatory, someone on a review without one is first walked through setting it up.

    Whether the code was given is django-otp's verified state, read on every request. What the
    person needs is worked out once a session (at sign-in, or on the first request if sign-in did
    not), so most requests cost no extra query.
    """

    ALWAYS_OPEN = (
        "/accounts/sign-out/",
        "/static/",
        "/healthz",
        "/sw.js",
        "/manifest.webmanifest",
        "/offline/",
    )

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and not request.path.startswith(self.ALWAYS_OPEN):
            needs = second_step_needed(request)
            if needs and not user.is_verified():
                # Until then only the page for that step opens: never set-up while a code is due,
                # or someone with the password alone could replace the authenticator.
                if wants_json(request):  # the offline app's requests: it keeps the notes and says so
                    return signed_out_json()
                page = reverse("two-factor-verify" if needs == "code" else "two-factor-setup")
                if request.path != page:
                    return redirect(f"{page}?next={request.get_full_path()}" if needs == "code" else page)
        return self.get_response(request)


def wants_json(request):
    """A request from the page's own scripts (autosave, the offline queue), not a page being opened."""
    return request.headers.get("X-Autosave") == "1" or "application/json" in request.headers.get("Accept", "")


def signed_out_json():
    """Signed out (or the second step is due): a JSON 401, never a redirect to an HTML page."""
    return JsonResponse(
        {"signed_in": False, "errors": "You have been signed out. Sign in to send your notes."}, status=401
    )


def login_required_or_401(view):
    """login_required for pages; a JSON 401 for the page's scripts, which keep what they were sending."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated and wants_json(request):
            return signed_out_json()
        return login_required(view)(request, *args, **kwargs)

    return wrapped


SECOND_STEP = "second_step"


def second_step_needed(request):
    """ "code", "setup" or "" for this session; worked out from the database when not yet known."""
    needs = request.session.get(SECOND_STEP)
    if needs is None:
        needs = note_second_step(request, request.user)
    return needs


def note_second_step(request, user):
    """Does this session need a code, or must the person first set up an authenticator?"""
    if user_has_device(user, confirmed=True):
        needs = "code"
    elif settings.TWO_FACTOR_MANDATORY and user.memberships.exists():
        needs = "setup"
    else:
        needs = ""
    request.session[SECOND_STEP] = needs
    return needs


def on_signed_in(sender, request, user, **kwargs):
    touch_session(request.session)
    note_second_step(request, user)

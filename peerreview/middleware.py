import time

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse

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

    What each session needs is decided once, at sign-in (see `note_second_step`), so ordinary
    requests cost no queries.
    """

    OPEN_PREFIXES = ("/accounts/two-factor/", "/accounts/sign-out/", "/static/", "/healthz")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and not request.path.startswith(self.OPEN_PREFIXES):
            needs = request.session.get("second_step")
            if needs == "code" and not user.is_verified():
                return redirect(f"{reverse('two-factor-verify')}?next={request.get_full_path()}")
            if needs == "setup" and not user.is_verified():
                return redirect("two-factor-setup")
        return self.get_response(request)


def note_second_step(request, user):
    """At sign-in: does this session need a code, or must the person first set up an authenticator?"""
    from django_otp import user_has_device

    if user_has_device(user, confirmed=True):
        request.session["second_step"] = "code"
    elif settings.TWO_FACTOR_MANDATORY and user.memberships.exists():
        request.session["second_step"] = "setup"
    else:
        request.session.pop("second_step", None)

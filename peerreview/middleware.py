import time

from django.conf import settings

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

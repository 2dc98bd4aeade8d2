"""Recording security-relevant events in the one audit trail (reviews.models.AuditEvent)."""

from peerreview.ratelimit import client_address

from .models import AuditEvent

Action = AuditEvent.Action


def record(action, *, user=None, review=None, target="", object_id=None, request=None):
    if request is not None and user is None and request.user.is_authenticated:
        user = request.user
    return AuditEvent.objects.create(
        action=action,
        user=user if user is not None and user.pk else None,
        user_email=getattr(user, "email", "") or "",
        review=review,
        target=str(target)[:300],
        object_id=object_id,
        ip_address=(client_address(request) or None) if request is not None else None,
    )


def on_signed_in(sender, request, user, **kwargs):
    record(Action.SIGN_IN, user=user, request=request)


def on_sign_in_failed(sender, credentials, request=None, **kwargs):
    # The address tried is kept (it says who was targeted); never the password.
    event = record(Action.SIGN_IN_FAILED, request=request, target=credentials.get("username", "")[:254])
    return event


def on_two_factor_changed(sender, user, by, what, request=None, **kwargs):
    record(Action.TWO_FACTOR_CHANGED, user=by, request=request, target=f"{what.capitalize()}: {user.email}")

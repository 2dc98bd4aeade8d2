"""Read-side querysets for review pages, shaped so query counts stay flat."""

from django.db.models import Prefetch

from .models import Invitation, Membership, Review


def memberships_of(user):
    """The reviews a person belongs to, with their role, for their dashboard."""
    return (
        Membership.objects.filter(user=user)
        .select_related("review__authority")
        .order_by("-review__created_at")
    )


def review_hub():
    return Review.objects.select_related("authority").prefetch_related(
        Prefetch(
            "memberships",
            queryset=Membership.objects.select_related("user").order_by("role", "user__full_name"),
        )
    )


def invitations_of(review):
    return Invitation.objects.filter(review=review, accepted_at__isnull=True).select_related("invited_by")

"""Taking a person off a review."""

from django.db import transaction
from django.urls import reverse

from peerreview import messages

from .. import audit
from ..models import Membership, Review, Role
from ..signals import member_removed
from .errors import ActionRefused


@transaction.atomic
def remove_member(membership, *, reason, by):
    """End a person's place on a review, keep why in the audit trail, and tell them.

    The review keeps at least one review manager: someone must still be able to run it.
    """
    review = Review.objects.select_for_update().get(pk=membership.review_id)
    membership = Membership.objects.select_related("user").filter(pk=membership.pk).first()
    if membership is None:
        raise ActionRefused("This person is no longer on the review.")
    if review.is_called_off:
        raise ActionRefused("This review was called off: its people can no longer be changed.")
    if not reason.strip():
        raise ActionRefused("Say why they are leaving the review.")
    person = membership.user
    if membership.role == Role.REVIEW_MANAGER and not (
        review.memberships.filter(role=Role.REVIEW_MANAGER).exclude(pk=membership.pk).exists()
    ):
        raise ActionRefused(
            f"{person.full_name} is the only review manager on this review. "
            "Invite another review manager before removing them."
        )
    role = membership.get_role_display()
    membership.delete()
    audit.record(
        audit.Action.MEMBERSHIP_REMOVED,
        user=by,
        review=review,
        target=f"{person.full_name} ({role}). Reason: {reason.strip()}",
        object_id=person.pk,
    )
    member_removed.send(sender=Review, review=review, user=person, by=by)
    messages.notify(
        [person],
        subject=f"{review.authority.name}: you are no longer on the peer review",
        template="reviews/email/removed.txt",
        context={"review": review, "role": role},
        link=reverse("dashboard"),
    )
    return person

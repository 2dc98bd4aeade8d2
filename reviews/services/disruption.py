"""When a review cannot go ahead as planned (an inspection starts, say): postponing it or calling it off."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from peerreview import messages

from .. import audit
from ..models import Invitation, Milestone, Postponement, Review, Role, StageChange
from ..models.review import is_working_day
from ..queries import people_on
from ..signals import review_called_off, review_postponed
from .errors import ActionRefused
from .plan import build_plan

POSTPONED, CALLED_OFF = "postponed", "called_off"


def _refuse_unless_open(review, doing):
    if review.is_called_off:
        raise ActionRefused(
            f"This review was called off on {review.called_off_at:%d/%m/%Y}: it cannot be {doing}."
        )
    if not review.may_be_called_off:
        raise ActionRefused(f"The team has started on the letter: the review can no longer be {doing}.")


@transaction.atomic
def postpone_review(review, *, new_start, reason, by):
    """Move the on-site week, with the plan and the timetable, and tell everyone on the review."""
    review = Review.objects.select_for_update().get(pk=review.pk)
    _refuse_unless_open(review, "postponed")
    if not review.onsite_start:
        raise ActionRefused("The on-site dates are not set yet: set them instead of postponing.")
    if not reason.strip():
        raise ActionRefused("Give a reason for postponing the review.")
    if not is_working_day(new_start):
        raise ActionRefused("The first on-site day must be a working day (Monday to Friday).")
    if new_start == review.onsite_start:
        raise ActionRefused(
            f"The review is already on site from {new_start:%d/%m/%Y}: choose a different date."
        )
    if new_start <= timezone.localdate():
        raise ActionRefused("The new first on-site day must be in the future.")
    old_start = review.onsite_start
    shift = timedelta(days=(new_start - old_start).days)
    review.onsite_start = new_start
    if review.feedback_workshop:
        review.feedback_workshop += shift
    review.save(update_fields=["onsite_start", "feedback_workshop"])
    # Dates nobody set by hand follow the plan again; dates set by hand keep their distance from the week.
    moved_by_hand = [m for m in review.milestones.all() if m.due_set_by_hand and not m.is_done]
    for milestone in moved_by_hand:
        milestone.due += shift
    Milestone.objects.bulk_update(moved_by_hand, ["due"])
    build_plan(review)
    postponement = Postponement.objects.create(
        review=review, from_start=old_start, to_start=new_start, reason=reason.strip(), by=by
    )
    audit.record(
        audit.Action.REVIEW_POSTPONED,
        user=by,
        review=review,
        target=f"On site from {old_start:%d/%m/%Y} to {new_start:%d/%m/%Y}",
    )
    review_postponed.send(sender=Review, review=review, from_start=old_start, to_start=new_start, by=by)
    _tell_everyone(review, POSTPONED, {"postponement": postponement})
    return postponement


@transaction.atomic
def call_off_review(review, *, reason, by):
    """Close the review before the letter: its pages become read-only and its team is released.

    The documents stay under the retention rule, counted from today as from a review's closing.
    """
    review = Review.objects.select_for_update().get(pk=review.pk)
    _refuse_unless_open(review, "called off")
    if not reason.strip():
        raise ActionRefused("Give a reason for calling off the review.")
    from_stage = review.stage
    review.stage = Review.Stage.CLOSED
    review.called_off_at = timezone.now()
    review.called_off_reason = reason.strip()
    review.called_off_by = by
    review.save(update_fields=["stage", "called_off_at", "called_off_reason", "called_off_by"])
    StageChange.objects.create(
        review=review,
        from_stage=from_stage,
        to_stage=Review.Stage.CLOSED,
        reason=f"Called off: {review.called_off_reason}",
        by=by,
        at=review.called_off_at,
    )
    Invitation.objects.filter(review=review, accepted_at__isnull=True, revoked_at__isnull=True).update(
        revoked_at=review.called_off_at
    )
    audit.record(
        audit.Action.REVIEW_CALLED_OFF, user=by, review=review, target=review.called_off_reason[:300]
    )
    review_called_off.send(sender=Review, review=review, by=by)
    _tell_everyone(review, CALLED_OFF, {})
    return review


def _tell_everyone(review, news, context):
    """One message and email to each person on the review, sent once the change is saved."""
    subject = {
        POSTPONED: f"{review.authority.name}: the peer review is postponed to {review.onsite_start:%-d %B %Y}",
        CALLED_OFF: f"{review.authority.name}: the peer review is called off",
    }[news]
    messages.notify(
        people_on(review, list(Role)),
        subject=subject,
        template=f"reviews/email/{news}.txt",
        context={"review": review, **context},
        link=review.get_absolute_url(),
        review_id=review.pk,
    )

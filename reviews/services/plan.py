"""The 12-week plan of a review and the moves between its stages."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from .. import audit
from ..models import Milestone, Review, StageChange
from ..signals import stage_changed
from .errors import ActionRefused

K = Milestone.Kind
# Each milestone's default date: (what it is counted from, days after it).
PLAN = {
    K.SCOPE_AGREED: ("onsite_start", -12 * 7),
    K.TEAM_AGREED: ("onsite_start", -8 * 7),
    K.DOCUMENTS_DUE: ("onsite_start", -4 * 7),
    K.SELF_EVALUATION_DUE: ("onsite_start", -4 * 7),
    K.CASE_EXERCISES_DUE: ("onsite_start", -2 * 7),
    K.TIMETABLE_AGREED: ("onsite_start", -2 * 7),
    K.FEEDBACK_WORKSHOP: ("feedback_workshop", 0),
    K.DRAFT_LETTER: ("feedback_workshop", 3 * 7),
    K.FINAL_LETTER: ("feedback_workshop", 6 * 7),
}

# What must be done before a review may enter a stage. Later parts of the product
# (team agreement, the timetable, the letter) will check their own records here.
ENTRY_REQUIREMENTS = {
    Review.Stage.PREPARATION: [K.TEAM_AGREED],
    Review.Stage.ON_SITE: [K.DOCUMENTS_DUE, K.SELF_EVALUATION_DUE, K.TIMETABLE_AGREED],
    Review.Stage.LETTER: [K.FEEDBACK_WORKSHOP],
    Review.Stage.FOLLOW_UP: [K.FINAL_LETTER],
}


def planned_dates(review):
    anchors = {
        "onsite_start": review.onsite_start,
        "feedback_workshop": review.feedback_workshop or review.onsite_end,
    }
    return {
        kind: anchors[anchor] + timedelta(days=offset)
        for kind, (anchor, offset) in PLAN.items()
        if anchors[anchor]
    }


def build_plan(review):
    """Create the review's milestones, and move those nobody has re-dated to follow the on-site dates."""
    existing = {m.kind: m for m in review.milestones.all()}
    new, moved = [], []
    for kind, due in planned_dates(review).items():
        milestone = existing.get(kind)
        if milestone is None:
            new.append(Milestone(review=review, kind=kind, due=due))
        elif not milestone.due_set_by_hand and milestone.due != due:
            milestone.due = due
            moved.append(milestone)
    Milestone.objects.bulk_create(new)
    Milestone.objects.bulk_update(moved, ["due"])


def reschedule_milestone(milestone, *, due, by):
    milestone.due = due
    milestone.due_set_by_hand = True
    milestone.due_set_by = by
    milestone.save(update_fields=["due", "due_set_by_hand", "due_set_by"])
    return milestone


def mark_milestone(milestone, *, done, by):
    milestone.done_at = timezone.now() if done else None
    milestone.done_by = by if done else None
    milestone.save(update_fields=["done_at", "done_by"])
    return milestone


def mark_milestone_done_by_system(review, kind, by):
    """Tick a milestone when the action it stands for happens in the application."""
    Milestone.objects.filter(review=review, kind=kind, done_at__isnull=True).update(
        done_at=timezone.now(), done_by=by
    )


def stage_blockers(review):
    """What is still missing before the review can move to its next stage, in plain English."""
    target = review.next_stage
    if target is None:
        return []
    blockers = []
    if target == Review.Stage.TEAM:
        if review.scope_status != Review.ScopeStatus.AGREED:
            blockers.append("The council has not agreed the scope yet.")
        if not review.onsite_start:
            blockers.append("The on-site dates are not set.")
    done = {m.kind for m in review.milestones.all() if m.is_done}
    blockers += [
        f"“{Milestone.Kind(kind).label}” is not marked as done in the plan."
        for kind in ENTRY_REQUIREMENTS.get(target, [])
        if kind not in done
    ]
    return blockers


@transaction.atomic
def move_stage(review, *, to_stage, by, reason=""):
    """Move forward one stage when nothing is missing, or back to any earlier stage with a reason."""
    review = Review.objects.select_for_update().get(pk=review.pk)
    stages = list(Review.Stage.values)
    if to_stage not in stages or to_stage == review.stage:
        raise ActionRefused("Choose a different stage.")
    forwards = stages.index(to_stage) > review.stage_index
    if forwards:
        if to_stage != review.next_stage:
            raise ActionRefused(
                f"A review moves forward one stage at a time: the next stage is “{review.next_stage.label}”."
            )
        blockers = stage_blockers(review)
        if blockers:
            raise ActionRefused(" ".join(blockers))
    elif not reason.strip():
        raise ActionRefused("Give a reason for moving the review back.")
    StageChange.objects.create(
        review=review, from_stage=review.stage, to_stage=to_stage, reason=reason.strip(), by=by
    )
    audit.record(
        audit.Action.STAGE_MOVED,
        user=by,
        review=review,
        target=f"{review.get_stage_display()} to {Review.Stage(to_stage).label}",
    )
    from_stage, review.stage = review.stage, to_stage
    review.save(update_fields=["stage"])
    stage_changed.send(sender=Review, review=review, from_stage=from_stage, to_stage=to_stage)
    return review

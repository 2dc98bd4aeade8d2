"""The 12-week plan of a review and the moves between its stages."""

from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from .. import audit
from ..models import Milestone, Review, StageChange
from ..signals import stage_changed
from .errors import ActionRefused

K = Milestone.Kind


@dataclass(frozen=True)
class TypePlan:
    """A review type's default plan: how long the team is on site, and how many weeks before the visit
    each piece of preparation is due (the letter follows the feedback workshop the same way for every type)."""

    onsite_days: int
    weeks_before: dict


TYPE_PLANS = {
    # Five days across all five themes, after the 12-week run-up.
    Review.Kind.FULL: TypePlan(5, {
        K.SCOPE_AGREED: 12, K.TEAM_AGREED: 8, K.DOCUMENTS_DUE: 4, K.SELF_EVALUATION_DUE: 4,
        K.CASE_EXERCISES_DUE: 2, K.TIMETABLE_AGREED: 2,
    }),
    # Short and wide: fewer days and a shorter run-up.
    Review.Kind.SCOPING: TypePlan(3, {
        K.SCOPE_AGREED: 8, K.TEAM_AGREED: 6, K.DOCUMENTS_DUE: 3, K.SELF_EVALUATION_DUE: 3,
        K.CASE_EXERCISES_DUE: 2, K.TIMETABLE_AGREED: 2,
    }),
    # One area in depth: the full run-up, with the case exercises in earlier, as they carry most weight.
    Review.Kind.IN_DEPTH: TypePlan(4, {
        K.SCOPE_AGREED: 12, K.TEAM_AGREED: 8, K.DOCUMENTS_DUE: 5, K.SELF_EVALUATION_DUE: 4,
        K.CASE_EXERCISES_DUE: 3, K.TIMETABLE_AGREED: 2,
    }),
    # Back to see what became of an earlier review's recommendations: short, with little new preparation.
    Review.Kind.FOLLOW_UP: TypePlan(2, {
        K.SCOPE_AGREED: 6, K.TEAM_AGREED: 4, K.DOCUMENTS_DUE: 2, K.SELF_EVALUATION_DUE: 2,
        K.CASE_EXERCISES_DUE: 1, K.TIMETABLE_AGREED: 1,
    }),
}  # fmt: skip
# Days after the feedback workshop, the same for every type.
AFTER_WORKSHOP = {K.FEEDBACK_WORKSHOP: 0, K.DRAFT_LETTER: 3 * 7, K.FINAL_LETTER: 6 * 7}


def plan_for(kind):
    """Each milestone's default date for a review type: (what it is counted from, days after it)."""
    type_plan = TYPE_PLANS.get(kind, TYPE_PLANS[Review.Kind.FULL])
    return {
        **{milestone: ("onsite_start", -7 * weeks) for milestone, weeks in type_plan.weeks_before.items()},
        **{milestone: ("feedback_workshop", days) for milestone, days in AFTER_WORKSHOP.items()},
    }


def usual_onsite_days(kind):
    return TYPE_PLANS.get(kind, TYPE_PLANS[Review.Kind.FULL]).onsite_days


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
        for kind, (anchor, offset) in plan_for(review.kind).items()
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

"""The progress review: start one from a review in follow-up, and judge each recommendation of its letter."""

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from reviews.models import COUNCIL_ROLES, Review
from reviews.services import ActionRefused, create_review, grant_membership
from teams import services as team_services
from teams.models import OPTIONAL_SLOTS, SlotInvitation, TeamSlot

from ..models import Finding, Judgement, ProgressReview
from . import notes


class StartRefused(ActionRefused):
    """Why a progress review cannot start; `field` names the form field it belongs next to (None: the whole form)."""

    def __init__(self, message, field=None):
        super().__init__(message)
        self.field = field


# What each verdict becomes in the progress review's own findings, which its letter is drafted from.
VERDICT_KIND = {
    Judgement.Verdict.MET: Finding.Kind.STRENGTH,
    Judgement.Verdict.PARTLY_MET: Finding.Kind.CONSIDERATION,
    Judgement.Verdict.NOT_MET: Finding.Kind.RECOMMENDATION,
}


def original_recommendations(review):
    """The recommendations of the review's letter: its agreed recommendation findings."""
    return (
        Finding.objects.agreed()
        .recommendations()
        .filter(review=review)
        .select_related("theme")
        .order_by("theme__number", "position", "pk")
    )


def original_team(review):
    """Who held a place on the review's team, as (slot, peer): the first suggestions for its progress review."""
    return list(
        TeamSlot.objects.filter(review=review, peer__isnull=False).select_related("peer").order_by("position")
    )


def check_visit(onsite_start, onsite_days):
    """The refusals about the visit's dates, shared by the form (next to each field) and the service."""
    if onsite_days is not None and not 1 <= onsite_days <= settings.PROGRESS_REVIEW_MAX_DAYS:
        raise StartRefused("A progress review's on-site visit is one or two days.", field="onsite_days")
    if onsite_start is not None and onsite_start <= timezone.localdate():
        raise StartRefused("The first on-site day must be in the future.", field="onsite_start")


def _purpose(original, count):
    letter = getattr(original, "letter", None)
    issued = (
        f" issued on {timezone.localdate(letter.issued_at):%-d %B %Y}" if letter and letter.issued_at else ""
    )
    return (
        f"To see what has changed since the peer review of {original.authority.name}: how far each of the "
        f"{count} recommendations of the letter{issued} has been met, and the progress the council and its "
        "partners report on their action plan."
    )


@transaction.atomic
def start_progress_review(original, *, onsite_start, onsite_days, team, by):
    """A smaller review linked to the original, its scope the original recommendations and the action plan.

    The manager who starts it manages it; the council's people on the original are on it too (they check
    its letter); the chosen members of the original team are invited to the same kind of place. Returns
    the progress review and the peers who could not be invited, each with the reason.
    """
    original = Review.objects.select_for_update(of=("self",)).select_related("authority").get(pk=original.pk)
    if original.stage != Review.Stage.FOLLOW_UP or original.is_called_off:
        raise StartRefused(
            "A progress review can only be started from a review in follow-up, after its letter is issued. "
            f"This review is at the “{original.get_stage_display()}” stage."
        )
    if ProgressReview.objects.filter(original=original).exists():
        raise StartRefused("A progress review of this review has already been started.")
    check_visit(onsite_start, onsite_days)
    recommendations = list(original_recommendations(original))
    if not recommendations:
        raise StartRefused("The review's letter has no agreed recommendations to go back to.")
    review = create_review(
        authority=original.authority,
        created_by=by,
        kind=Review.Kind.FOLLOW_UP,
        title="Safeguarding children progress review",
        purpose=_purpose(original, len(recommendations)),
        focus_areas=[" ".join(r.text.split()) for r in recommendations],
        onsite_start=onsite_start,
        onsite_days=onsite_days,
    )
    for membership in original.memberships.filter(role__in=COUNCIL_ROLES).select_related("user"):
        grant_membership(review, membership.user, membership.role)
    progress = ProgressReview.objects.create(original=original, review=review, started_by=by)
    Judgement.objects.bulk_create(
        Judgement(progress_review=progress, recommendation=recommendation)
        for recommendation in recommendations
    )
    return progress, _invite(review, team, by)


def _invite(review, team, by):
    """Invite each chosen member of the original team to a free place of the same kind; say who could not be."""
    team_services.ensure_standard_slots(review)
    refused = []
    for role, peer in team:
        pending = SlotInvitation.objects.filter(slot__review=review, status=SlotInvitation.Status.PENDING)
        slot = (
            TeamSlot.objects.filter(review=review, role=role, peer__isnull=True)
            .exclude(pk__in=pending.values("slot"))
            .order_by("position")
            .first()
        )
        try:
            with transaction.atomic():
                if slot is None and role in OPTIONAL_SLOTS:
                    slot = team_services.add_slot(review, role=role, by=by)
                if slot is None:
                    raise ActionRefused("there is no free place of the kind they held")
                team_services.invite_peer(slot, peer=peer, by=by)
        except ActionRefused as refusal:
            refused.append((peer, str(refusal)))
    return refused


@transaction.atomic
def record_judgement(judgement, *, verdict, what_we_found, by):
    """The team's verdict on one recommendation, written as an agreed finding of the progress review."""
    judgement = (
        Judgement.objects.select_for_update(of=("self",))
        .select_related("progress_review__review", "recommendation__theme", "finding")
        .get(pk=judgement.pk)
    )
    review = judgement.progress_review.review
    letter = getattr(review, "letter", None)
    if letter is not None and letter.is_issued:
        raise ActionRefused(
            "The progress review's letter has been issued: its judgements can no longer change."
        )
    if verdict not in Judgement.Verdict.values:
        raise ActionRefused("Choose met, partly met or not met.")
    verdict = Judgement.Verdict(verdict)
    recommendation = judgement.recommendation
    theme = review.themes.filter(number=recommendation.theme.number).first() if recommendation.theme else None
    text = f"{verdict.label}: “{' '.join(recommendation.text.split())}” {' '.join(what_we_found.split())}".strip()
    finding = notes.save_finding(
        review,
        judgement.finding or Finding(review=review),
        fields={
            "theme": theme,
            "kind": VERDICT_KIND[verdict],
            "text": text,
            "priority": Finding.Priority.HIGH if verdict == Judgement.Verdict.NOT_MET else "",
        },
        notes=[],
        by=by,
    )
    notes.set_agreed(finding, agreed=True, by=by)
    judgement.verdict, judgement.what_we_found, judgement.finding = verdict, what_we_found.strip(), finding
    judgement.judged_by, judgement.judged_at = by, timezone.now()
    judgement.save()
    return judgement

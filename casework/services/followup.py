"""After the letter: the council's action plan, the check-ins, reminders, evaluation and closing."""

import calendar
import logging
from datetime import date, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from peerreview import messages, reminders
from reviews.models import COUNCIL_ROLES, TEAM_ROLES, Review
from reviews.queries import people_on
from reviews.services import ActionRefused, move_stage
from reviews.uploads import Refused, check

from ..models import Action, CheckIn, Evaluation, Finding, ProgressUpdate, ReminderSent

logger = logging.getLogger(__name__)
REMIND_DAYS_BEFORE = 7


class EvidenceRefused(ActionRefused):
    """The evidence file was refused: the form shows why next to the file field."""


def add_months(day, months):
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def start_followup(review, issued_on):
    """Each agreed recommendation becomes an action the council owns; check-ins are scheduled."""
    if not review.actions.exists():
        for recommendation in (
            Finding.objects.agreed()
            .recommendations()
            .filter(review=review)
            .order_by("theme__number", "position")
        ):
            action = Action.objects.create(review=review, title=recommendation.text[:300])
            action.recommendations.add(recommendation)
    for months in settings.FOLLOWUP_CHECKIN_MONTHS:
        CheckIn.objects.get_or_create(
            review=review, months=months, defaults={"due": add_months(issued_on, months)}
        )


def _letter_issued_on(review):
    letter = getattr(review, "letter", None)
    return timezone.localdate(letter.issued_at) if letter and letter.issued_at else None


@transaction.atomic
def save_action(review, action, *, fields, recommendations, by):
    issued = _letter_issued_on(review)
    target = fields.get("target_date")
    if target and issued and target < issued:
        raise ActionRefused(f"The target date must be after the letter was issued ({issued:%d %B %Y}).")
    if any(r.review_id != review.pk for r in recommendations):
        raise ActionRefused("Choose this review's recommendations.")
    for name, value in fields.items():
        setattr(action, name, value)
    action.review = review
    action.updated_at = timezone.now()
    action.updated_by = by
    action.save()
    action.recommendations.set(recommendations)
    return action


@transaction.atomic
def add_progress(action, *, text, status, evidence=None, by):
    """Record progress. An update must say something: some text, a new status, or evidence."""
    if status == Action.Status.NOT_UPDATED:
        raise ActionRefused("Choose how the action is going.")
    if not text.strip() and status == action.status and evidence is None:
        raise ActionRefused("Write what has happened, or change the status, before saving an update.")
    update = ProgressUpdate(action=action, text=text.strip(), status=status, by=by)
    if evidence is not None:
        try:
            checked = check(evidence)
        except Refused as refusal:
            raise EvidenceRefused(f"{refusal} Nothing was saved.") from None
        update.evidence_name = checked.name
        update.evidence_content_type = checked.content_type
        update.evidence.save(f"review-{action.review_id}-action-{action.pk}", evidence, save=False)
    update.save()
    action.status = status
    action.updated_at = timezone.now()
    action.updated_by = by
    action.save(update_fields=["status", "updated_at", "updated_by"])
    return update


@transaction.atomic
def submit_checkin(checkin, *, by, **answers):
    checkin = CheckIn.objects.select_for_update().get(pk=checkin.pk)
    if checkin.is_submitted:
        raise ActionRefused(f"The {checkin.months}-month check-in has already been submitted. Thank you.")
    for name, value in answers.items():
        setattr(checkin, name, value)
    checkin.submitted_at = timezone.now()
    checkin.submitted_by = by
    checkin.save()
    review = checkin.review
    messages.notify(  # the team learns what became of its recommendations
        people_on(review, TEAM_ROLES),
        subject=f"{review.authority.name}: the {checkin.months}-month check-in is in",
        template="casework/email/checkin_submitted.txt",
        context={"review": review, "checkin": checkin},
        link=reverse("casework:followup", args=[review.pk]),
        review_id=review.pk,
        exclude=by,
    )
    return checkin


def _emails(review, roles):
    return sorted(
        set(
            review.memberships.filter(role__in=roles, user__is_active=True).values_list(
                "user__email", flat=True
            )
        )
    )


def send_followup_reminders(today=None):
    """Email council contacts a week before each check-in is due, and once when it is overdue.

    Each reminder is recorded before it is sent, in one transaction with the sending, so a
    second run, or a run after a crash half-way, sends only what was not sent.
    """
    today = today or timezone.localdate()
    sent = 0
    due = (
        CheckIn.objects.filter(submitted_at__isnull=True, due__lte=today + timedelta(days=REMIND_DAYS_BEFORE))
        .exclude(review__stage=Review.Stage.CLOSED)
        .select_related("review__authority")
    )
    for checkin in due:
        kind = ReminderSent.Kind.OVERDUE if checkin.due < today else ReminderSent.Kind.DUE_SOON
        context = {
            "checkin": checkin,
            "review": checkin.review,
            "overdue": kind == ReminderSent.Kind.OVERDUE,
            "link": f"{settings.SITE_URL}/reviews/{checkin.review_id}/follow-up/",
        }
        subject = render_to_string("casework/email/checkin_reminder_subject.txt", context).strip()
        body = render_to_string("casework/email/checkin_reminder_body.txt", context)
        for email in _emails(checkin.review, COUNCIL_ROLES):
            sent += reminders.send_once(
                ReminderSent, checkin=checkin, kind=kind, to=email, subject=subject, body=body
            )
    return sent


def save_evaluation(review, *, user, role, **ratings):
    try:
        with transaction.atomic():
            return Evaluation.objects.create(review=review, user=user, role=role, **ratings)
    except IntegrityError:
        raise ActionRefused("You have already sent your evaluation of this review. Thank you.") from None


@transaction.atomic
def close_review(review, *, by):
    last = review.checkins.order_by("-months").first()
    if last is None or not last.is_submitted:
        raise ActionRefused("A review is closed after its last check-in has been submitted.")
    return move_stage(review, to_stage=Review.Stage.CLOSED, by=by)

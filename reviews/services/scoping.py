"""Creating a review and agreeing its scope with the council."""

from django.db import transaction
from django.db.models import Prefetch
from django.urls import reverse

from peerreview import messages

from ..models import COUNCIL_ROLES, LineOfEnquiry, Review, ReviewLine, ReviewTheme, Role, ScopeEvent, Theme
from ..queries import people_on
from .errors import ActionRefused
from .invitations import grant_membership
from .plan import build_plan, mark_milestone_done_by_system

# What the council agrees to, besides the lines of enquiry.
SCOPE_FIELDS = ["kind", "purpose", "focus_areas", "onsite_start", "onsite_days", "feedback_workshop"]


@transaction.atomic
def create_review(*, authority, created_by, **fields):
    """Start a review in scoping: its creator manages it; it takes the current framework and a plan."""
    review = Review(authority=authority, created_by=created_by, **fields)
    review.save()
    if review.feedback_workshop is None and review.onsite_end:
        review.feedback_workshop = review.onsite_end
        review.save(update_fields=["feedback_workshop"])
    grant_membership(review, created_by, Role.REVIEW_MANAGER)
    _copy_framework(review)
    build_plan(review)
    return review


def _copy_framework(review):
    themes = Theme.objects.prefetch_related(
        Prefetch("lines", queryset=LineOfEnquiry.objects.filter(active=True), to_attr="active_lines")
    )
    lines = []
    for theme in themes:
        copy = ReviewTheme.objects.create(review=review, source=theme, number=theme.number, title=theme.title)
        lines += [
            ReviewLine(theme=copy, source=line, text=line.text, position=line.position)
            for line in theme.active_lines
        ]
    ReviewLine.objects.bulk_create(lines)


def scope_snapshot(review):
    """The scope as the council sees it, as plain text, to record and compare."""
    onsite = (
        f"{review.onsite_start:%d/%m/%Y} for {review.onsite_days} day{'s' if review.onsite_days != 1 else ''}"
        if review.onsite_start
        else "Not set"
    )
    lines = ReviewLine.objects.filter(theme__review=review, included=True).select_related("theme")
    return {
        "fields": {
            "Review type": review.get_kind_display(),
            "Purpose": review.purpose,
            "Focus areas": "; ".join(review.focus_areas),
            "On site": onsite,
            "Feedback workshop": f"{review.feedback_workshop:%d/%m/%Y}"
            if review.feedback_workshop
            else "Not set",
        },
        "lines": [
            f"{line.theme.number}. {line.text}{f' ({line.origin.lower()})' if line.origin else ''}"
            for line in lines
        ],
    }


def scope_changes_since_agreement(review):
    """What differs between the last scope the council agreed and the scope now; None if never agreed."""
    agreed = review.scope_events.filter(kind=ScopeEvent.Kind.AGREED).first()
    if agreed is None:
        return None
    before, now = agreed.snapshot, scope_snapshot(review)
    fields = [
        (label, before["fields"].get(label, ""), value)
        for label, value in now["fields"].items()
        if before["fields"].get(label, "") != value
    ]
    return {
        "agreed_at": agreed.at,
        "fields": fields,
        "lines_added": [line for line in now["lines"] if line not in before["lines"]],
        "lines_removed": [line for line in before["lines"] if line not in now["lines"]],
    }


def _reopen_if_changed(review, by, before):
    """A change to a scope that was sent or agreed takes it back to draft, so the council agrees it again."""
    if review.scope_status in (Review.ScopeStatus.SENT, Review.ScopeStatus.AGREED):
        after = scope_snapshot(review)
        if after != before:
            review.scope_status = Review.ScopeStatus.DRAFT
            review.save(update_fields=["scope_status"])
            ScopeEvent.objects.create(review=review, kind=ScopeEvent.Kind.REOPENED, snapshot=after, by=by)


@transaction.atomic
def update_review(review, *, by, **fields):
    # Work on the stored review: a bound ModelForm has already written its values to `review`.
    review = Review.objects.select_for_update().get(pk=review.pk)
    before = scope_snapshot(review)
    # The plan follows the dates, and the review type (each type has its own default plan).
    dates = ("kind", "onsite_start", "onsite_days", "feedback_workshop")
    dates_changed = any(getattr(review, name) != fields[name] for name in dates if name in fields)
    for name, value in fields.items():
        setattr(review, name, value)
    review.save()
    if dates_changed:
        build_plan(review)
    _reopen_if_changed(review, by, before)
    return review


@transaction.atomic
def tailor_lines(review, *, included_ids, by):
    """Choose which lines of enquiry the review covers."""
    before = scope_snapshot(review)
    lines = ReviewLine.objects.filter(theme__review=review)
    lines.filter(pk__in=included_ids).update(included=True)
    lines.exclude(pk__in=included_ids).update(included=False)
    _reopen_if_changed(review, by, before)


@transaction.atomic
def add_local_line(review, *, theme, text, by):
    """A line of enquiry beyond the framework's, added by the manager or by the council (labelled as such).
    Added to a scope already sent or agreed, it takes the scope back to draft for the manager to send again."""
    if theme.review_id != review.pk:
        raise ActionRefused("Choose one of this review's themes.")
    before = scope_snapshot(review)
    line = ReviewLine.objects.create(
        theme=theme,
        text=text,
        is_local=True,
        added_by_council=by.has_perm("reviews.act_for_council", review),
        position=999,
    )
    _reopen_if_changed(review, by, before)
    return line


@transaction.atomic
def send_scope(review, *, by):
    review = Review.objects.select_for_update().get(pk=review.pk)
    if review.scope_status == Review.ScopeStatus.AGREED:
        raise ActionRefused("The council has already agreed this scope.")
    if review.scope_status == Review.ScopeStatus.SENT:
        raise ActionRefused("The scope is already with the council.")
    missing = []
    if not review.purpose.strip():
        missing.append("the purpose of the review")
    if not review.onsite_start:
        missing.append("the on-site dates")
    if not ReviewLine.objects.filter(theme__review=review, included=True).exists():
        missing.append("at least one line of enquiry")
    if missing:
        raise ActionRefused("Before sending the scope, add " + " and ".join(missing) + ".")
    review.scope_status = Review.ScopeStatus.SENT
    review.save(update_fields=["scope_status"])
    ScopeEvent.objects.create(
        review=review, kind=ScopeEvent.Kind.SENT, snapshot=scope_snapshot(review), by=by
    )
    messages.notify(
        people_on(review, COUNCIL_ROLES),
        subject=f"{review.authority.name}: the scope of the peer review waits for your agreement",
        template="reviews/email/scope_waiting.txt",
        context={"review": review},
        link=reverse("reviews:scope", args=[review.pk]),
        review_id=review.pk,
        exclude=by,
    )
    return review


@transaction.atomic
def respond_to_scope(review, *, by, agree, comment=""):
    """The council agrees the scope, or asks for changes with a comment."""
    review = Review.objects.select_for_update().get(pk=review.pk)
    if review.scope_status != Review.ScopeStatus.SENT:
        raise ActionRefused(
            "There is no scope waiting for your agreement. It may have changed: look at it again."
        )
    if not agree and not comment.strip():
        raise ActionRefused("Say what you would like changed.")
    review.scope_status = Review.ScopeStatus.AGREED if agree else Review.ScopeStatus.CHANGES_REQUESTED
    review.save(update_fields=["scope_status"])
    ScopeEvent.objects.create(
        review=review,
        kind=ScopeEvent.Kind.AGREED if agree else ScopeEvent.Kind.CHANGES_REQUESTED,
        snapshot=scope_snapshot(review),
        comment=comment.strip(),
        by=by,
    )
    if agree:
        mark_milestone_done_by_system(review, "scope_agreed", by)
    messages.notify(
        people_on(review, [Role.REVIEW_MANAGER]),
        subject=f"{review.authority.name}: the council has "
        + ("agreed the scope" if agree else "asked for changes to the scope"),
        template="reviews/email/scope_answered.txt",
        context={"review": review, "agree": agree},
        link=reverse("reviews:scope", args=[review.pk]),
        review_id=review.pk,
        exclude=by,
    )
    return review

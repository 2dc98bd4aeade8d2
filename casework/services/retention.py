"""Deleting what a closed review no longer needs, after the retention period."""

from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from reviews import audit
from reviews.models import Document, Review, StageChange

from ..models import Note
from .followup import add_months


@dataclass
class Due:
    review: object
    closed_on: object
    notes: int = 0
    documents: list = field(default_factory=list)


def due_for_retention(today=None):
    """Closed reviews past the retention period that still hold notes or documents to delete."""
    today = today or timezone.localdate()
    found = []
    closed = StageChange.objects.filter(to_stage=Review.Stage.CLOSED, review__stage=Review.Stage.CLOSED)
    latest = {}
    for change in closed.select_related("review__authority").order_by("at"):
        latest[change.review_id] = change
    for change in latest.values():
        closed_on = timezone.localdate(change.at)
        if add_months(closed_on, settings.RETENTION_MONTHS) > today:
            continue
        review = change.review
        item = Due(
            review=review,
            closed_on=closed_on,
            notes=Note.objects.filter(review=review).count(),
            documents=list(
                Document.objects.filter(review=review, keep_after_review=False).prefetch_related("versions")
            ),
        )
        if item.notes or item.documents:
            found.append(item)
    return found


def apply_retention(*, dry_run, today=None):
    """Delete (or, with dry_run, only list) what is due. Each deletion is recorded in the audit trail."""
    due = due_for_retention(today)
    if dry_run:
        return due
    for item in due:
        with transaction.atomic():
            # Deleting the notes also deletes their links to findings and hypotheses.
            Note.objects.filter(review=item.review).delete()
            for document in item.documents:
                # Its versions' stored files are deleted once this commits (peerreview.storage).
                document.delete()
            audit.record(
                audit.Action.DELETED,
                review=item.review,
                target=f"Retention: {item.notes} notes and {len(item.documents)} documents, "
                f"{settings.RETENTION_MONTHS} months after the review closed on {item.closed_on:%d/%m/%Y}",
            )
    return due

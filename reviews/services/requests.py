"""Document requests: the manager asks the council for something by a date; the council answers it.

requested -> submitted (something uploaded against it) -> accepted, or returned with the reason
(back to the council) -> closed; "not available", with the council's explanation, is an answer too.
Each change is recorded (`DocumentRequestEvent`) with who made it.
"""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from peerreview import messages, reminders

from ..models import (
    COUNCIL_ROLES,
    DocumentRequest,
    DocumentRequestEvent,
    DocumentRequestReminder,
    Milestone,
    Review,
    Role,
)
from ..queries import people_on
from .errors import ActionRefused

S = DocumentRequest.Status


def default_due(review):
    """The plan's "documents and data due" date, when it is still ahead."""
    milestone = review.milestones.filter(kind=Milestone.Kind.DOCUMENTS_DUE).first()
    if milestone and milestone.due >= timezone.localdate():
        return milestone.due
    return None


def council_owners(review):
    """Who may own a request: the review's council sponsor and organiser."""
    return people_on(review, COUNCIL_ROLES).order_by("full_name", "email")


def _link(request):
    return reverse("reviews:document-request-detail", args=[request.review_id, request.pk])


def _change(request, status, *, by, text=""):
    request.status = status
    request.save(update_fields=["status"])
    DocumentRequestEvent.objects.create(request=request, status=status, text=text, by=by)


def _locked(request, allowed, refusal):
    locked = DocumentRequest.objects.select_for_update().select_related("review").get(pk=request.pk)
    if locked.status not in allowed:
        raise ActionRefused(refusal.format(status=locked.get_status_display().lower()))
    return locked


@transaction.atomic
def request_document(review, *, by, title, due, owner, description="", category="other"):
    if due < timezone.localdate():
        raise ActionRefused("The due date must be today or later.")
    if owner is None or not council_owners(review).filter(pk=owner.pk).exists():
        raise ActionRefused("Choose the council sponsor or organiser who will answer this request.")
    request = DocumentRequest.objects.create(
        review=review, requested_by=by, title=title, description=description, category=category, due=due,
        owner=owner,
    )  # fmt: skip
    DocumentRequestEvent.objects.create(request=request, status=S.REQUESTED, by=by)
    messages.notify(
        [owner], subject=f"A document is asked for: {review.authority.name} peer review",
        template="reviews/email/document_requested.txt", context={"due": due, "review": review}, link=_link(request),
        review_id=review.pk, exclude=by,
    )  # fmt: skip
    return request


def mark_submitted(requests, *, by):
    """Something was uploaded against these requests: each still waiting for the council is submitted.
    Runs inside the upload's transaction; the review's managers are told once."""
    changed = []
    for request in requests:
        request = DocumentRequest.objects.select_for_update().get(pk=request.pk)
        if request.status in (*DocumentRequest.COUNCIL_TURN, S.NOT_AVAILABLE):
            _change(request, S.SUBMITTED, by=by)
            changed.append(request)
    if changed:
        review = changed[0].review
        messages.notify(
            people_on(review, [Role.REVIEW_MANAGER]),
            subject=f"Documents submitted: {review.authority.name} peer review",
            template="reviews/email/document_answered.txt", context={"count": len(changed)},
            link=reverse("reviews:document-requests", args=[review.pk]), review_id=review.pk, exclude=by,
        )  # fmt: skip
    return changed


@transaction.atomic
def accept_request(request, *, by):
    request = _locked(
        request, [S.SUBMITTED], "Only a submitted request can be accepted; this one is {status}."
    )
    _change(request, S.ACCEPTED, by=by)
    return request


@transaction.atomic
def return_request(request, *, by, reason):
    """Send an answer back to the council with the reason: it is the council's to answer again."""
    if not reason.strip():
        raise ActionRefused("Say why the request goes back, so the council knows what to send.")
    request = _locked(
        request,
        [S.SUBMITTED, S.NOT_AVAILABLE],
        "Only an answered request can be returned; this one is {status}.",
    )
    _change(request, S.RETURNED, by=by, text=reason.strip())
    messages.notify(
        [request.owner] if request.owner else people_on(request.review, COUNCIL_ROLES),
        subject=f"A document request was returned: {request.review.authority.name} peer review",
        template="reviews/email/document_returned.txt", link=_link(request), review_id=request.review_id,
        exclude=by,
    )  # fmt: skip
    return request


@transaction.atomic
def mark_not_available(request, *, by, explanation):
    if not explanation.strip():
        raise ActionRefused("Explain why it is not available, so the review team can plan without it.")
    request = _locked(
        request, DocumentRequest.COUNCIL_TURN, "This request has been answered already; it is {status}."
    )
    _change(request, S.NOT_AVAILABLE, by=by, text=explanation.strip())
    messages.notify(
        people_on(request.review, [Role.REVIEW_MANAGER]),
        subject=f"A document is not available: {request.review.authority.name} peer review",
        template="reviews/email/document_answered.txt", context={"count": 1}, link=_link(request),
        review_id=request.review_id, exclude=by,
    )  # fmt: skip
    return request


@transaction.atomic
def close_request(request, *, by):
    """Nothing more is needed on this request: no more reminders."""
    request = _locked(request, [s for s in S if s != S.CLOSED], "This request is closed already.")
    _change(request, S.CLOSED, by=by)
    return request


def _reminder_recipients(request):
    """The owner, while they are still the council's contact on the review; otherwise every council contact."""
    contacts = {person.pk: person.email for person in people_on(request.review, COUNCIL_ROLES)}
    if request.owner_id in contacts:
        return [contacts[request.owner_id]]
    return sorted(contacts.values())


def send_document_request_reminders(today=None):
    """Email the owner of each request the council has still to answer DOCUMENT_REQUEST_REMINDER_DAYS
    before it is due, and once when it is overdue. Each reminder is sent once (`reminders.send_once`)."""
    today = today or timezone.localdate()
    sent = 0
    due = (
        DocumentRequest.objects.waiting_for_council()
        .filter(due__lte=today + timedelta(days=settings.DOCUMENT_REQUEST_REMINDER_DAYS))
        .filter(review__called_off_at__isnull=True)
        .exclude(review__stage=Review.Stage.CLOSED)
        .select_related("review__authority")
    )
    for request in due:
        kind = (
            DocumentRequestReminder.Kind.OVERDUE
            if request.due < today
            else DocumentRequestReminder.Kind.DUE_SOON
        )
        context = {
            "request": request,
            "review": request.review,
            "overdue": kind == DocumentRequestReminder.Kind.OVERDUE,
            "link": settings.SITE_URL + _link(request),
        }
        subject = render_to_string("reviews/email/request_reminder_subject.txt", context).strip()
        body = render_to_string("reviews/email/request_reminder_body.txt", context)
        for email in _reminder_recipients(request):
            sent += reminders.send_once(
                DocumentRequestReminder, request=request, kind=kind, to=email, subject=subject, body=body
            )
    return sent

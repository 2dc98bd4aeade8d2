"""Document requests: the manager asks, the council answers (by upload or "not available"), the manager
accepts or returns with a reason."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from peerreview.pages import attempt, attempt_form, form_page

from .. import queries
from ..access import review_for
from ..forms.evidence import DocumentRequestForm, NotAvailableForm, RequestsUploadForm, ReturnRequestForm
from ..models import DocumentRequest
from ..services import evidence, requests
from .common import evidence_page


def _request_of(review, request_pk):
    return get_object_or_404(DocumentRequest.objects.select_related("owner"), pk=request_pk, review=review)


@login_required
def document_requests(request, pk):
    """Every request in one list, soonest due first: what is due when, and where each stands."""
    review = review_for(request, pk, "reviews.view_library")
    return evidence_page(
        request,
        "reviews/document_requests.html",
        review,
        requests=queries.document_requests_of(review),
        can_request=request.user.has_perm("reviews.request_documents", review) and not review.is_called_off,
        can_upload=request.user.has_perm("reviews.upload_documents", review) and not review.is_called_off,
    )


@login_required
def document_request_create(request, pk):
    review = review_for(request, pk, "reviews.request_documents")
    form = DocumentRequestForm(
        request.POST or None,
        review=review,
        default_due=requests.default_due(review),
        owners=requests.council_owners(review),
    )
    if request.method == "POST" and form.is_valid():
        done, _ = attempt_form(
            form, lambda: requests.request_document(review, by=request.user, **form.cleaned_data), field="due"
        )
        if done:
            messages.success(request, "Request sent to the council.")
            return redirect("reviews:document-requests", review.pk)
    return form_page(
        request,
        form,
        title="Ask the council for a document",
        caption=review.authority,
        back_url=reverse("reviews:document-requests", args=[review.pk]),
    )


@login_required
def document_request_detail(request, pk, request_pk):
    review = review_for(request, pk, "reviews.view_library")
    item = _request_of(review, request_pk)
    return evidence_page(
        request,
        "reviews/document_request_detail.html",
        review,
        item=item,
        history=queries.document_request_history(item),
        documents=item.documents.all(),
        can_decide=request.user.has_perm("reviews.request_documents", review) and not review.is_called_off,
        can_answer=request.user.has_perm("reviews.answer_document_requests", review)
        and not review.is_called_off,
        can_upload=request.user.has_perm("reviews.upload_documents", review) and not review.is_called_off,
        S=DocumentRequest.Status,
    )


@login_required
@require_POST
def document_request_accept(request, pk, request_pk):
    review = review_for(request, pk, "reviews.request_documents")
    item = _request_of(review, request_pk)
    attempt(request, lambda: requests.accept_request(item, by=request.user), "Request accepted.")
    return redirect(item)


@login_required
@require_POST
def document_request_close(request, pk, request_pk):
    review = review_for(request, pk, "reviews.request_documents")
    item = _request_of(review, request_pk)
    attempt(request, lambda: requests.close_request(item, by=request.user), "Request closed.")
    return redirect(item)


@login_required
def document_request_return(request, pk, request_pk):
    review = review_for(request, pk, "reviews.request_documents")
    item = _request_of(review, request_pk)
    form = ReturnRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done, _ = attempt_form(
            form, lambda: requests.return_request(item, by=request.user, **form.cleaned_data), field="reason"
        )
        if done:
            messages.success(request, "Request returned to the council with your reason.")
            return redirect(item)
    return form_page(
        request, form, title=f"Return “{item.title}” to the council", caption=review.authority,
        back_url=item.get_absolute_url(),
    )  # fmt: skip


@login_required
def document_request_not_available(request, pk, request_pk):
    review = review_for(request, pk, "reviews.answer_document_requests")
    item = _request_of(review, request_pk)
    form = NotAvailableForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done, _ = attempt_form(
            form,
            lambda: requests.mark_not_available(item, by=request.user, **form.cleaned_data),
            field="explanation",
        )
        if done:
            messages.success(request, "The review manager has been told it is not available.")
            return redirect(item)
    return form_page(
        request, form, title=f"“{item.title}” is not available", caption=review.authority,
        back_url=item.get_absolute_url(),
    )  # fmt: skip


@login_required
def document_requests_upload(request, pk):
    """Upload against several requests at once. If any file is refused, nothing is saved."""
    review = review_for(request, pk, "reviews.upload_documents")
    open_requests = review.document_requests.exclude(
        status__in=[DocumentRequest.Status.ACCEPTED, DocumentRequest.Status.CLOSED]
    )
    posted = request.method == "POST"  # a post with no file at all is still an answer to check
    form = RequestsUploadForm(
        request.POST if posted else None, request.FILES if posted else None, requests=open_requests
    )
    if posted and form.is_valid():
        try:
            versions = evidence.upload_for_requests(review, batches=form.batches(), by=request.user)
        except evidence.BatchRefused as refusal:
            for request_pk, problem in refusal.problems.items():
                form.add_error(form.field_for(request_pk), problem + evidence.NOTHING_UPLOADED)
        except evidence.ActionRefused as refusal:
            form.add_error(next(iter(form.requests), None), str(refusal))
        else:
            messages.success(request, f"{len(versions)} file{'s' if len(versions) != 1 else ''} uploaded.")
            return redirect("reviews:document-requests", review.pk)
    return evidence_page(
        request,
        "reviews/requests_upload.html",
        review,
        form=form,
        max_mb=settings.UPLOAD_MAX_BYTES // (1024 * 1024),
        back_url=reverse("reviews:document-requests", args=[review.pk]),
    )

"""The council's document library: upload, read, download (recorded), keep after the review."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from peerreview.pages import attempt_form
from peerreview.storage import file_response

from .. import queries
from ..access import review_for
from ..forms.evidence import UploadForm
from ..models import Category, Document, DocumentVersion
from ..services import evidence
from ..uploads import served_as
from .common import evidence_page


@login_required
def library(request, pk):
    review = review_for(request, pk, "reviews.view_library")
    category, theme = request.GET.get("category", ""), request.GET.get("theme", "")
    return evidence_page(
        request,
        "reviews/library.html",
        review,
        documents=queries.library_of(review, category=category, theme=theme),
        requests=queries.document_requests_of(review),
        categories=Category.choices,
        themes=review.themes.all(),
        chosen={"category": category, "theme": theme},
        can_upload=request.user.has_perm("reviews.upload_documents", review),
        can_request=request.user.has_perm("reviews.request_documents", review),
    )


@login_required
def document_upload(request, pk):
    review = review_for(request, pk, "reviews.upload_documents")
    initial = {}
    if request.GET.get("document", "").isdigit():
        existing = get_object_or_404(Document, pk=request.GET["document"], review=review)
        initial = {"title": existing.title, "category": existing.category}
    form = UploadForm(request.POST or None, request.FILES or None, review=review, initial=initial)
    if request.method == "POST" and form.is_valid():
        files = form.cleaned_data.pop("files")
        done, versions = attempt_form(
            form,
            lambda: evidence.upload_documents(review, files=files, by=request.user, **form.cleaned_data),
            field="files",
        )
        if done:
            messages.success(request, f"{len(versions)} file{'s' if len(versions) != 1 else ''} uploaded.")
            return redirect("reviews:library", review.pk)
    return evidence_page(
        request,
        "reviews/upload_form.html",
        review,
        form=form,
        max_mb=settings.UPLOAD_MAX_BYTES // (1024 * 1024),
        back_url=reverse("reviews:library", args=[review.pk]),
    )


@login_required
def document_detail(request, pk, document_pk):
    review = review_for(request, pk, "reviews.view_library")
    document = get_object_or_404(queries.documents_with_versions(), pk=document_pk, review=review)
    log = None
    if request.user.has_perm("reviews.view_download_log", review):
        log = queries.downloads_of(document)
    return evidence_page(
        request,
        "reviews/document_detail.html",
        review,
        document=document,
        log=log,
        retention_months=settings.RETENTION_MONTHS,
        can_upload=request.user.has_perm("reviews.upload_documents", review),
    )


@login_required
def document_download(request, pk, document_pk, version_pk):
    review = review_for(request, pk, "reviews.view_library")
    version = get_object_or_404(
        DocumentVersion, pk=version_pk, document_id=document_pk, document__review=review
    )
    filename, content_type = served_as(version.original_name, version.content_type)
    try:
        response = file_response(
            version.file, as_attachment=True, filename=filename, content_type=content_type
        )
    except FileNotFoundError:
        raise Http404("The file is missing from storage.") from None
    evidence.record_download(version, request)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def document_keep(request, pk, document_pk):
    """The council asks to keep a document after the review closes (or no longer asks)."""
    review = review_for(request, pk, "reviews.act_for_council")
    document = get_object_or_404(Document, pk=document_pk, review=review)
    evidence.keep_document(document, keep=not document.keep_after_review)
    if document.keep_after_review:
        messages.success(request, "This document will be kept after the review closes.")
    else:
        messages.success(request, "This document will be deleted with the notes after the review closes.")
    return redirect(document)

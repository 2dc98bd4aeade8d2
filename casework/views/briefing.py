"""The briefing pack for the council's staff and partners: editing, PDFs made by Celery, sharing."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from peerreview import jobs
from peerreview.pages import attempt
from peerreview.storage import file_response
from reviews import audit
from reviews.access import review_for

from .. import queries
from ..forms.briefing import BriefingSectionForm
from ..letter_text import blocks
from ..models import BriefingPack, BriefingRender, BriefingSection
from ..services import briefing
from . import documents

PDF_SERVICE_DOWN = "The PDF service cannot be reached just now; the briefing is saved and its PDF will be made when it is back."


@login_required
def briefing_page(request, pk):
    review = review_for(request, pk, "casework.view_briefing")
    pack = queries.briefing_of(review)
    can_edit = request.user.has_perm("casework.edit_briefing", review)
    context = {"review": review, "pack": pack, "can_edit": can_edit}
    if pack:
        renders = queries.briefing_renders_for(request.user, review, pack)
        context.update(
            sections=[(s, blocks(s.body)) for s in pack.sections.all()] if can_edit else [],
            renders=renders,
            latest=renders[0] if renders else None,
            pdf_service_down=PDF_SERVICE_DOWN if can_edit and not jobs.broker_reachable() else "",
        )
    if request.headers.get("HX-Request"):
        return render(request, "casework/_briefing_renders.html", context)
    return render(request, "casework/briefing.html", context)


@login_required
@require_POST
def briefing_create(request, pk):
    review = review_for(request, pk, "casework.edit_briefing")
    attempt(
        request,
        lambda: briefing.create_pack(review, by=request.user),
        "Briefing pack drafted from the review. Check every section before you share it.",
    )
    return redirect("casework:briefing", review.pk)


def _section(request, pk, section_pk):
    review = review_for(request, pk, "casework.edit_briefing")
    section = get_object_or_404(
        BriefingSection.objects.select_related("pack"), pk=section_pk, pack__review=review
    )
    section.pack.review = review
    return review, section


@login_required
def briefing_section_edit(request, pk, section_pk):
    review, section = _section(request, pk, section_pk)
    return documents.section_page(
        request,
        review,
        section,
        BriefingSectionForm,
        briefing.update_section,
        caption="Briefing pack",
        back="casework:briefing",
    )


@login_required
@require_POST
def briefing_section_refresh(request, pk, section_pk):
    review, section = _section(request, pk, section_pk)
    attempt(
        request,
        lambda: briefing.refresh_section(section, by=request.user),
        f"“{section.title}” rewritten from the review as it is now.",
    )
    return redirect("casework:briefing", review.pk)


@login_required
@require_POST
def briefing_render_request(request, pk):
    review = review_for(request, pk, "casework.edit_briefing")
    pack = get_object_or_404(BriefingPack, review=review)
    job = briefing.request_render(pack, by=request.user)
    if jobs.waiting_for_broker(job, reload=True):
        messages.warning(
            request,
            f"Version {job.number} of the PDF is queued. The PDF service cannot be reached just now; "
            "the PDF will be made when it is back.",
        )
    else:
        messages.success(request, f"Version {job.number} of the PDF: {job.get_status_display().lower()}.")
    return redirect("casework:briefing", review.pk)


@login_required
@require_POST
def briefing_share(request, pk, render_pk):
    review = review_for(request, pk, "casework.edit_briefing")
    job = get_object_or_404(BriefingRender, pk=render_pk, pack__review=review)
    attempt(
        request,
        lambda: briefing.share_render(job, by=request.user),
        f"Version {job.number} is shared: the council's contacts and the team can now download it.",
    )
    return redirect("casework:briefing", review.pk)


@login_required
def briefing_pdf_download(request, pk, render_pk):
    """Downloads the PDF. Drafts are for the pack's editors; everyone on the review gets shared versions."""
    review = review_for(request, pk, "casework.view_briefing")
    job = get_object_or_404(
        BriefingRender, pk=render_pk, pack__review=review, status=BriefingRender.Status.READY
    )
    if not request.user.has_perm("casework.edit_briefing", review) and not job.is_shared:
        raise Http404
    audit.record(
        audit.Action.DOCUMENT_DOWNLOADED,
        request=request,
        review=review,
        target=f"Briefing pack, version {job.number}",
        object_id=job.pk,
    )
    name = job.file.name.split("/")[-1]
    response = file_response(job.file, content_type="application/pdf", as_attachment=True, filename=name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response

"""The feedback letter: drafting, PDFs made by Celery, the council's factual check, issuing."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from peerreview import jobs
from peerreview.pages import attempt, attempt_form, form_page
from peerreview.storage import file_response
from reviews.access import review_for
from reviews.services import ActionRefused

from .. import queries
from ..forms.letter import CorrectionForm, FactualCommentForm, ResponseForm, SectionForm
from ..letter_text import blocks
from ..models import FactualComment, Letter, LetterRender, LetterSection, SignOff
from ..services import letter, signoff
from . import documents

PDF_SERVICE_DOWN = "The PDF service cannot be reached just now; your letter is saved and its PDF will be made when it is back."


FINAL_PDF_QUEUED = (
    " The PDF service cannot be reached just now: the final PDF is queued and will be made when it is back."
)


@login_required
def letter_page(request, pk):
    review = review_for(request, pk, "casework.view_letter", queryset=queries.letter_reviews())
    can_edit = request.user.has_perm("casework.edit_letter", review)
    reads_checks = request.user.has_perm("casework.read_letter_checks", review)
    current = queries.letter_of(review, with_checks=reads_checks)
    context = {"review": review, "letter": current, "can_edit": can_edit}
    if current:
        sections = list(current.sections.all())
        renders = queries.renders_for(request.user, review, current)
        sources = result = None
        # Not while the page polls for a PDF being made (htmx): the part it swaps in shows no checks.
        if reads_checks and not current.is_issued and not request.headers.get("HX-Request"):
            sources, result = signoff.checks_of(current)
        context.update(
            sections=[(s, blocks(s.body)) for s in sections] if can_edit else [],
            # The checks' agreed findings serve here too, rather than being read again.
            stale=queries.stale_sections(current, sources.findings if sources else None)
            if can_edit and not current.is_issued
            else set(),
            renders=renders,
            latest=renders[0] if renders else None,
            can_comment=request.user.has_perm("casework.comment_on_letter", review),
            can_issue=request.user.has_perm("casework.issue_letter", review),
            sees_checksums=request.user.has_perm("casework.see_letter_checksums", review),
            response_form=ResponseForm() if can_edit else None,
            pdf_service_down=PDF_SERVICE_DOWN if can_edit and not jobs.broker_reachable() else "",
        )
        if reads_checks:
            context.update(_sign_off_context(request, review, current, can_edit, renders, result))
    if request.headers.get("HX-Request"):
        return render(request, "casework/_letter_renders.html", context)
    return render(request, "casework/letter.html", context)


def _sign_off_context(request, review, current, can_edit, renders, checks):
    """The checks, the sign-off timeline and what the viewer may do about them (see views/signoff.py)."""
    sign_offs = list(current.sign_offs.all())  # loaded by queries.letter_of
    can_submit = request.user.has_perm("casework.submit_letter", review) and not current.is_issued
    pending = next((s for s in sign_offs if s.state == SignOff.State.PENDING), None)
    context = {
        "reads_checks": True,
        "sign_offs": sign_offs,
        "pending": pending,
        "can_submit": can_submit and pending is None,
        "can_submit_final": can_submit
        and pending is None
        and current.status == Letter.Status.DRAFT
        and any(r.sent_for_check_at for r in renders),
        "can_approve": request.user.has_perm("casework.approve_letter", review),
        "can_view_provenance": request.user.has_perm("casework.view_provenance", review),
        "approved_renders": {s.render_id for s in sign_offs if s.state == SignOff.State.APPROVED},
        "final_approved": any(s.final and s.state == SignOff.State.APPROVED for s in sign_offs),
    }
    if checks is not None:
        context["checks"] = checks
    if not can_edit:
        # The quality assurer reads the text they approve.
        context["sections"] = [(s, blocks(s.body)) for s in current.sections.all()]
    return context


@login_required
@require_POST
def letter_create(request, pk):
    review = review_for(request, pk, "casework.edit_letter")
    attempt(
        request,
        lambda: letter.create_letter(review, by=request.user),
        "Draft letter made from the agreed findings. Every section can be edited.",
    )
    return redirect("casework:letter", review.pk)


def _section(request, pk, section_pk):
    review = review_for(request, pk, "casework.edit_letter")
    section = get_object_or_404(
        LetterSection.objects.select_related("letter"), pk=section_pk, letter__review=review
    )
    return review, section


@login_required
def section_edit(request, pk, section_pk):
    review, section = _section(request, pk, section_pk)
    return documents.section_page(
        request,
        review,
        section,
        SectionForm,
        letter.update_section,
        caption="Feedback letter",
        back="casework:letter",
    )


@login_required
@require_POST
def section_refresh(request, pk, section_pk):
    review, section = _section(request, pk, section_pk)
    attempt(
        request,
        lambda: letter.refresh_section(section, by=request.user),
        f"“{section.title}” rewritten from the findings as they are now.",
    )
    return redirect("casework:letter", review.pk)


@login_required
@require_POST
def render_request(request, pk):
    review = review_for(request, pk, "casework.edit_letter")
    current = get_object_or_404(Letter, review=review)
    job = letter.request_render(current, by=request.user, final=current.is_issued)
    if jobs.waiting_for_broker(job, reload=True):
        messages.warning(
            request,
            f"Version {job.number} of the PDF is queued. The PDF service cannot be reached just now; "
            "the PDF will be made when it is back.",
        )
    else:
        messages.success(request, f"Version {job.number} of the PDF: {job.get_status_display().lower()}.")
    return redirect("casework:letter", review.pk)


@login_required
def letter_pdf_download(request, pk, render_pk):
    """Opens the PDF in the browser. The council sees only versions sent to it and the issued letter."""
    review = review_for(request, pk, "casework.view_letter")
    job = get_object_or_404(
        LetterRender, pk=render_pk, letter__review=review, status=LetterRender.Status.READY
    )
    may_read_drafts = request.user.has_perm("casework.edit_letter", review) or request.user.has_perm(
        "casework.read_letter_checks", review
    )
    if not may_read_drafts and not job.council_may_see:
        raise Http404
    letter.record_download(job, request)
    response = file_response(job.file, content_type="application/pdf", filename=job.file.name.split("/")[-1])
    response["Content-Disposition"] = f'inline; filename="{job.file.name.split("/")[-1]}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def send_for_check(request, pk, render_pk):
    review = review_for(request, pk, "casework.edit_letter")
    job = get_object_or_404(LetterRender, pk=render_pk, letter__review=review)
    attempt(
        request,
        lambda: letter.send_for_check(job, by=request.user),
        f"Version {job.number} sent to the council sponsor for a factual-accuracy check.",
    )
    return redirect("casework:letter", review.pk)


@login_required
def comment_create(request, pk, render_pk):
    review = review_for(request, pk, "casework.comment_on_letter")
    job = get_object_or_404(LetterRender, pk=render_pk, letter__review=review)
    if not job.council_may_see or job.final:
        raise Http404
    form = FactualCommentForm(request.POST or None, letter=job.letter)
    if request.method == "POST" and form.is_valid():
        done, _ = attempt_form(
            form, lambda: letter.add_factual_comment(job, by=request.user, **form.cleaned_data)
        )
        if done:
            messages.success(request, "Comment sent to the review team. Thank you.")
            return redirect("casework:letter", review.pk)
    return form_page(
        request,
        form,
        title=f"Comment on version {job.number} of the letter",
        caption=review.authority,
        back_url=reverse("casework:letter", args=[review.pk]),
    )


@login_required
@require_POST
def comment_respond(request, pk, comment_pk):
    review = review_for(request, pk, "casework.edit_letter")
    item = get_object_or_404(FactualComment, pk=comment_pk, render__letter__review=review)
    form = ResponseForm(request.POST)
    if form.is_valid():
        attempt(
            request,
            lambda: letter.respond_to_comment(item, text=form.cleaned_data["text"], by=request.user),
            "Response saved.",
        )
    else:
        messages.error(request, "Write the team's response before saving it.")
    return redirect("casework:letter", review.pk)


@login_required
def issue_letter(request, pk):
    review = review_for(request, pk, "casework.issue_letter")
    current = get_object_or_404(Letter, review=review)
    if request.method == "POST":
        # The one refusal not shown through attempt(): the success message depends on the job made.
        try:
            job = letter.issue_letter(current, by=request.user)
        except ActionRefused as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(
                request,
                "The letter is issued."
                + (
                    FINAL_PDF_QUEUED
                    if jobs.waiting_for_broker(job, reload=True)
                    else " The final PDF is being made; the council can open it when ready."
                ),
            )
        return redirect("casework:letter", review.pk)
    return render(request, "casework/letter_issue.html", {"review": review, "letter": current})


@login_required
@require_POST
def correction_start(request, pk):
    review = review_for(request, pk, "casework.issue_letter")
    current = get_object_or_404(Letter, review=review)
    attempt(
        request,
        lambda: letter.start_correction(current, by=request.user),
        "You can now edit the letter. Issue the correction when it is ready: it becomes a new version.",
    )
    return redirect("casework:letter", review.pk)


@login_required
def correction_issue(request, pk):
    review = review_for(request, pk, "casework.issue_letter")
    current = get_object_or_404(Letter, review=review)
    form = CorrectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done, job = attempt_form(
            form,
            lambda: letter.issue_correction(current, by=request.user, reason=form.cleaned_data["reason"]),
            field="reason",
        )
        if done:
            messages.success(
                request,
                "The corrected letter is issued as a new version."
                + (FINAL_PDF_QUEUED if jobs.waiting_for_broker(job, reload=True) else ""),
            )
            return redirect("casework:letter", review.pk)
    return form_page(
        request,
        form,
        title="Issue the correction",
        caption=review.authority,
        back_url=reverse("casework:letter", args=[review.pk]),
    )

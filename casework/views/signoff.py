"""The gate before the council sees the letter: acknowledging the checks' warnings, submitting a version for
sign-off, the quality assurer's decision, and where each sentence of a version comes from."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from peerreview.pages import attempt, attempt_form, form_page
from reviews.access import review_for

from .. import queries
from ..forms.letter import AcknowledgementForm, ReturnForm
from ..letter_text import blocks
from ..models import Letter, LetterRender, SignOff
from ..provenance import provenance
from ..services import signoff


def _letter_url(review, anchor=""):
    return reverse("casework:letter", args=[review.pk]) + anchor


@login_required
def acknowledge(request, pk, key):
    review = review_for(request, pk, "casework.edit_letter")
    letter = get_object_or_404(Letter.objects.select_related("review__authority"), review=review)
    _, result = signoff.checks_of(letter)
    problem = next((p for p, _ in result.warnings if p.key == key), None)
    if problem is None:
        raise Http404("That warning no longer applies.")
    form = AcknowledgementForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done, _ = attempt_form(
            form,
            lambda: signoff.acknowledge_warning(
                letter, key=key, reason=form.cleaned_data["reason"], by=request.user
            ),
            field="reason",
        )
        if done:
            messages.success(request, "Warning acknowledged. Your reason is kept with the letter.")
            return redirect(_letter_url(review, "#letter-checks"))
    return form_page(
        request,
        form,
        title="Acknowledge a warning",
        caption="Feedback letter",
        back_url=_letter_url(review, "#letter-checks"),
        template="casework/acknowledge.html",
        problem=problem,
    )


@login_required
@require_POST
def submit_draft(request, pk, render_pk):
    review = review_for(request, pk, "casework.submit_letter")
    job = get_object_or_404(
        LetterRender.objects.select_related("letter"), pk=render_pk, letter__review=review
    )
    attempt(
        request,
        lambda: signoff.submit_for_sign_off(job.letter, by=request.user, render=job),
        f"Version {job.number} is submitted for sign-off. The quality assurer has been told.",
    )
    return redirect(_letter_url(review, "#sign-off"))


@login_required
@require_POST
def submit_final(request, pk):
    review = review_for(request, pk, "casework.submit_letter")
    letter = get_object_or_404(Letter, review=review)
    attempt(
        request,
        lambda: signoff.submit_for_sign_off(letter, by=request.user, final=True),
        "The final letter is submitted for sign-off. The quality assurer has been told.",
    )
    return redirect(_letter_url(review, "#sign-off"))


def _sign_off(request, pk, sign_off_pk, permission):
    review = review_for(request, pk, permission, queryset=queries.letter_reviews())
    item = get_object_or_404(
        SignOff.objects.select_related("letter", "render", "submitted_by", "decided_by"),
        pk=sign_off_pk,
        letter__review=review,
    )
    # Already fetched: the checks read the review, the PDF's link reads its letter.
    item.letter.review = review
    if item.render is not None:
        item.render.letter = item.letter
    return review, item


@login_required
def sign_off_page(request, pk, sign_off_pk, form=None):
    """What the quality assurer reads before deciding: the text, the checks and the acknowledged warnings."""
    review, item = _sign_off(request, pk, sign_off_pk, "casework.read_letter_checks")
    sources, result = signoff.checks_of(item.letter)
    may_decide = (
        item.state == SignOff.State.PENDING
        and request.user.has_perm("casework.approve_letter", review)
        and item.submitted_by_id != request.user.pk
    )
    if may_decide and form is None:
        form = ReturnForm(sections=sources.sections)
    if may_decide:
        form.helper.form_action = reverse("casework:letter-return", args=[review.pk, item.pk])
    return render(
        request,
        "casework/sign_off.html",
        {
            "review": review,
            "item": item,
            "sections": [(s, blocks(s.body)) for s in sources.sections],
            "checks": result,
            "acknowledgements": list(sources.acknowledgements.values()),
            "comments": list(item.comments.all()),
            "may_decide": may_decide,
            "form": form if may_decide else None,
        },
    )


@login_required
@require_POST
def sign_off_approve(request, pk, sign_off_pk):
    review, item = _sign_off(request, pk, sign_off_pk, "casework.approve_letter")
    attempt(
        request,
        lambda: signoff.approve(item, by=request.user),
        f"You approved {item.what}."
        + (" The team can now send it to the council." if not item.final else " It can now be issued."),
    )
    return redirect(_letter_url(review, "#sign-off"))


@login_required
@require_POST
def sign_off_return(request, pk, sign_off_pk):
    review, item = _sign_off(request, pk, sign_off_pk, "casework.approve_letter")
    form = ReturnForm(request.POST, sections=item.letter.sections.all())
    if form.is_valid():
        done, _ = attempt_form(
            form, lambda: signoff.return_with_comments(item, by=request.user, comments=form.comments())
        )
        if done:
            messages.success(request, f"You returned {item.what} to the team with your comments.")
            return redirect(_letter_url(review, "#sign-off"))
    return sign_off_page(request, pk, sign_off_pk, form=form)


@login_required
def provenance_page(request, pk, render_pk):
    """Where every part of one version of the letter comes from. The council never reaches it (404)."""
    review = review_for(request, pk)
    if not request.user.has_perm("casework.view_provenance", review):
        raise Http404("No review found.")
    job = get_object_or_404(
        LetterRender.objects.select_related("letter", "provenance"), pk=render_pk, letter__review=review
    )
    job.letter.review = review
    snapshot = getattr(job, "provenance", None)
    if snapshot is not None:
        data, changed = snapshot.data, False
    else:
        sources = queries.letter_sources(job.letter, for_checks=False, with_roles=True)
        data = provenance(sources)
        changed = not job.final and job.content_hash != sources.draft_hash
    findings = data["findings"]
    for section in data["sections"]:
        for item in section["items"]:
            item["sources"] = [findings[str(i)] for i in item["findings"] if str(i) in findings]
    return render(
        request,
        "casework/provenance.html",
        {"review": review, "render": job, "data": data, "snapshot": snapshot, "changed": changed},
    )

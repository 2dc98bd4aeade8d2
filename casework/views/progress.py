"""The progress review: start it from a review in follow-up, follow each recommendation, judge it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from peerreview.pages import form_page
from reviews.access import review_for
from reviews.services import ActionRefused

from .. import queries
from ..forms.progress import JudgementForm, ProgressReviewStartForm
from ..models import Judgement, ProgressReview
from ..services import progress


@login_required
def progress_start(request, pk):
    """The manager starts a progress review of this review; only from follow-up, and only once."""
    original = review_for(request, pk, "casework.start_progress_review")
    form = ProgressReviewStartForm(request.POST or None, original_team=progress.original_team(original))
    if request.method == "POST" and form.is_valid():
        try:
            started, refused = progress.start_progress_review(
                original,
                onsite_start=form.cleaned_data["onsite_start"],
                onsite_days=form.cleaned_data["onsite_days"],
                team=form.chosen_team(),
                by=request.user,
            )
        except progress.StartRefused as refusal:
            form.add_error(refusal.field, str(refusal))
        else:
            messages.success(
                request, "Progress review started. Send its scope to the council, then fill its team."
            )
            for peer, reason in refused:
                messages.warning(request, f"{peer.full_name} was not invited: {reason}")
            return redirect("casework:progress", started.review.pk)
    return form_page(
        request,
        form,
        title="Start a progress review",
        caption=original.authority,
        back_url=reverse("casework:followup", args=[original.pk]),
        template="casework/progress_start.html",
        review=original,
        recommendations=progress.original_recommendations(original),
    )


@login_required
def progress_page(request, pk):
    review = review_for(request, pk, "casework.view_progress_review")
    current = get_object_or_404(ProgressReview.objects.select_related("original__authority"), review=review)
    return render(
        request,
        "casework/progress.html",
        {
            "review": review,
            "progress": current,
            "judgements": queries.judgements_of(current),
            "can_judge": request.user.has_perm("casework.judge_progress", review),
        },
    )


@login_required
def judgement_edit(request, pk, judgement_pk):
    review = review_for(request, pk, "casework.judge_progress")
    judgement = get_object_or_404(
        Judgement.objects.select_related("recommendation"), pk=judgement_pk, progress_review__review=review
    )
    form = JudgementForm(request.POST or None, instance=judgement)
    if request.method == "POST" and form.is_valid():
        try:
            progress.record_judgement(
                judgement,
                verdict=form.cleaned_data["verdict"],
                what_we_found=form.cleaned_data["what_we_found"],
                by=request.user,
            )
        except ActionRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, "Judgement saved. The letter's draft can be refreshed from it.")
            return redirect("casework:progress", review.pk)
    return form_page(
        request,
        form,
        title="Judge a recommendation",
        caption=review.authority,
        back_url=reverse("casework:progress", args=[review.pk]),
        template="casework/judgement_form.html",
        review=review,
        judgement=judgement,
    )

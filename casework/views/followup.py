"""Follow-up: the council's action plan and check-ins, evaluation, closing, and the programme view."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from peerreview.exports import csv_response
from peerreview.pages import attempt, attempt_form, form_page
from peerreview.storage import file_response
from reviews import audit
from reviews.access import programme_permission, review_for
from reviews.models import Review
from reviews.uploads import served_as

from .. import queries
from ..forms.followup import ActionForm, CheckInForm, EvaluationForm, ProgressForm
from ..models import Action, CheckIn, Evaluation, ProgressReview, ProgressUpdate
from ..services import followup


@login_required
def followup_page(request, pk):
    review = review_for(request, pk, "casework.view_followup")
    context = {
        "review": review,
        "actions": queries.actions_of(review),
        "checkins": queries.checkins_of(review),
        "can_edit": request.user.has_perm("casework.edit_actions", review),
        "can_evaluate": request.user.has_perm("casework.evaluate", review),
        "evaluated": queries.has_evaluated(review, request.user),
        "can_close": request.user.has_perm("casework.close_review", review)
        and review.stage == Review.Stage.FOLLOW_UP,
        # Progress reviews (issue 23): the one that follows this review, or the one this review is.
        "progress_reviews": review.progress_reviews.select_related("review"),
        "progress_of": ProgressReview.objects.filter(review=review).first(),
        "can_start_progress": request.user.has_perm("casework.start_progress_review", review)
        and review.stage == Review.Stage.FOLLOW_UP,
    }
    if request.user.has_perm("casework.view_evaluations", review):
        context["evaluations"] = review.evaluations.all()
        context["averages"] = queries.evaluation_averages(review)
    return render(request, "casework/followup.html", context)


def _action_page(request, review, action):
    initial = {}
    if request.GET.get("recommendation", "").isdigit():
        initial["recommendations"] = [int(request.GET["recommendation"])]
    form = ActionForm(request.POST or None, instance=action, review=review, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done, _ = attempt_form(
            form,
            lambda: followup.save_action(
                review,
                action,
                fields={k: data[k] for k in ("title", "steps", "owner_name", "owner_role", "target_date")},
                recommendations=list(data["recommendations"]),
                by=request.user,
            ),
            field="target_date",
        )
        if done:
            messages.success(request, "Action saved.")
            return redirect("casework:followup", review.pk)
    return form_page(
        request,
        form,
        title="Change the action" if action.pk else "Add an action",
        caption=review.authority,
        back_url=reverse("casework:followup", args=[review.pk]),
    )


@login_required
def action_create(request, pk):
    review = review_for(request, pk, "casework.edit_actions")
    return _action_page(request, review, Action(review=review))


@login_required
def action_edit(request, pk, action_pk):
    review = review_for(request, pk, "casework.edit_actions")
    return _action_page(request, review, get_object_or_404(Action, pk=action_pk, review=review))


@login_required
def progress_create(request, pk, action_pk):
    review = review_for(request, pk, "casework.edit_actions")
    action = get_object_or_404(Action, pk=action_pk, review=review)
    form = ProgressForm(request.POST or None, request.FILES or None, initial={"status": action.status})
    if request.method == "POST" and form.is_valid():
        # The form has checked the evidence file; any refusal left is about the update itself.
        done, _ = attempt_form(
            form, lambda: followup.add_progress(action, by=request.user, **form.cleaned_data), field="text"
        )
        if done:
            messages.success(request, "Progress recorded.")
            return redirect("casework:followup", review.pk)
    return form_page(
        request,
        form,
        title="Record progress",
        caption=action.title[:120],
        back_url=reverse("casework:followup", args=[review.pk]),
    )


@login_required
def progress_evidence(request, pk, update_pk):
    review = review_for(request, pk, "casework.view_followup")
    update = get_object_or_404(ProgressUpdate, pk=update_pk, action__review=review)
    if not update.evidence:
        raise Http404
    filename, content_type = served_as(update.evidence_name, update.evidence_content_type)
    try:
        response = file_response(
            update.evidence, as_attachment=True, filename=filename, content_type=content_type
        )
    except FileNotFoundError:
        raise Http404("The file is missing from storage.") from None
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def checkin(request, pk, checkin_pk):
    review = review_for(request, pk, "casework.view_followup")
    item = get_object_or_404(CheckIn, pk=checkin_pk, review=review)
    can_submit = request.user.has_perm("casework.edit_actions", review) and not item.is_submitted
    form = CheckInForm(request.POST or None, instance=CheckIn.objects.get(pk=item.pk)) if can_submit else None
    if form is not None and request.method == "POST" and form.is_valid():
        attempt(
            request,
            lambda: followup.submit_checkin(item, by=request.user, **form.cleaned_data),
            "Check-in submitted. The review team and the peers have been told.",
        )
        return redirect("casework:followup", review.pk)
    if request.method == "POST" and form is None:
        messages.error(request, "This check-in has already been submitted. Thank you.")
        return redirect("casework:followup", review.pk)
    return render(request, "casework/checkin.html", {"review": review, "checkin": item, "form": form})


@login_required
def evaluation(request, pk):
    review = review_for(request, pk, "casework.evaluate")
    form = EvaluationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        role = queries.role_of(review, request.user)
        attempt(
            request,
            lambda: followup.save_evaluation(review, user=request.user, role=role, **form.cleaned_data),
            "Thank you. Your evaluation helps the programme improve.",
        )
        return redirect("casework:followup", review.pk)
    return form_page(
        request,
        form,
        title="How did the review go?",
        caption=review.authority,
        back_url=reverse("casework:followup", args=[review.pk]),
    )


@login_required
@require_POST
def close(request, pk):
    review = review_for(request, pk, "casework.close_review")
    attempt(
        request,
        lambda: followup.close_review(review, by=request.user),
        "Review closed. Its members can still read it.",
    )
    return redirect("casework:followup", review.pk)


@programme_permission("reviews.list_reviews")
def programme(request):
    """Across all reviews: stages, what is recommended, whether actions are on track, peers, evaluation."""
    figures = queries.programme_figures(timezone.localdate())
    figures["progress_reviews"] = queries.progress_reviews()
    if request.GET.get("format") == "csv":
        audit.record(audit.Action.EXPORTED, request=request, target="Programme figures (CSV)")
        return _csv(figures["rows"], figures["themes"], figures["actions"], figures["scores"])
    actions = figures["actions"]
    return render(
        request,
        "casework/programme.html",
        {
            **figures,
            "themes": figures["themes"].most_common(),
            "max_theme": max(figures["themes"].values(), default=1),
            "on_track_percent": round(100 * actions["on_track"] / actions["total"])
            if actions["total"]
            else None,
            "questions": Evaluation.QUESTIONS,
        },
    )


def _csv(rows, themes, actions, scores):
    response, writer = csv_response("programme.csv")
    writer.writerow(["section", "item", "detail", "value"])
    writer.writerows(["reviews", stage, year or "", n] for stage, year, n in rows)
    writer.writerows(
        ["recommendations by theme", theme or "Beyond the framework", "", n] for theme, n in themes.items()
    )
    writer.writerow(["actions", "on track or done", "", actions["on_track"]])
    writer.writerow(["actions", "not yet updated", "", actions["not_updated"]])
    writer.writerow(["actions", "all", "", actions["total"]])
    for row in scores:
        for name, label in Evaluation.QUESTIONS:
            writer.writerow(["evaluation", label, row["submitted_at__year"], f"{row[name]:.1f}"])
    return response

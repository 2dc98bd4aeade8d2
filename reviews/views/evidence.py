"""Pre-visit evidence beside the library and questionnaire: self-evaluation, case exercises, hypotheses."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse

from peerreview.pages import form_page

from ..access import review_for
from ..forms.evidence import CaseExerciseForm, EarlyFindingForm, HypothesisForm, SelfEvaluationEntryForm
from ..models import CaseExercise, Hypothesis, SelfEvaluation
from ..services import analysis, evidence
from .common import evidence_page


@login_required
def self_evaluation(request, pk):
    """The council completes it; the team reads it once submitted."""
    review = review_for(request, pk)
    can_edit = request.user.has_perm("reviews.edit_self_evaluation", review)
    if not (can_edit or request.user.has_perm("reviews.view_team_material", review)):
        raise Http404
    evaluation = evidence.self_evaluation_of(review)
    entries = list(evaluation.entries.select_related("theme").prefetch_related("documents"))
    editing = can_edit and evaluation.status == SelfEvaluation.Status.DRAFT
    forms = [
        SelfEvaluationEntryForm(request.POST or None, instance=entry, review=review, prefix=f"theme{entry.theme.number}")
        for entry in entries
    ] if editing else []  # fmt: skip
    problem = None
    if editing and request.method == "POST" and all(form.is_valid() for form in forms):
        submit = request.POST.get("action") == "submit"
        incomplete = evidence.save_self_evaluation(
            evaluation,
            entries=[(form.instance, dict(form.cleaned_data)) for form in forms],
            by=request.user,
            submit=submit,
        )
        if incomplete:
            problem = (
                "Your answers are saved as a draft. To submit, grade each theme and describe its strengths "
                "and areas for development. Still to complete: " + "; ".join(incomplete) + "."
            )
        else:
            messages.success(
                request, "Submitted to the review team. Thank you." if submit else "Draft saved."
            )
            return redirect("reviews:self-evaluation", review.pk)
    visible = can_edit or evaluation.status == SelfEvaluation.Status.SUBMITTED
    return evidence_page(
        request,
        "reviews/self_evaluation.html",
        review,
        evaluation=evaluation,
        entries=entries if visible else [],
        forms=forms,
        problem=problem,
    )


@login_required
def case_exercises(request, pk):
    review = review_for(request, pk)
    if not (
        request.user.has_perm("reviews.edit_case_exercises", review)
        or request.user.has_perm("reviews.view_team_material", review)
    ):
        raise Http404
    done = {
        e.kind: e for e in review.case_exercises.prefetch_related("documents").select_related("updated_by")
    }
    return evidence_page(
        request,
        "reviews/case_exercises.html",
        review,
        exercises=[(kind, label, done.get(kind)) for kind, label in CaseExercise.Kind.choices],
        can_edit=request.user.has_perm("reviews.edit_case_exercises", review),
    )


@login_required
def case_exercise_edit(request, pk, kind):
    review = review_for(request, pk, "reviews.edit_case_exercises")
    if kind not in CaseExercise.Kind.values:
        raise Http404
    instance = CaseExercise.objects.filter(review=review, kind=kind).first() or CaseExercise(
        review=review, kind=kind
    )
    form = CaseExerciseForm(request.POST or None, instance=instance, review=review)
    if request.method == "POST" and form.is_valid():
        evidence.save_case_exercise(review, kind=kind, by=request.user, **form.cleaned_data)
        messages.success(request, f"{CaseExercise.Kind(kind).label} saved.")
        return redirect("reviews:case-exercises", review.pk)
    return form_page(
        request,
        form,
        title=CaseExercise.Kind(kind).label,
        caption=review.authority,
        back_url=reverse("reviews:case-exercises", args=[review.pk]),
    )


@login_required
def hypotheses(request, pk):
    review = review_for(request, pk, "reviews.edit_hypotheses")
    return evidence_page(
        request,
        "reviews/hypotheses.html",
        review,
        hypotheses=review.hypotheses.select_related("theme", "author").prefetch_related(
            "documents", "exercises"
        ),
        early_findings=review.early_findings.select_related("theme", "author"),
    )


@login_required
def hypothesis_edit(request, pk, hypothesis_pk=None):
    review = review_for(request, pk, "reviews.edit_hypotheses")
    existing = get_object_or_404(Hypothesis, pk=hypothesis_pk, review=review) if hypothesis_pk else None
    instance = existing or Hypothesis(review=review, author=request.user)
    form = HypothesisForm(request.POST or None, instance=instance, review=review)
    if request.method == "POST" and form.is_valid():
        analysis.save_hypothesis(review, by=request.user, hypothesis=existing, **form.cleaned_data)
        messages.success(request, "Hypothesis saved.")
        return redirect("reviews:hypotheses", review.pk)
    return form_page(
        request,
        form,
        title="Change the hypothesis" if hypothesis_pk else "Record a hypothesis",
        caption=review.authority,
        back_url=reverse("reviews:hypotheses", args=[review.pk]),
    )


@login_required
def early_finding_create(request, pk):
    review = review_for(request, pk, "reviews.edit_hypotheses")
    form = EarlyFindingForm(request.POST or None, review=review)
    if request.method == "POST" and form.is_valid():
        analysis.add_early_finding(review, by=request.user, **form.cleaned_data)
        messages.success(request, "Early finding added.")
        return redirect("reviews:hypotheses", review.pk)
    return form_page(
        request,
        form,
        title="Add an early finding",
        caption=review.authority,
        back_url=reverse("reviews:hypotheses", args=[review.pk]),
    )

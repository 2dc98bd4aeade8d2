"""Findings, the daily "no surprises" summaries for the council, and the feedback presentation."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from peerreview.pages import attempt, attempt_form, form_page
from reviews.access import review_for, team_review_for

from .. import queries
from ..forms.notes import DailySummaryForm, FindingForm, MergeForm
from ..models import Finding
from ..services import notes


@login_required
def findings(request, pk):
    review = team_review_for(request, pk)
    items = [(finding, queries.triangulation(finding)) for finding in queries.findings_of(review)]
    return render(
        request,
        "casework/findings.html",
        {
            "review": review,
            "items": items,
            "can_edit": request.user.has_perm("casework.edit_findings", review),
        },
    )


def _finding_page(request, review, finding):
    note_ids = [int(pk) for pk in request.GET.getlist("notes") if pk.isdigit()]
    form = FindingForm(request.POST or None, instance=finding, review=review, note_ids=note_ids)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done, saved = attempt_form(
            form,
            lambda: notes.save_finding(
                review,
                finding,
                fields={k: data[k] for k in ("theme", "kind", "text", "priority")},
                notes=list(data["notes"]),
                by=request.user,
                version=data.get("version"),
            ),
        )
        if done:
            messages.success(request, "Finding saved.")
            return redirect(f"{reverse('casework:findings', args=[review.pk])}#finding-{saved.pk}")
    sources = queries.triangulation(finding) if finding.pk else None
    return render(
        request,
        "casework/finding_form.html",
        {"review": review, "form": form, "finding": finding if finding.pk else None, "sources": sources},
    )


@login_required
def finding_create(request, pk):
    review = team_review_for(request, pk, "casework.draft_findings")
    return _finding_page(request, review, Finding(review=review))


@login_required
def finding_edit(request, pk, finding_pk):
    review = team_review_for(request, pk, "casework.edit_findings")
    finding = get_object_or_404(Finding.objects.live(), pk=finding_pk, review=review)
    return _finding_page(request, review, finding)


@login_required
@require_POST
def finding_agree(request, pk, finding_pk):
    review = team_review_for(request, pk, "casework.edit_findings")
    finding = get_object_or_404(Finding.objects.live(), pk=finding_pk, review=review)
    notes.set_agreed(finding, agreed=not finding.is_agreed, by=request.user)
    messages.success(
        request, "Finding marked as agreed." if finding.is_agreed else "Finding no longer marked as agreed."
    )
    return redirect("casework:findings", review.pk)


@login_required
@require_POST
def finding_move(request, pk, finding_pk):
    review = team_review_for(request, pk, "casework.edit_findings")
    finding = get_object_or_404(Finding.objects.live(), pk=finding_pk, review=review)
    notes.move_finding(finding, up=request.POST.get("direction") == "up")
    return redirect("casework:findings", review.pk)


@login_required
def finding_merge(request, pk, finding_pk):
    review = team_review_for(request, pk, "casework.edit_findings")
    finding = get_object_or_404(Finding.objects.live(), pk=finding_pk, review=review)
    form = MergeForm(request.POST or None, finding=finding)
    if request.method == "POST" and form.is_valid():
        attempt(
            request,
            lambda: notes.merge_findings(finding, into=form.cleaned_data["into"], by=request.user),
            "Findings merged. The evidence of both now supports one finding.",
        )
        return redirect("casework:findings", review.pk)
    return render(request, "casework/merge.html", {"review": review, "finding": finding, "form": form})


@login_required
def summaries(request, pk):
    """The "no surprises" summaries: the council reads them here; they never contain notes."""
    review = review_for(request, pk, "casework.read_daily_summaries")
    items = queries.summaries_of(review)
    return render(
        request,
        "casework/summaries.html",
        {
            "review": review,
            "items": items,
            "can_share": request.user.has_perm("casework.share_daily_summary", review),
        },
    )


@login_required
def summary_create(request, pk):
    review = review_for(request, pk, "casework.share_daily_summary")
    form = DailySummaryForm(request.POST or None, review=review, days=queries.on_site_days(review))
    if request.method == "POST" and form.is_valid():
        attempt(
            request,
            lambda: notes.share_daily_summary(review, by=request.user, **form.cleaned_data),
            "Summary shared with the council.",
        )
        return redirect("casework:summaries", review.pk)
    return form_page(
        request,
        form,
        title="Share the day's emerging messages",
        caption=review.authority,
        back_url=reverse("casework:summaries", args=[review.pk]),
    )


@login_required
def feedback(request, pk):
    """The agreed findings, one theme per screen, for projecting on the last day."""
    review = review_for(request, pk, "casework.view_feedback")
    if not request.user.has_perm("casework.read_agreed_findings", review):
        context = {"review": review, "withheld": True, "presentation": queries.presentation_start(review)}
        return render(request, "casework/feedback.html", context)
    themes = list(review.themes.all())
    agreed = list(queries.findings_of(review, agreed_only=True))
    outside = [f for f in agreed if f.theme_id is None]
    screens = [(theme, [f for f in agreed if f.theme_id == theme.pk]) for theme in themes]
    if outside:
        screens.append((None, outside))
    number = int(request.GET["screen"]) if request.GET.get("screen", "").isdigit() else 1
    number = min(max(number, 1), len(screens) or 1)
    handout = request.GET.get("handout") == "1"
    return render(
        request,
        "casework/feedback.html",
        {
            "review": review,
            "screens": screens,
            "screen": screens[number - 1] if screens and not handout else None,
            "number": number,
            "total": len(screens),
            "handout": handout,
        },
    )

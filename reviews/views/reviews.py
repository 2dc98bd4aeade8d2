"""A review's pages: the list, the hub, scope, lines of enquiry, plan and stage."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from peerreview.pages import attempt, attempt_form, form_page

from .. import queries, services
from ..access import programme_permission, review_for
from ..forms.plan import CallOffForm, MilestoneDateForm, PostponeForm, StageForm
from ..forms.scoping import LinesForm, LocalLineForm, ReviewFilterForm, ReviewForm, ScopeResponseForm
from ..models import Milestone, Review


@programme_permission("reviews.list_reviews")
def review_list(request):
    reviews = queries.reviews_managed_by(request.user)
    form = ReviewFilterForm(request.GET or None, years=queries.review_years(reviews))
    reviews = queries.filter_reviews(reviews, **(form.cleaned_data if form.is_valid() else {}))
    return render(request, "reviews/review_list.html", {"reviews": reviews, "filter_form": form})


@programme_permission("reviews.add_review")
def review_create(request):
    form = ReviewForm(request.POST or None, creating=True)
    if request.method == "POST" and form.is_valid():
        review = services.create_review(
            authority=form.cleaned_data["authority"], created_by=request.user, **form.scope_fields()
        )
        messages.success(request, f"Review of {review.authority} created. Next, check its lines of enquiry.")
        return redirect("reviews:lines", review.pk)
    return render(
        request,
        "form_page.html",
        {"form": form, "title": "Create a review", "back_url": reverse("reviews:list")},
    )


@login_required
def review_detail(request, pk):
    review = review_for(request, pk, queryset=queries.review_hub())
    can_manage = request.user.has_perm("reviews.manage_review", review) and not review.is_called_off
    milestones = list(review.milestones.all())
    return render(
        request,
        "reviews/review_detail.html",
        {
            "review": review,
            "can_manage": can_manage,
            "can_respond": request.user.has_perm("reviews.respond_to_scope", review),
            "invitations": queries.invitations_of(review) if can_manage else None,
            "next_milestones": [m for m in milestones if not m.is_done][:3],
            "blockers": services.stage_blockers(review),
            "clashes": queries.inspection_clashes(review),
            "postponements": review.postponements.select_related("by"),
            "overdue_requests": queries.overdue_requests_of(review)
            if request.user.has_perm("reviews.view_library", review)
            else None,
        },
    )


@login_required
def review_postpone(request, pk):
    review = review_for(request, pk, "reviews.manage_review")
    form = PostponeForm(request.POST or None, review=review)
    if request.method == "POST" and form.is_valid():
        done, _ = attempt_form(
            form,
            lambda: services.postpone_review(review, by=request.user, **form.cleaned_data),
            field="new_start",
        )
        if done:
            messages.success(request, "Review postponed. Everyone on it has been sent an email.")
            return redirect(review)
    return form_page(
        request,
        form,
        title="Postpone the review",
        caption=review.authority.name,
        back_url=review.get_absolute_url(),
        template="reviews/disruption_form.html",
        intro=f"On site now from {review.onsite_start:%-d %B %Y}. The plan's dates and the on-site timetable "
        "move with the new dates, and everyone on the review is told by email."
        if review.onsite_start
        else "",
    )


@login_required
def review_call_off(request, pk):
    review = review_for(request, pk, "reviews.manage_review")
    form = CallOffForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done, _ = attempt_form(
            form,
            lambda: services.call_off_review(review, by=request.user, **form.cleaned_data),
            field="reason",
        )
        if done:
            messages.success(request, "Review called off. Everyone on it has been sent an email.")
            return redirect(review)
    return form_page(
        request,
        form,
        title="Call off the review",
        caption=review.authority.name,
        back_url=review.get_absolute_url(),
        template="reviews/disruption_form.html",
        intro="The review will not go ahead. Its pages become read-only, the team is released and the "
        "documents are kept, then deleted under the retention rule. This cannot be undone.",
    )


@login_required
def review_edit(request, pk):
    review = review_for(request, pk, "reviews.edit_scope")
    form = ReviewForm(request.POST or None, instance=review)
    if request.method == "POST" and form.is_valid():
        services.update_review(review, by=request.user, **form.scope_fields())
        messages.success(request, "Review details saved.")
        return redirect("reviews:scope", review.pk)
    return form_page(
        request,
        form,
        title="Purpose, focus and dates",
        caption=review.authority,
        back_url=review.get_absolute_url(),
    )


@login_required
def lines_edit(request, pk):
    review = review_for(request, pk, "reviews.edit_scope")
    themes = queries.review_themes(review, included_only=False)
    form = LinesForm(request.POST or None, themes=themes)
    if request.method == "POST" and form.is_valid():
        services.tailor_lines(review, included_ids=form.included_ids(), by=request.user)
        messages.success(request, "Lines of enquiry saved.")
        return redirect("reviews:scope", review.pk)
    return render(request, "reviews/lines_form.html", {"form": form, "review": review})


@login_required
def local_line_create(request, pk):
    """The manager, or the council (as its briefing invites), adds a line of enquiry of its own."""
    review = review_for(request, pk, "reviews.add_lines")
    back = "reviews:lines" if request.user.has_perm("reviews.edit_scope", review) else "reviews:scope"
    form = LocalLineForm(request.POST or None, review=review)
    if request.method == "POST" and form.is_valid():
        services.add_local_line(review, by=request.user, **form.cleaned_data)
        messages.success(request, "Line of enquiry added.")
        return redirect(back, review.pk)
    return form_page(
        request,
        form,
        title="Add a local line of enquiry",
        caption=review.authority,
        back_url=reverse(back, args=[review.pk]),
    )


@login_required
def scope_detail(request, pk):
    """The scope as proposed; council contacts agree it or ask for changes here."""
    review = review_for(request, pk)
    can_respond = request.user.has_perm("reviews.respond_to_scope", review)
    form = None
    if can_respond and review.scope_status == Review.ScopeStatus.SENT:
        form = ScopeResponseForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            attempt(
                request,
                lambda: services.respond_to_scope(
                    review,
                    by=request.user,
                    agree=form.cleaned_data["decision"] == "agree",
                    comment=form.cleaned_data["comment"],
                ),
                "Thank you. Your reply has been sent to the review manager.",
            )
            return redirect("reviews:scope", review.pk)
    elif request.method == "POST":
        messages.error(request, "There is no scope waiting for your agreement.")
        return redirect("reviews:scope", review.pk)
    return render(
        request,
        "reviews/scope.html",
        {
            "review": review,
            "themes": queries.review_themes(review),
            "form": form,
            "can_edit": request.user.has_perm("reviews.edit_scope", review),
            "can_add_lines": request.user.has_perm("reviews.add_lines", review),
            "changes": services.scope_changes_since_agreement(review),
            "events": review.scope_events.select_related("by"),
        },
    )


@login_required
@require_POST
def scope_send(request, pk):
    review = review_for(request, pk, "reviews.edit_scope")
    attempt(
        request,
        lambda: services.send_scope(review, by=request.user),
        "Scope sent to the council for agreement.",
    )
    return redirect("reviews:scope", review.pk)


@login_required
def plan(request, pk):
    review = review_for(request, pk)
    return render(
        request,
        "reviews/plan.html",
        {
            "review": review,
            "milestones": review.milestones.select_related("done_by"),
            "can_edit": request.user.has_perm("reviews.edit_plan", review),
        },
    )


@login_required
def milestone_edit(request, pk, milestone_pk):
    review = review_for(request, pk, "reviews.edit_plan")
    milestone = get_object_or_404(Milestone, pk=milestone_pk, review=review)
    form = MilestoneDateForm(request.POST or None, initial={"due": milestone.due})
    if request.method == "POST" and form.is_valid():
        services.reschedule_milestone(milestone, due=form.cleaned_data["due"], by=request.user)
        messages.success(request, f"New date saved for “{milestone.get_kind_display()}”.")
        return redirect("reviews:plan", review.pk)
    return form_page(
        request,
        form,
        title=f"Change the date of “{milestone.get_kind_display()}”",
        caption=review.authority,
        back_url=reverse("reviews:plan", args=[review.pk]),
    )


@login_required
@require_POST
def milestone_toggle(request, pk, milestone_pk):
    review = review_for(request, pk, "reviews.edit_plan")
    milestone = get_object_or_404(Milestone, pk=milestone_pk, review=review)
    services.mark_milestone(milestone, done=not milestone.is_done, by=request.user)
    state = "done" if milestone.is_done else "not done"
    messages.success(request, f"“{milestone.get_kind_display()}” marked as {state}.")
    return redirect("reviews:plan", review.pk)


@login_required
def stage_move(request, pk):
    review = review_for(request, pk, "reviews.move_stage", queryset=queries.review_hub())
    form = StageForm(request.POST or None, review=review)
    if request.method == "POST" and form.is_valid():
        done, _ = attempt_form(
            form, lambda: services.move_stage(review, by=request.user, **form.cleaned_data), field="to_stage"
        )
        if done:
            messages.success(request, "Stage changed.")
            return redirect(review)
    return render(
        request,
        "reviews/stage_form.html",
        {
            "form": form,
            "review": review,
            "blockers": services.stage_blockers(review),
            "history": review.stage_changes.select_related("by"),
        },
    )

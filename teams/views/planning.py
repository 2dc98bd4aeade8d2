"""The season plan: choose reviews, let the planner propose their teams, accept per review or per place."""

from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from peerreview.pages import attempt, attempt_form, form_page
from reviews.access import programme_permission

from .. import queries, services
from ..forms import SeasonPlanForm
from ..models import PlannedPlace, SeasonPlan
from ..planning import adapter

plan_season = programme_permission("teams.plan_season")
DEFAULT_MONTHS = 6


@plan_season
def plan_list(request):
    upcoming = adapter.upcoming_reviews()
    soon = adapter.upcoming_reviews(months=DEFAULT_MONTHS).values_list("pk", flat=True)
    data = request.POST if request.method == "POST" else None  # ticking nothing posts nothing: still a choice
    form = SeasonPlanForm(data, reviews=upcoming, initial={"reviews": list(soon)})
    if request.method == "POST" and form.is_valid():
        done, plan = attempt_form(
            form,
            lambda: services.request_season_plan(form.cleaned_data["reviews"], by=request.user),
            field="reviews",
        )
        if done:
            return redirect(plan)
    plans = SeasonPlan.objects.select_related("created_by")[:10]
    return form_page(
        request,
        form,
        title="Plan teams for a season",
        back_url=None,
        template="teams/plan_list.html",
        plans=plans,
        months=DEFAULT_MONTHS,
    )


@plan_season
def plan_detail(request, pk):
    plan = get_object_or_404(SeasonPlan.objects.select_related("created_by"), pk=pk)
    if request.headers.get("HX-Request"):
        response = render(request, "teams/_plan_status.html", {"plan": plan})
        if plan.status in (SeasonPlan.Status.DONE, SeasonPlan.Status.FAILED):
            response["HX-Refresh"] = "true"  # the whole page changes: show the plan
        return response
    context = {"plan": plan}
    if plan.status == SeasonPlan.Status.DONE:
        context.update(queries.season_plan_overview(plan))
    return render(request, "teams/plan_detail.html", context)


@plan_season
@require_POST
def plan_accept(request, pk):
    plan = get_object_or_404(SeasonPlan, pk=pk)
    places = PlannedPlace.objects.filter(plan=plan, status=PlannedPlace.Status.PROPOSED)
    if request.POST.get("place"):
        places = places.filter(pk=_number(request.POST["place"]))
    elif request.POST.get("review"):
        places = places.filter(slot__review_id=_number(request.POST["review"]))
    else:
        places = places.none()
    places = list(places)
    sent = f"{len(places)} invitation{'s' if len(places) != 1 else ''} sent."
    attempt(request, lambda: services.accept_planned_places(plan, places, by=request.user), sent)
    return redirect(plan)


def _number(raw):
    try:
        return int(raw)
    except ValueError:
        raise Http404("No such place.") from None


@plan_season
@require_POST
def plan_replan(request, pk):
    plan = get_object_or_404(SeasonPlan, pk=pk)
    new_plan = None

    def again():
        nonlocal new_plan
        new_plan = services.replan(plan, by=request.user)

    if attempt(request, again, "Planning again. Accepted places are kept."):
        return redirect(new_plan)
    return redirect(plan)

"""The season plan: choose reviews, let the planner propose their teams, accept per review or per place."""

from collections import defaultdict

from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from peerreview.pages import attempt, attempt_form, form_page
from reviews.access import programme_permission

from .. import services
from ..forms import SeasonPlanForm
from ..models import PeerProfile, PlannedPlace, SeasonPlan, SlotInvitation, TeamSlot
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
        context.update(_plan_context(plan))
    return render(request, "teams/plan_detail.html", context)


def _plan_context(plan):
    reviews = list(plan.reviews.select_related("authority").order_by("onsite_start", "pk"))
    planned = defaultdict(list)
    for place in PlannedPlace.objects.filter(plan=plan).select_related("slot", "peer", "runner_up"):
        planned[place.slot.review_id].append(place)
    # Places held or with an invitation out, which the plan kept as they are.
    kept = defaultdict(list)
    pending = SlotInvitation.objects.filter(status=SlotInvitation.Status.PENDING).select_related("peer")
    slots = (
        TeamSlot.objects.filter(review__in=reviews)
        .select_related("peer")
        .prefetch_related(Prefetch("invitations", queryset=pending, to_attr="pending"))
    )
    planned_slots = {place.slot_id for places in planned.values() for place in places}
    for slot in slots:
        if slot.pk in planned_slots:
            continue
        holder = slot.peer or (slot.pending[0].peer if slot.pending else None)
        if holder:
            kept[slot.review_id].append((slot, holder, "holds the place" if slot.peer else "invited"))
    names = dict(PeerProfile.objects.filter(pk__in=plan.load.keys()).values_list("pk", "full_name"))
    load = sorted(
        ((names.get(int(pk), "A peer no longer in the pool"), count) for pk, count in plan.load.items()),
        key=lambda row: (-row[1], row[0]),
    )
    counts = [count for _, count in load]
    all_places = [place for places in planned.values() for place in places]
    return {
        "rows": [(review, planned[review.pk], kept[review.pk]) for review in reviews],
        "load": load,
        "most": max(counts, default=0),
        "mean": round(sum(counts) / len(counts), 2) if counts else 0,
        "proposed": sum(1 for place in all_places if place.status == PlannedPlace.Status.PROPOSED),
        "open_reviews": {
            place.slot.review_id for place in all_places if place.status == PlannedPlace.Status.PROPOSED
        },
        "unfillable": sum(1 for place in all_places if place.status == PlannedPlace.Status.UNFILLABLE),
    }


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

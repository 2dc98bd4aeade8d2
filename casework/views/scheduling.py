"""The week's solver: requests, peers' days on site, asking for a week, reading and accepting it."""

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from peerreview import jobs
from peerreview.pages import attempt, attempt_form, form_page
from reviews.access import review_for
from teams.models import PeerRole

from .. import queries
from ..checks import day_label
from ..forms.scheduling import PeerDayForm, ProposeForm, SessionRequestForm
from ..models import PeerDay, SessionRequest, WeekPlan
from ..scheduling.adapter import peer_roles
from ..services import scheduling


@login_required
def requests_page(request, pk):
    review = review_for(request, pk, "casework.edit_timetable")
    asks = SessionRequest.objects.filter(review=review).prefetch_related("venues", "themes")
    return render(
        request,
        "casework/requests.html",
        {
            "review": review,
            "asks": asks,
            "role_names": dict(PeerRole.choices),
            "part_names": _part_names(review),
            "can_manage": request.user.has_perm("casework.manage_timetable", review),
            "programme": queries.programme_settings(review),
            "plans": WeekPlan.objects.filter(review=review)[:5],
        },
    )


def _part_names(review):
    return {
        f"{d.isoformat()} {part}": f"{day_label(d)}, {name}"
        for d in queries.on_site_days(review)
        for part, name in SessionRequest.PARTS.items()
    }


@login_required
def request_edit(request, pk, request_pk=None):
    review = review_for(request, pk, "casework.edit_timetable")
    ask = get_object_or_404(SessionRequest, pk=request_pk, review=review) if request_pk else SessionRequest()
    team_roles = {role for roles in peer_roles(review).values() for role in roles}
    form = SessionRequestForm(
        request.POST or None,
        instance=ask,
        review=review,
        days=queries.on_site_days(review),
        team_roles=team_roles,
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        venues, themes = data.pop("venues"), data.pop("themes")
        saved = scheduling.save_request(
            review, ask, fields=data, venues=venues, themes=themes, by=request.user
        )
        messages.success(request, f"Request “{saved}” saved.")
        return redirect("casework:requests", review.pk)
    return form_page(
        request,
        form,
        title="Change the request" if request_pk else "Add a session request",
        caption=review.authority,
        back_url=reverse("casework:requests", args=[review.pk]),
    )


@login_required
@require_POST
def request_delete(request, pk, request_pk):
    review = review_for(request, pk, "casework.edit_timetable")
    ask = get_object_or_404(SessionRequest, pk=request_pk, review=review)
    scheduling.delete_request(ask, by=request.user)
    messages.success(request, f"Request “{ask}” removed.")
    return redirect("casework:requests", review.pk)


@login_required
def availability(request, pk):
    review = review_for(request, pk, "casework.edit_timetable")
    team = queries.team_of(review)
    form = PeerDayForm(request.POST or None, team=team, days=queries.on_site_days(review))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        scheduling.save_peer_day(review, by=request.user, **data)
        messages.success(request, f"{data['peer'].full_name}'s {day_label(data['day'])} saved.")
        return redirect("casework:availability", review.pk)
    return form_page(
        request,
        form,
        title="Peers' time on site",
        caption=review.authority,
        back_url=reverse("casework:requests", args=[review.pk]),
        template="casework/availability.html",
        review=review,
        entries=PeerDay.objects.filter(review=review).select_related("peer"),
        day_label=day_label,
    )


@login_required
def plan_create(request, pk):
    review = review_for(request, pk, "casework.manage_timetable")
    published = queries.programme_settings(review).is_published
    form = ProposeForm(request.POST or None)
    if published:
        form.submit_label = "Re-plan the rest of the week"
    if request.method == "POST" and form.is_valid():
        done, plan = attempt_form(
            form,
            lambda: scheduling.propose_week(
                review, by=request.user, replan=published, time_limit=form.cleaned_data["time_limit"]
            ),
        )
        if done:
            return redirect("casework:plan", review.pk, plan.pk)
    return form_page(
        request,
        form,
        title="Re-plan the rest of the week" if published else "Propose a week",
        caption=review.authority,
        back_url=reverse("casework:requests", args=[review.pk]),
        template="casework/plan_create.html",
        intro=(
            "Sessions that have started stay where they are. The solver moves as few sessions and peers as it "
            "can, and you see every change before anything is released."
            if published
            else "The solver places every request around the fixed sessions (opening meeting, catch-ups, "
            "reflection time, feedback). The current timetable stays as it is until you accept the proposal."
        ),
    )


@login_required
def plan_page(request, pk, plan_pk):
    review = review_for(request, pk, "casework.manage_timetable")
    plan = get_object_or_404(WeekPlan, pk=plan_pk, review=review)
    context = {"review": review, "plan": plan, "programme": queries.programme_settings(review)}
    if plan.status == WeekPlan.Status.DONE:
        context.update(proposal_context(review, plan))
    elif not plan.finished:
        context["broker_down"] = jobs.waiting_for_broker(plan)
    if request.headers.get("HX-Request"):
        return render(request, "casework/_week_plan.html", context)
    return render(request, "casework/week_plan.html", context)


def proposal_context(review, plan):
    sessions = list(queries.sessions_of(review))
    asks = {r.pk: r for r in SessionRequest.objects.filter(review=review)}
    team = queries.team_of(review)
    people = {person.pk: person for person in team}
    venues = {v.pk: v for v in queries.venues_of(review)}
    days = queries.on_site_days(review)
    rows = []
    for placement, session, change in scheduling.changes_of(plan, sessions):
        ask = asks.get(placement["request"])
        rows.append(
            {
                "ask": ask,
                "label": ask.title if ask else "(request removed)",
                "day": placement["day"],
                "day_name": day_label(_date(placement["day"])),
                "starts": placement["starts"],
                "ends": placement["ends"],
                "venue": venues.get(placement["venue"]),
                "peers": [people[k] for k in placement["peers"] if k in people],
                "session": session,
                "change": change,
            }
        )
    # The draft grid: the proposal's sessions by peer and day, beside the current one on the timetable page.
    grid = [
        (person, [[r for r in rows if r["day"] == d.isoformat() and person in r["peers"]] for d in days])
        for person in team
    ]
    left_out = [(asks.get(int(rid)), reason) for rid, reason in plan.result.get("left_out", {}).items()]
    conflicts = [
        {**c, "names": [asks[rid].title for rid in c["requests"] if rid in asks]}
        for c in plan.result.get("conflicts", [])
    ]
    return {
        "rows": rows,
        "changed_rows": [r for r in rows if r["change"] != "same"],
        "grid": grid,
        "days": [(d, day_label(d)) for d in days],
        "score": score_lines(plan.result.get("score", {})),
        "left_out": left_out,
        "conflicts": conflicts,
        "emails": list(plan.emails.all()),
    }


def _date(text):
    return date.fromisoformat(text)


SCORE_LABELS = [
    ("musts_left_out", "“Must” requests left out"),
    ("sessions_moved", "Sessions moved from the published timetable"),
    ("peers_changed", "Peers changed on sessions"),
    ("uncovered_pairs", "Theme and agency pairs not heard by the middle of the week"),
    ("shoulds_left_out", "“Should” requests left out"),
    ("nice_left_out", "“Nice to have” requests left out"),
    ("load_spread_minutes", "Gap in session minutes between the busiest and least busy peer"),
    ("repeat_pairings", "Times the same two peers are paired again"),
    ("travel_minutes", "Minutes of travel between venues"),
    ("latest_finish", "Latest finish of a session"),
]


def score_lines(score):
    return [(label, score[key]) for key, label in SCORE_LABELS if key in score]


@login_required
@require_POST
def plan_accept(request, pk, plan_pk):
    review = review_for(request, pk, "casework.manage_timetable")
    plan = get_object_or_404(WeekPlan, pk=plan_pk, review=review)
    chosen = None
    if request.POST.get("scope") == "chosen":
        chosen = [int(v) for v in request.POST.getlist("requests") if v.isdigit()]
    published = queries.programme_settings(review).is_published
    attempt(
        request,
        lambda: scheduling.accept_week_plan(plan, by=request.user, requests=chosen),
        "Accepted into the timetable."
        + (
            " Each change is in the change log and the peers it concerns have been told." if published else ""
        ),
    )
    if chosen is not None:
        return redirect("casework:plan", review.pk, plan.pk)
    return redirect("casework:timetable", review.pk)

"""Builds the solver's plain inputs from a review's requests, sessions, venues and team, and reads its
placements back as dates and times. The only part of `casework.scheduling` that knows the database."""

from datetime import datetime, time
from zoneinfo import ZoneInfo

from reviews.models import EXPECTED_AGENCIES
from teams.models import TeamSlot

from .. import queries
from ..checks import day_label
from ..models import PeerDay, Session, SessionRequest
from .data import Day, Fixed, Peer, Placement, Priority, Problem, Request, Venue, Window

LONDON = ZoneInfo("Europe/London")
# The on-site day the solver plans within, and the lunch break it keeps for every peer.
DAY_OPENS, DAY_CLOSES, MIDDAY = 9 * 60, 17 * 60 + 30, 13 * 60
LUNCH = (12 * 60, 14 * 60, 30)


def minutes(value):
    return value.hour * 60 + value.minute


def clock(value):
    return time(value // 60, value % 60)


def part_windows(request, days):
    """The request's part-days ("2026-03-03 am") as windows on the week's day indexes."""
    index = {day.isoformat(): i for i, day in enumerate(days)}
    windows = []
    for entry in request.windows:
        day, _, part = entry.partition(" ")
        if day in index:
            starts, ends = (DAY_OPENS, MIDDAY) if part == "am" else (MIDDAY, DAY_CLOSES)
            windows.append(Window(index[day], starts, ends))
    return tuple(windows)


def role_name(value):
    """A team slot's role as the solver names it in its explanations: "health_peer" is "health"."""
    return value.removesuffix("_peer").replace("_", " ")


def peer_roles(review):
    """Each team member's roles on this team, from the team slots they fill ("health_peer", ...)."""
    roles = {}
    for slot in TeamSlot.objects.filter(review=review, peer__user__isnull=False).select_related("peer"):
        roles.setdefault(slot.peer.user_id, set()).add(slot.role)
    return roles


def covers_of(themes, agencies):
    return frozenset((theme, agency) for theme in themes for agency in agencies)


def problem_for(review, *, replan=False, now=None, time_limit=20):
    """The problem for a proposal (every request placed afresh around the fixed sessions) or a re-plan
    (sessions before `now` fixed; the published placements of the rest as the week to change least)."""
    days = queries.on_site_days(review)
    programme = queries.programme_settings(review)
    index = {day: i for i, day in enumerate(days)}
    now = (now or datetime.now(LONDON)).astimezone(LONDON)
    roles = peer_roles(review)
    absences = {(pd.peer_id, pd.day): pd for pd in PeerDay.objects.filter(review=review)}
    team = queries.team_of(review)
    peers = []
    for person in team:
        available = {}
        for day, i in index.items():
            pd = absences.get((person.pk, day))
            if pd is None:
                continue
            if pd.away:
                available[i] = (0, 0)
            else:
                available[i] = (
                    minutes(pd.arrives) if pd.arrives else DAY_OPENS,
                    minutes(pd.leaves) if pd.leaves else DAY_CLOSES,
                )
        peers.append(
            Peer(person.pk, person.full_name, frozenset(map(role_name, roles.get(person.pk, ()))), available)
        )
    sessions = list(queries.sessions_of(review))
    fixed, previous, done = [], {}, set()
    for session in sessions:
        if session.day not in index:
            continue
        started = datetime.combine(session.day, session.starts, tzinfo=LONDON) <= now
        agencies = {p.agency for p in session.participants.all()}
        covers = covers_of([t.pk for t in session.themes.all()], agencies)
        if session.request_id is None or (replan and started):
            fixed.append(
                Fixed(
                    session.pk,
                    session.label,
                    index[session.day],
                    minutes(session.starts),
                    minutes(session.ends),
                    session.venue_id,
                    tuple(p.pk for p in session.peers.all()),
                    questioning=session.kind in Session.QUESTIONING,
                    covers=covers,
                )
            )
            if session.request_id:
                done.add(session.request_id)
        elif replan:
            previous[session.request_id] = Placement(
                session.request_id,
                index[session.day],
                minutes(session.starts),
                minutes(session.ends),
                session.venue_id,
                tuple(sorted(p.pk for p in session.peers.all())),
            )
    asks = (
        SessionRequest.objects.filter(review=review, cancelled_at__isnull=True)
        .exclude(pk__in=done)
        .prefetch_related("venues", "themes")
    )
    all_venues = list(queries.venues_of(review))
    everywhere = tuple(v.pk for v in all_venues)
    requests = [
        Request(
            id=r.pk,
            label=r.title,
            minutes=r.minutes,
            venues=() if r.online else tuple(v.pk for v in r.venues.all()) or everywhere,
            windows=part_windows(r, days),
            peers=r.peers,
            roles=tuple(map(role_name, r.roles)),
            covers=covers_of([t.pk for t in r.themes.all()], [r.agency]),
            priority=Priority(r.priority),
            questioning=r.questioning,
        )
        for r in asks
    ]
    return Problem(
        days=[Day(day_label(day), DAY_OPENS, DAY_CLOSES) for day in days],
        venues=[Venue(v.pk, v.name, minutes(v.opens), minutes(v.closes), v.rooms) for v in all_venues],
        peers=peers,
        requests=requests,
        fixed=fixed,
        travel=queries.travel_table(review),
        default_travel=programme.default_travel_minutes,
        max_questioning_minutes=programme.max_interview_hours * 60,
        lunch=LUNCH,
        coverage_by_day=(len(days) - 1) // 2 if days else None,
        expected=covers_of([t.pk for t in review.themes.all()], EXPECTED_AGENCIES),
        previous=previous,
        time_limit=time_limit,
        gap=0.0,
    )

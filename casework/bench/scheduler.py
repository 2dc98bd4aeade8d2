"""The week's solver at the bench's size: 80 requests, 10 peers, 6 venues, 5 days.

The week is generated from a fixed seed as plain dataclasses (no database), so each run
measures the same problem: time to the first feasible week, time to a week proven optimal or
within 2% of the solver's bound (and the gap reached), and a mid-week re-plan after one
cancelled and one new session. It also compares the solver's week with a week placed the way
people do it by hand (first come, first placed, each peer in turn) on the same measures.
"""

import random
import time
from dataclasses import replace

from .. import queries
from ..scheduling import adapter
from ..scheduling.data import Day, Fixed, Peer, Placement, Priority, Problem, Request, Venue, Window
from ..scheduling.model import _Greedy, evaluate, solve

H = 60
ROLES = [
    "officer",
    "officer",
    "officer",
    "officer",
    "health",
    "health",
    "police",
    "education",
    "voluntary",
    "lead",
]
AGENCIES = ["childrens_social_care", "health", "police", "education", "voluntary"]
THEMES = [1, 2, 3, 4, 5, 6]


def bench_problem(seed=19, requests=80, peers=10, venues=6, days=5):
    rng = random.Random(seed)
    names = ["Monday 2 March", "Tuesday 3 March", "Wednesday 4 March", "Thursday 5 March", "Friday 6 March"]
    week_days = [Day(names[d % 5], opens=9 * H, closes=17 * H + 30) for d in range(days)]
    places = [
        Venue(v + 1, f"Venue {v + 1}", opens=8 * H + 30, closes=18 * H, rooms=1 + v % 3)
        for v in range(venues)
    ]
    travel = {
        (a.id, b.id): rng.choice([10, 15, 20, 30, 40]) for i, a in enumerate(places) for b in places[i + 1 :]
    }
    team = []
    for k in range(peers):
        available = {}
        if k == 1:
            available[0] = (11 * H, 17 * H + 30)  # arrives late on day 1
        if k == 2:
            available[days - 1] = (9 * H, 13 * H)  # leaves early on the last day
        team.append(Peer(k + 1, f"Peer {k + 1}", frozenset({ROLES[k % len(ROLES)]}), available))
    everyone = tuple(peer.id for peer in team)
    fixed = [Fixed(1000, "Opening meeting", 0, 9 * H, 10 * H, venue=1, peers=everyone)]
    for d in range(days):
        fixed.append(
            Fixed(1100 + d, "Catch-up with the council", d, 16 * H + 30, 17 * H, venue=1, peers=(1,))
        )
        fixed.append(Fixed(1200 + d, "Team reflection", d, 17 * H, 17 * H + 30, venue=1, peers=everyone))
    fixed.append(Fixed(1300, "Feedback presentation", days - 1, 14 * H, 15 * H, venue=1, peers=everyone))
    fixed.append(Fixed(1301, "Feedback workshop", days - 1, 15 * H, 16 * H, venue=1, peers=everyone))
    asks = []
    for i in range(requests):
        minutes = rng.choice([60, 60, 90, 90, 120])
        kind = rng.random()
        venue_options = (
            () if kind < 0.1 else tuple(sorted(rng.sample([v.id for v in places], 1 if kind < 0.7 else 2)))
        )
        windows = ()
        if rng.random() < 0.5:
            chosen = sorted(rng.sample(range(days), rng.choice([2, 3, 4])))
            part = rng.choice([(9 * H, 17 * H), (9 * H, 13 * H), (13 * H, 17 * H)])
            windows = tuple(Window(d, *part) for d in chosen)
        how_many = 2 if rng.random() < 0.4 else 1
        roles = (rng.choice(["officer", "health", "police", "education"]),) if rng.random() < 0.3 else ()
        covers = frozenset({(rng.choice(THEMES), rng.choice(AGENCIES)) for _ in range(rng.choice([1, 2]))})
        priority = rng.choices([Priority.MUST, Priority.SHOULD, Priority.NICE], [5, 3.5, 1.5])[0]
        asks.append(
            Request(
                i + 1, f"Request {i + 1}", minutes, venue_options, windows, how_many, roles, covers, priority
            )
        )
    return Problem(
        days=week_days,
        venues=places,
        peers=team,
        requests=asks,
        fixed=fixed,
        travel=travel,
        default_travel=30,
        max_questioning_minutes=5 * H,
        coverage_by_day=days // 2,
        expected=frozenset((t, a) for t in THEMES for a in AGENCIES),
        workers=2,
    )


def by_hand(problem):
    """A week placed the way an organiser does it by hand: requests in the order they came, each at the
    first time that keeps every hard rule, with the least busy peers. No look-ahead, no priorities."""
    return list(_Greedy(problem).week(problem.requests, ordered=False).values())


def measure(time_limit=10.0):
    problem = bench_problem()
    first = solve(replace(problem, time_limit=time_limit))
    week = first
    hand = by_hand(problem)
    # Mid-week re-plan: Wednesday morning, one session cancelled and one new one needed.
    previous = {pl.request: pl for pl in week.placements}
    wednesday = 2
    past = [pl for pl in week.placements if pl.day < wednesday]
    by_id = {r.id: r for r in problem.requests}
    frozen = [
        Fixed(
            pl.request,
            by_id[pl.request].label,
            pl.day,
            pl.starts,
            pl.ends,
            pl.venue,
            pl.peers,
            covers=by_id[pl.request].covers,
        )
        for pl in past
    ]
    future = [pl for pl in week.placements if pl.day >= wednesday]
    cancelled = future[0].request
    new = Request(
        999,
        "New: police focus group",
        90,
        windows=(Window(3, 9 * H, 13 * H),),
        peers=2,
        covers=frozenset({(1, "police")}),
    )
    requests = [
        r for r in problem.requests if r.id not in {pl.request for pl in past} and r.id != cancelled
    ] + [new]
    replan_problem = replace(
        problem,
        requests=requests,
        fixed=problem.fixed + frozen,
        previous={
            rid: pl
            for rid, pl in previous.items()
            if rid not in {p.request for p in past} and rid != cancelled
        },
        time_limit=5.0,
        gap=0.0,
    )
    started = time.monotonic()
    replanned = solve(replan_problem)
    replan_seconds = time.monotonic() - started
    moved = sum(
        1
        for pl in replanned.placements
        if pl.request in replan_problem.previous
        and (pl.day, pl.starts)
        != (replan_problem.previous[pl.request].day, replan_problem.previous[pl.request].starts)
    )
    return {
        "size": {
            "requests": len(problem.requests),
            "peers": len(problem.peers),
            "venues": len(problem.venues),
            "days": len(problem.days),
        },
        "first_feasible_s": round(first.first_solution_seconds or -1, 2),
        "target_first_feasible_s": 2,
        "to_within_2pct_s": round(first.close_seconds, 2) if first.close_seconds is not None else None,
        "placement_proven_optimal": first.placed_proven_best,
        "placement_stage_s": round(first.placed_seconds or first.seconds, 2),
        "whole_run_s": round(first.seconds, 2),
        "target_within_2pct_s": 10,
        "status": first.status,
        "gap_reached": round(first.gap, 4) if first.gap is not None else None,
        "score": first.score,
        "replan_s": round(replan_seconds, 2),
        "target_replan_s": 5,
        "replan_status": replanned.status,
        "replan_sessions_moved": moved,
        "replan_proven_minimum": replanned.score.get("sessions_moved")
        if replanned.status == "optimal"
        else None,
        "solver_week": evaluate(problem, week.placements) | {"placed": len(week.placements)},
        "hand_week": evaluate(problem, hand) | {"placed": len(hand)},
    }


FIXED_KINDS = {"opening", "catch_up", "reflection", "presentation", "workshop"}


def demo_comparison(review, time_limit=10.0):
    """The demo's hand-built week against the solver's, on the same rules: each hand-placed session
    (other than the fixed items) becomes a request the solver may put anywhere in the week."""
    problem = adapter.problem_for(review, time_limit=time_limit)
    index = {fixed.id: fixed for fixed in problem.fixed}
    sessions = list(queries.sessions_of(review))
    fixed, asks, hand = [], [], []
    for session in sessions:
        item = index.get(session.pk)
        if item is None:
            continue
        if session.kind in FIXED_KINDS:
            fixed.append(item)
            continue
        asks.append(
            Request(
                session.pk,
                session.label,
                item.ends - item.starts,
                venues=(item.venue,) if item.venue else (),
                peers=max(1, len(item.peers)),
                covers=item.covers,
                questioning=item.questioning,
            )
        )
        hand.append(
            Placement(session.pk, item.day, item.starts, item.ends, item.venue, tuple(sorted(item.peers)))
        )
    problem = replace(problem, requests=asks, fixed=fixed, gap=0.02)
    solved = solve(problem)
    return {
        "sessions": len(asks),
        "hand_week": evaluate(problem, hand),
        "solver_week": evaluate(problem, solved.placements) | {"placed": len(solved.placements)},
        "solver_status": solved.status,
    }


def summary(numbers):
    """Lines for the bench's table."""
    if not numbers:
        return []
    n = numbers
    met = (
        n["first_feasible_s"] <= n["target_first_feasible_s"]
        and (n["to_within_2pct_s"] or 1e9) <= n["target_within_2pct_s"]
        and n["replan_s"] <= n["target_replan_s"]
    )
    lines = [
        "",
        f"Week solver ({n['size']['requests']} requests, {n['size']['peers']} peers, {n['size']['venues']} venues, "
        f"{n['size']['days']} days): first feasible week {n['first_feasible_s']} s, within 2% of the bound "
        f"{n['to_within_2pct_s']} s, placement {'proven optimal' if n['placement_proven_optimal'] else 'not proven'} "
        f"at {n['placement_stage_s']} s (gap {n['gap_reached']}); re-plan {n['replan_s']} s moving "
        f"{n['replan_sessions_moved']} sessions (proven minimum {n['replan_proven_minimum']})  "
        f"{'meets targets' if met else 'MISSES a target'}",
        f"  solver's week {n['solver_week']}; first-come week {n['hand_week']}",
    ]
    if "demo" in n:
        lines.append(f"  demo's hand-built week {n['demo']['hand_week']}; solver {n['demo']['solver_week']}")
    return lines

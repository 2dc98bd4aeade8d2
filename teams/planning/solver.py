"""Fill every open place of a season of reviews at once, holding the hard rules, explaining every choice.

Hard rules (a peer is never proposed against them): the peer can take the place's role; no conflict
of interest with the council; free for the on-site week and the travel day before it; training
current; never on two reviews whose weeks (with the travel day) overlap; no more places in a
calendar year than the peer's own cap; at most one place per review. Places already filled or
with an invitation out are kept: the adapter counts them in the peer's commitments and dates.

The hard rules that concern one place and one peer are applied first, in Python (``candidates``):
that keeps the CP-SAT model small (the best ``top_k`` feasible peers per place) and says, for a
place nobody can take, which rule ruled out how many peers. The rules that tie places together
(overlapping weeks, the yearly cap, one place per review) are the model's constraints.

The objective is lexicographic, by weights that cannot trade against each other: first fill as many
places as possible; then make the most-used peer's load across the season as small as possible;
then the soft preferences (expertise matching the review's focus areas, travel from the home
region, peers with no other review that year, mixing experienced and new peers, and not the same
pairs as last time).

The search starts from a greedy plan (scarcest places first, each to the least-loaded best peer),
which holds every hard rule: the solver must fill at least as many places and keep the busiest
peer no busier than it does. That bound on the load is a deliberate trade: within the time limit
the search stays on fairness and the soft preferences, at the price of never trading a heavier
busiest peer for one more place filled beyond the greedy plan (with a pool of hundreds, the
greedy load is rarely what stops a place being filled). If the time runs out before the solver
has anything, the greedy plan is the answer (status "GREEDY").
"""

import heapq
import time
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from ortools.sat.python import cp_model

EXPERTISE_POINTS = 4  # per focus area the peer's expertise answers, up to MAX_EXPERTISE of them
MAX_EXPERTISE = 3
REGION_POINTS = 2
FREE_YEAR_POINTS = 1
MIX_POINTS = 3  # per review whose team mixes experienced and new peers
REPEAT_PAIR_PENALTY = 2  # per pair of peers who were on a team together before
PRESOLVE_SECONDS = 5  # the least search time left for which the solver's presolve is worth it


@dataclass(frozen=True)
class ReviewIn:
    id: int
    name: str
    starts: date
    ends: date
    region: str = ""
    wanted_expertise: frozenset = frozenset()  # lower-case expertise names that answer its focus areas

    @property
    def travel_day(self):
        return self.starts - timedelta(days=1)

    @property
    def week(self):
        """Plain words for the on-site week: "week 12 (w/c 16/03/2026)"."""
        monday = self.starts - timedelta(days=self.starts.weekday())
        return f"week {self.starts.isocalendar().week} (w/c {monday:%d/%m/%Y})"

    def overlaps(self, first, last):
        return first <= self.ends and last >= self.travel_day


@dataclass(frozen=True)
class PlaceIn:
    id: int
    review_id: int
    role: str
    role_label: str = ""


@dataclass
class PeerIn:
    id: int
    name: str
    roles: frozenset
    expertise: frozenset = frozenset()  # lower-case names
    region: str = ""
    cap: int = 3
    committed: dict = field(default_factory=dict)  # {year: places already held or invited to}
    busy: list = field(default_factory=list)  # [(first day, last day, why)], other reviews included
    conflicts: dict = field(default_factory=dict)  # {review id: [reason, ...]}
    training_current: bool = True
    experienced: bool = False
    past_partners: frozenset = frozenset()  # peer ids they were on a team with before
    kept_reviews: frozenset = frozenset()  # season reviews they already hold a place on (or are invited to)


@dataclass
class Season:
    reviews: list
    places: list  # the open places only
    peers: list


@dataclass
class Proposal:
    place_id: int
    peer_id: int
    reasons: list
    runner_up_id: int | None = None
    runner_up_reasons: list = field(default_factory=list)


@dataclass
class Plan:
    proposals: dict  # {place id: Proposal}
    unfilled: dict  # {place id: why, in plain words}
    load: dict  # {peer id: places across the season, kept and proposed}
    status: str
    seconds: float
    timings: dict = field(default_factory=dict)  # seconds spent: prefilter, model, search


# The rules applied to one place and one peer, in the order a peer is counted out by them.
RULES = [
    ("conflict", "have a conflict of interest with {council}"),
    ("busy", "are not free in {week} or the travel day before"),
    ("training", "have training out of date"),
    ("cap", "have reached their yearly limit of reviews"),
    ("already", "are already on this review"),
]


def _first_broken_rule(peer, review):
    if peer.conflicts.get(review.id):
        return "conflict"
    if review.id in peer.kept_reviews:
        return "already"
    if any(review.overlaps(first, last) for first, last, _ in peer.busy):
        return "busy"
    if not peer.training_current:
        return "training"
    if peer.committed.get(review.starts.year, 0) >= peer.cap:
        return "cap"
    return None


def points(peer, review):
    """Soft points of one peer for one review (what ``score`` explains)."""
    return (
        EXPERTISE_POINTS * min(len(peer.expertise & review.wanted_expertise), MAX_EXPERTISE)
        + (REGION_POINTS if peer.region and peer.region == review.region else 0)
        + (0 if peer.committed.get(review.starts.year) else FREE_YEAR_POINTS)
    )


def score(peer, review):
    """Soft points of one peer for one review, with the reasons in plain words."""
    points, reasons = 0, []
    matched = sorted(peer.expertise & review.wanted_expertise)[:MAX_EXPERTISE]
    if matched:
        points += EXPERTISE_POINTS * len(matched)
        reasons.append("Expertise in " + ", ".join(matched) + ", as the review's focus asks")
    if peer.region and peer.region == review.region:
        points += REGION_POINTS
        reasons.append("Lives in the same region: short travel")
    if not peer.committed.get(review.starts.year):
        points += FREE_YEAR_POINTS
        reasons.append(f"No other review in {review.starts.year} yet")
    reasons.append("Experienced reviewer" if peer.experienced else "New reviewer, gaining experience")
    return points, reasons


def candidates(season, top_k=40):
    """For each place: its best feasible peers [(points, peer, reasons)] and the count ruled out by each rule."""
    reviews = {review.id: review for review in season.reviews}
    by_role = defaultdict(list)
    for peer in season.peers:
        for role in peer.roles:
            by_role[role].append(peer)
    feasible, ruled_out = {}, {}
    per_review = {}  # one peer's fit is the same for every place of the review with that role
    for place in season.places:
        review = reviews[place.review_id]
        key = (review.id, place.role)
        if key not in per_review:
            counts = defaultdict(int)
            fits = []
            for peer in by_role.get(place.role, []):
                broken = _first_broken_rule(peer, review)
                if broken:
                    counts[broken] += 1
                    continue
                fits.append((points(peer, review), peer))
            # Among equals, a shuffle fixed for each review, so that reviews weigh different peers and the
            # load can spread (in any shared order, every review would want the same few).
            best = heapq.nsmallest(top_k, fits, key=lambda fit: (-fit[0], _shuffle(fit[1].id, review.id)))
            counts["role"] = len(by_role.get(place.role, []))
            counts["feasible"] = len(fits)
            per_review[key] = ([(p, peer, score(peer, review)[1]) for p, peer in best], dict(counts))
        feasible[place.id], ruled_out[place.id] = per_review[key]
    return feasible, ruled_out


def _shuffle(peer_id, review_id):
    """A fixed pseudo-random order of peers, different for each review (Knuth's multiplicative hash)."""
    return (peer_id * 2654435761 + review_id * 40503) % 2**32


def why_nobody(place, review, counts):
    """Why no peer can take the place at all, in the words a programme office uses."""
    role = (place.role_label or place.role).lower()
    if not counts.get("role"):
        return f"Nobody in the pool can take the role of {role}."
    parts = [
        f"{counts[rule]} {text.format(council=review.name, week=review.week)}"
        for rule, text in RULES
        if counts.get(rule)
    ]
    return (
        f"No {role} free in {review.week} without a conflict: of the {counts['role']} in the pool, "
        + "; ".join(parts)
        + "."
    )


def solve(season, *, seconds=10.0, top_k=40, workers=2):
    started = time.monotonic()
    reviews = {review.id: review for review in season.reviews}
    peers = {peer.id: peer for peer in season.peers}
    feasible, ruled_out = candidates(season, top_k)
    timings = {"prefilter": time.monotonic() - started}
    # The search starts from the greedy plan, every variable hinted, so it has a complete solution at once.
    start = greedy(season, feasible)
    places_by_id = {place.id: place for place in season.places}
    start_on = {(peer_id, places_by_id[place_id].review_id) for place_id, peer_id in start.items()}

    model = cp_model.CpModel()
    x = {}  # (place id, peer id) -> bool
    on_review = defaultdict(list)  # (peer id, review id) -> [x]
    for place in season.places:
        for _, peer, _ in feasible[place.id]:
            var = model.new_bool_var(f"x_{place.id}_{peer.id}")
            model.add_hint(var, start.get(place.id) == peer.id)
            x[place.id, peer.id] = var
            on_review[peer.id, place.review_id].append(var)

    fills = []
    for place in season.places:
        options = [x[place.id, peer.id] for _, peer, _ in feasible[place.id]]
        if options:
            filled = model.new_bool_var(f"filled_{place.id}")
            model.add_hint(filled, place.id in start)
            model.add(sum(options) == filled)
            fills.append(filled)

    peer_review = {}
    for (peer_id, review_id), variables in on_review.items():
        if len(variables) == 1:
            peer_review[peer_id, review_id] = variables[0]
        else:
            model.add(sum(variables) <= 1)  # one place per review
            taken = model.new_bool_var(f"on_{peer_id}_{review_id}")
            model.add_hint(taken, (peer_id, review_id) in start_on)
            model.add(sum(variables) == taken)
            peer_review[peer_id, review_id] = taken

    reviews_of = defaultdict(list)
    for peer_id, review_id in peer_review:
        reviews_of[peer_id].append(review_id)
    for peer_id, review_ids in reviews_of.items():
        peer = peers[peer_id]
        # Never two reviews in overlapping weeks: the weeks are intervals, so checking every start day suffices.
        for review_id in review_ids:
            day = reviews[review_id].travel_day
            together = [r for r in review_ids if reviews[r].travel_day <= day <= reviews[r].ends]
            if len(together) > 1:
                model.add(sum(peer_review[peer_id, r] for r in together) <= 1)
        by_year = defaultdict(list)
        for review_id in review_ids:
            by_year[reviews[review_id].starts.year].append(peer_review[peer_id, review_id])
        for year, variables in by_year.items():
            room = peer.cap - peer.committed.get(year, 0)
            if len(variables) > room:
                model.add(sum(variables) <= room)

    # Fairness: the most-used peer's load across the season, kept places included.
    kept = {peer.id: len(peer.kept_reviews) for peer in season.peers}
    most = max(kept.values(), default=0)
    max_load = model.new_int_var(most, most + len(season.reviews), "max_load")
    for peer_id, review_ids in reviews_of.items():
        model.add(kept[peer_id] + sum(peer_review[peer_id, r] for r in review_ids) <= max_load)
    start_load = defaultdict(int, kept)
    for peer_id in start.values():
        start_load[peer_id] += 1
    start_max = max(start_load.values(), default=0)
    model.add_hint(max_load, start_max)

    soft = []
    for place in season.places:
        soft += [points * x[place.id, peer.id] for points, peer, _ in feasible[place.id] if points]
    best_soft = sum(
        max((points for points, _, _ in feasible[place.id]), default=0) for place in season.places
    )
    members_of = defaultdict(list)
    for (peer_id, review_id), var in peer_review.items():
        members_of[review_id].append((peer_id, var))
    kept_on = defaultdict(list)
    for peer in season.peers:
        for review_id in peer.kept_reviews:
            kept_on[review_id].append(peer)
    for review in season.reviews:
        members = members_of[review.id]
        kept_here = kept_on[review.id]
        mix = []
        for experienced in (True, False):
            already = any(peer.experienced == experienced for peer in kept_here)
            side = [var for peer_id, var in members if peers[peer_id].experienced == experienced]
            if not already:
                has = model.new_bool_var(f"mix_{review.id}_{experienced}")
                model.add_hint(
                    has,
                    any(
                        (peer_id, review.id) in start_on and peers[peer_id].experienced == experienced
                        for peer_id, _ in members
                    ),
                )
                model.add(has <= sum(side))
                mix.append(has)
        if len(mix) == 2:
            both = model.new_bool_var(f"mixed_{review.id}")
            model.add_hint(both, False)
            model.add_implication(both, mix[0])
            model.add_implication(both, mix[1])
            soft.append(MIX_POINTS * both)
        elif len(mix) == 1:
            soft.append(MIX_POINTS * mix[0])
        best_soft += MIX_POINTS
        # The same pairs as last time: a penalty per pair of past partners on the team again.
        kept_ids = {peer.id for peer in kept_here}
        present = dict(members)
        for peer_id, var in members:
            partners = peers[peer_id].past_partners
            soft += [-REPEAT_PAIR_PENALTY * var for _ in partners & kept_ids]
            for other in partners & present.keys():
                if other > peer_id:
                    pair = model.new_bool_var(f"pair_{review.id}_{peer_id}_{other}")
                    model.add_hint(pair, {(peer_id, review.id), (other, review.id)} <= start_on)
                    model.add(pair >= var + present[other] - 1)
                    soft.append(-REPEAT_PAIR_PENALTY * pair)

    fairness_weight = best_soft + 1  # one less on the busiest peer outweighs every soft preference
    fill_weight = fairness_weight * (len(season.reviews) + 1) + 1  # one more place filled outweighs fairness
    model.maximize(fill_weight * sum(fills) - fairness_weight * max_load + sum(soft))

    # Never worse than the greedy plan on the first two aims: the search stays on the soft preferences.
    model.add(sum(fills) >= len(start))
    model.add(max_load <= start_max)

    timings["model"] = time.monotonic() - started - timings["prefilter"]
    solver = cp_model.CpSolver()
    # `seconds` is the whole budget: what the prefilter and the model took, and half a second to explain.
    left = seconds - (time.monotonic() - started) - 0.5
    solver.parameters.max_time_in_seconds = max(left, 1.0)
    solver.parameters.num_workers = workers
    solver.parameters.random_seed = 0
    # Presolve finds better plans, but takes a few seconds whatever the limit says: with little time left,
    # search straight from the greedy start instead.
    solver.parameters.cp_model_presolve = left >= PRESOLVE_SECONDS
    status = solver.solve(model)
    timings["search"] = solver.wall_time
    found = status in (cp_model.OPTIMAL, cp_model.FEASIBLE)

    if found:
        chosen = {place_id: peer_id for (place_id, peer_id), var in x.items() if solver.value(var)}
        status_name = solver.status_name(status)
    else:  # out of time before the first solution: the greedy start holds every hard rule too
        chosen, status_name, found = start, "GREEDY", True
    load = defaultdict(int, {peer_id: n for peer_id, n in kept.items() if n})
    for peer_id in chosen.values():
        load[peer_id] += 1
    where = defaultdict(list)  # peer id -> reviews proposed for
    places = {place.id: place for place in season.places}
    for place_id, peer_id in chosen.items():
        where[peer_id].append(reviews[places[place_id].review_id])

    proposals, unfilled = {}, {}
    for place in season.places:
        review = reviews[place.review_id]
        fits = feasible[place.id]
        if place.id in chosen:
            peer_id = chosen[place.id]
            reasons = next(r for _, p, r in fits if p.id == peer_id)
            runner = next(((p, r) for _, p, r in fits if p.id != peer_id), None)
            runner_reasons = []
            if runner:
                elsewhere = [r.name for r in where.get(runner[0].id, []) if r.id != review.id]
                runner_reasons = list(runner[1])
                if elsewhere:
                    runner_reasons.append("Proposed for " + ", ".join(elsewhere) + " instead")
                elif runner[0].id in where:
                    runner_reasons.append("Proposed for another place on this review")
            proposals[place.id] = Proposal(
                place.id, peer_id, list(reasons), runner[0].id if runner else None, runner_reasons
            )
        elif not fits:
            unfilled[place.id] = why_nobody(place, review, ruled_out[place.id])
        else:
            unfilled[place.id] = _why_left_open(place, review, fits, where, peers, found)
    timings = {name: round(value, 2) for name, value in timings.items()}
    return Plan(proposals, unfilled, dict(load), status_name, time.monotonic() - started, timings)


def greedy(season, feasible):
    """A quick plan that holds every hard rule: scarcest places first, each to the least-loaded best candidate.

    The solver starts from it, and it is the answer if the solver finds nothing in its time.
    """
    reviews = {review.id: review for review in season.reviews}
    taken = defaultdict(list)  # peer id -> reviews given
    load = {peer.id: len(peer.kept_reviews) for peer in season.peers}
    chosen = {}

    def may_take(peer, review):
        given = taken[peer.id]
        if any(r.id == review.id or r.overlaps(review.travel_day, review.ends) for r in given):
            return False
        year = review.starts.year
        return peer.committed.get(year, 0) + sum(1 for r in given if r.starts.year == year) < peer.cap

    for place in sorted(season.places, key=lambda place: (len(feasible[place.id]), place.id)):
        review = reviews[place.review_id]
        best = None
        for points_, peer, _ in feasible[place.id]:
            if may_take(peer, review):
                key = (load[peer.id], -points_)
                if best is None or key < best[0]:
                    best = (key, peer)
        if best:
            chosen[place.id] = best[1].id
            taken[best[1].id].append(review)
            load[best[1].id] += 1
    # Then even out: move a place from a busier peer to one at least two places less busy, while any can be.
    places = {place.id: place for place in season.places}
    moved = True
    while moved:
        moved = False
        for place_id, peer_id in sorted(chosen.items(), key=lambda item: -load[item[1]]):
            review = reviews[places[place_id].review_id]
            for _, other, _ in feasible[place_id]:
                if load[other.id] + 1 < load[peer_id] and may_take(other, review):
                    taken[peer_id].remove(review)
                    load[peer_id] -= 1
                    chosen[place_id] = other.id
                    taken[other.id].append(review)
                    load[other.id] += 1
                    moved = True
                    break
    return chosen


def _why_left_open(place, review, fits, where, peers, found):
    role = (place.role_label or place.role).lower()
    if not found:
        return "The planner ran out of time before it found a plan. Try again with fewer reviews."
    clash = sum(
        1
        for _, peer, _ in fits
        if any(r.id != review.id and r.overlaps(review.travel_day, review.ends) for r in where[peer.id])
    )
    return (
        f"No {role} left for {review.week}: the {len(fits)} who could take it without a conflict are needed "
        f"on other reviews ({clash} in overlapping weeks), on another place of this review, "
        "or would go over their yearly limit."
    )


def broken_rules(season, plan):
    """Every hard rule the plan breaks, in words (an empty list when all hold): for tests and the bench."""
    reviews = {review.id: review for review in season.reviews}
    peers = {peer.id: peer for peer in season.peers}
    places = {place.id: place for place in season.places}
    broken = []
    taken = defaultdict(list)
    for place_id, proposal in plan.proposals.items():
        place, peer = places[place_id], peers[proposal.peer_id]
        review = reviews[place.review_id]
        if place.role not in peer.roles:
            broken.append(f"{peer.name} cannot take the role of {place.role}")
        rule = _first_broken_rule(peer, review)
        if rule:
            broken.append(f"{peer.name} on {review.name}: {rule}")
        taken[peer.id].append(review)
    for peer_id, held in taken.items():
        peer = peers[peer_id]
        if len({r.id for r in held}) < len(held):
            broken.append(f"{peer.name} has two places on one review")
        for i, first in enumerate(held):
            for second in held[i + 1 :]:
                if first.id != second.id and first.overlaps(second.travel_day, second.ends):
                    broken.append(f"{peer.name} is on {first.name} and {second.name} in overlapping weeks")
        for year in {r.starts.year for r in held}:
            count = peer.committed.get(year, 0) + sum(1 for r in held if r.starts.year == year)
            if count > peer.cap:
                broken.append(f"{peer.name} has {count} reviews in {year}, over their limit of {peer.cap}")
    return broken

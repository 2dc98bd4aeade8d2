"""Proposes the on-site week with OR-Tools CP-SAT, explains what cannot fit, and re-plans with the fewest changes.

Time runs in slots (`Problem.slot` minutes) on one line through the week: day d starts at
d × SLOTS_PER_DAY, so sessions on different days never meet and one start variable says both
the day and the time. Each request has one start; each peer and each venue it may use has an
optional interval sharing that start, present when the peer is assigned or the venue chosen.

Hard rules: a peer's intervals, lunch and absences do not overlap; consecutive sessions of a
shared peer leave the travel time between their venues (a before/after literal per pair of
sessions); a venue holds no more sessions at once than it has rooms, within its opening hours;
a session starts when its participants can come; the required roles are among its peers; a
peer's interview minutes a day stay under the cap; fixed items do not move.

The objective is lexicographic, solved in two stages so the weights stay small enough for
CP-SAT to prove bounds: first what is placed (musts, then in a re-plan the sessions and peers
moved, then theme × agency coverage by mid-week, shoulds, nice-to-haves), then, with those
held, how good the days are (load spread, repeat pairings, venues visited, finishing early).
Within a stage the levels are one weighted sum, each weight larger than the most every level
below it can add up to, so a level never trades against those beneath it.

When the musts cannot all be placed, the model is solved again with every must and every
relaxable rule (a request's participant window and required roles, a peer's daily cap) as an
assumption literal; the solver's infeasible core, reduced until every literal in it matters,
names the requests in conflict and, for each rule in it, the change that would let them fit.
"""

import time
from collections import Counter, defaultdict
from dataclasses import replace
from itertools import combinations

from ortools.sat.python import cp_model

from .data import Conflict, Placement, Priority, Result, Window

DAY_MINUTES = 24 * 60


def _clock(minutes):
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _ceil(a, b):
    return -(-a // b)


class _Progress(cp_model.CpSolverSolutionCallback):
    def __init__(self, started, report, every=1.0):
        super().__init__()
        self.started = started
        self.report = report
        self.every = every
        self.first = None
        self.close = None  # when the week was first within 2% of the bound
        self.last_report = 0.0

    def on_solution_callback(self):
        now = time.monotonic()
        if self.first is None:
            self.first = now - self.started
        objective, bound = self.objective_value, self.best_objective_bound
        if self.close is None and objective - bound <= 0.02 * max(1.0, abs(objective)):
            self.close = now - self.started
        if self.report and now - self.last_report >= self.every:
            self.last_report = now
            self.report(int(self.objective_value), int(self.best_objective_bound))


class _Week:
    """The CP-SAT model for one problem. `explain` turns the relaxable rules into assumption literals."""

    def __init__(self, problem, requests, explain=False):
        self.p = problem
        self.requests = requests
        self.explain = explain
        self.m = cp_model.CpModel()
        self.slot = problem.slot
        self.per_day = DAY_MINUTES // problem.slot
        self.assumptions = {}  # literal index -> (kind, subject)
        self.peer_ids = [peer.id for peer in problem.peers]
        self.venue_by_id = {venue.id: venue for venue in problem.venues}
        self._build()

    # --- domains -------------------------------------------------------------------------------
    def _span(self, day, first, last, minutes):
        """Slots at which a session of `minutes` may start on `day` between minutes first and last."""
        lo = day * self.per_day + _ceil(first, self.slot)
        hi = day * self.per_day + (last - minutes) // self.slot
        return [lo, hi] if lo <= hi else None

    def _domain(self, spans):
        spans = [s for s in spans if s]
        return cp_model.Domain.from_intervals(spans) if spans else cp_model.Domain.from_values([])

    def _day_domain(self, request):
        return self._domain(
            self._span(d, day.opens, day.closes, request.minutes) for d, day in enumerate(self.p.days)
        )

    def _window_domain(self, request):
        days = self.p.days
        return self._domain(
            self._span(
                w.day, max(w.starts, days[w.day].opens), min(w.ends, days[w.day].closes), request.minutes
            )
            for w in request.windows
            if 0 <= w.day < len(days)
        )

    def _venue_domain(self, request, venue):
        return self._domain(
            self._span(d, max(venue.opens, day.opens), min(venue.closes, day.closes), request.minutes)
            for d, day in enumerate(self.p.days)
        )

    def _assume(self, kind, subject):
        literal = self.m.new_bool_var(f"assume {kind} {subject}")
        self.assumptions[literal.Index()] = (kind, subject)
        return literal

    # --- the model -----------------------------------------------------------------------------
    def _build(self):
        m, p = self.m, self.p
        self.tasks = []  # (key, start expr, end expr, slots, days {d: lit}, venues {id: lit}, peers {id: lit})
        self.placed, self.start, self.day_lit, self.venue_lit, self.peer_lit = {}, {}, {}, {}, {}
        self.cover_by_day = defaultdict(list)  # (theme, agency) -> literals "heard by mid-week"
        self.must_lit = {}
        mid = p.coverage_by_day if p.coverage_by_day is not None else len(p.days) - 1
        peer_intervals = defaultdict(list)
        venue_intervals = defaultdict(list)
        questioning = defaultdict(list)  # (peer, day) -> [(minutes, literal)]
        fixed_questioning = Counter()

        for r in self.requests:
            slots = _ceil(r.minutes, self.slot)
            base = self._day_domain(r)
            window = self._window_domain(r) if r.windows else None
            if window is not None and not self.explain:
                base = base.intersection_with(window)
            start = m.new_int_var_from_domain(base, f"start {r.id}")
            end = start + slots
            placed = m.new_bool_var(f"placed {r.id}")
            if window is not None and self.explain:
                m.add_linear_expression_in_domain(start, window).only_enforce_if(
                    [placed, self._assume("window", r.id)]
                )
            days = {}
            for d in range(len(p.days)):
                lo, hi = d * self.per_day, (d + 1) * self.per_day - 1
                if base.intersection_with(cp_model.Domain(lo, hi)).is_empty():
                    continue
                lit = m.new_bool_var(f"day {r.id} {d}")
                m.add_linear_constraint(start, lo, hi).only_enforce_if(lit)
                days[d] = lit
            m.add(sum(days.values()) == placed)
            venues = {}
            if r.venues:
                options = [v for v in r.venues if v in self.venue_by_id]
                for v in options:
                    lit = placed if len(options) == 1 else m.new_bool_var(f"venue {r.id} {v}")
                    m.add_linear_expression_in_domain(
                        start, self._venue_domain(r, self.venue_by_id[v])
                    ).only_enforce_if(lit)
                    venues[v] = lit
                    venue_intervals[v].append(
                        m.new_optional_fixed_size_interval_var(start, slots, lit, f"room {r.id} {v}")
                    )
                if len(options) > 1:
                    m.add(sum(venues.values()) == placed)
                elif not options:
                    m.add(placed == 0)
            peers = {}
            for k in self.peer_ids:
                lit = m.new_bool_var(f"peer {r.id} {k}")
                m.add_implication(lit, placed)
                peers[k] = lit
                peer_intervals[k].append(
                    m.new_optional_fixed_size_interval_var(start, slots, lit, f"{r.id} {k}")
                )
            m.add(sum(peers.values()) == r.peers * placed)
            roles = self._roles(r, peers, placed)
            if roles and self.explain:
                literal = self._assume("roles", r.id)
                for constraint in roles:
                    constraint.only_enforce_if(literal)
            if r.questioning:
                for k in self.peer_ids:
                    for d, day in days.items():
                        questioning[k, d].append((r.minutes, self._and(peers[k], day)))
            early = [lit for d, lit in days.items() if d <= mid]
            for pair in r.covers:
                self.cover_by_day[pair].extend(early)
            if r.priority == Priority.MUST:
                self.must_lit[r.id] = placed
            self.placed[r.id], self.start[r.id], self.day_lit[r.id] = placed, start, days
            self.venue_lit[r.id], self.peer_lit[r.id] = venues, peers
            self.tasks.append((("r", r.id), start, end, slots, days, venues, peers))

        for f in p.fixed:
            start = f.day * self.per_day + f.starts // self.slot
            slots = _ceil(f.ends - f.starts, self.slot)
            here = [k for k in f.peers if k in self.peer_ids and self._available(k, f.day, f.starts, f.ends)]
            for k in here:
                peer_intervals[k].append(m.new_fixed_size_interval_var(start, slots, f"fixed {f.id} {k}"))
                if f.questioning:
                    fixed_questioning[k, f.day] += f.ends - f.starts
            if f.venue is not None and f.venue in self.venue_by_id:
                venue_intervals[f.venue].append(
                    m.new_fixed_size_interval_var(start, slots, f"fixed room {f.id}")
                )
            if f.day <= mid:
                for pair in f.covers:
                    self.cover_by_day[pair].append(m.new_constant(1))
            true = m.new_constant(1)
            self.tasks.append(
                (
                    ("f", f.id),
                    start,
                    start + slots,
                    slots,
                    {f.day: true},
                    {f.venue: true} if f.venue is not None else {},
                    {k: true for k in here},
                )
            )

        for k in self.peer_ids:
            peer_intervals[k] += self._absences(k)
            m.add_no_overlap(peer_intervals[k])
        for v, intervals in venue_intervals.items():
            rooms = self.venue_by_id[v].rooms
            if rooms <= 1:
                m.add_no_overlap(intervals)
            else:
                m.add_cumulative(intervals, [1] * len(intervals), rooms)
        self._caps(questioning, fixed_questioning)
        self._travel()

    def _roles(self, r, peers, placed):
        if not r.roles:
            return []
        roles_of = {peer.id: peer.roles for peer in self.p.peers}
        return [
            self.m.add(sum(peers[k] for k in self.peer_ids if role in roles_of[k]) >= count * placed)
            for role, count in Counter(r.roles).items()
        ]

    def _and(self, a, b):
        both = self.m.new_bool_var("")
        self.m.add_bool_or([both, a.Not(), b.Not()])
        self.m.add_implication(both, a)
        self.m.add_implication(both, b)
        return both

    def _window_of(self, k, d):
        peer = next(peer for peer in self.p.peers if peer.id == k)
        day = self.p.days[d]
        return peer.available.get(d, (day.opens, day.closes))

    def _available(self, k, d, starts, ends):
        free_from, free_to = self._window_of(k, d)
        return free_from <= starts and ends <= free_to

    def _absences(self, k):
        """Fixed intervals for the parts of each day a peer is not on site, and an optional lunch break."""
        m, intervals = self.m, []
        for d in range(len(self.p.days)):
            base = d * self.per_day
            free_from, free_to = self._window_of(k, d)
            if free_from >= free_to:
                intervals.append(m.new_fixed_size_interval_var(base, self.per_day, f"away {k} {d}"))
                continue
            before = _ceil(free_from, self.slot)
            if before > 0:
                intervals.append(m.new_fixed_size_interval_var(base, before, f"arrives {k} {d}"))
            after = free_to // self.slot
            if after < self.per_day:
                intervals.append(
                    m.new_fixed_size_interval_var(base + after, self.per_day - after, f"leaves {k} {d}")
                )
            if self.p.lunch:
                first, last, minutes = self.p.lunch
                span = self._span(d, max(first, free_from), min(last, free_to), minutes)
                if span:
                    lunch = m.new_int_var(span[0], span[1], f"lunch {k} {d}")
                    intervals.append(m.new_fixed_size_interval_var(lunch, _ceil(minutes, self.slot), ""))
        return intervals

    def _caps(self, questioning, fixed_questioning):
        cap = self.p.max_questioning_minutes
        names = {peer.id: peer.name for peer in self.p.peers}
        for (k, d), terms in questioning.items():
            if sum(minutes for minutes, _ in terms) + fixed_questioning[k, d] <= cap:
                continue
            constraint = self.m.add(
                sum(minutes * lit for minutes, lit in terms) + fixed_questioning[k, d] <= cap
            )
            if self.explain:
                constraint.only_enforce_if(self._assume("cap", (names[k], d)))

    def _travel(self):
        """Between two sessions sharing a peer on one day, the later starts after the journey."""
        m, p = self.m, self.p
        for a, b in combinations(self.tasks, 2):
            if a[0][0] == "f" and b[0][0] == "f":
                continue
            if not set(a[4]) & set(b[4]):
                continue
            combos = [
                (va, la, vb, lb, _ceil(p.travel_minutes(va, vb), self.slot))
                for va, la in (a[5].items() or [(None, None)])
                for vb, lb in (b[5].items() or [(None, None)])
            ]
            combos = [c for c in combos if c[4] > 0]
            common = set(a[6]) & set(b[6])
            if not combos or not common:
                continue
            shared = m.new_bool_var("")
            for k in common:
                m.add_bool_or([shared, a[6][k].Not(), b[6][k].Not()])
            before = m.new_bool_var("")
            for _, la, _, lb, slots in combos:
                when = [shared] + [lit for lit in (la, lb) if lit is not None]
                m.add(b[1] >= a[2] + slots).only_enforce_if([*when, before])
                m.add(a[1] >= b[2] + slots).only_enforce_if([*when, before.Not()])

    def hint(self, placements):
        """Values for the decision variables that put the week as `placements` has it."""
        values = []
        for r in self.requests:
            pl = placements.get(r.id)
            values.append((self.placed[r.id], pl is not None))
            if pl is not None:
                values.append((self.start[r.id], pl.day * self.per_day + pl.starts // self.slot))
            for d, lit in self.day_lit[r.id].items():
                values.append((lit, pl is not None and pl.day == d))
            for v, lit in self.venue_lit[r.id].items():
                if lit is not self.placed[r.id]:
                    values.append((lit, pl is not None and pl.venue == v))
            for k, lit in self.peer_lit[r.id].items():
                values.append((lit, pl is not None and k in pl.peers))
        return values

    # --- objectives -----------------------------------------------------------------------------
    def placement_levels(self):
        """(name, expression, most it can be) for stage one, in priority order."""
        m, p = self.m, self.p
        levels = []
        musts = [1 - self.placed[r.id] for r in self.requests if r.priority == Priority.MUST]
        levels.append(("musts_left_out", sum(musts), len(musts)))
        if p.previous:
            moved, peers_changed, bound = [], [], 0
            for r in self.requests:
                old = p.previous.get(r.id)
                if old is None:
                    continue
                same = m.new_bool_var(f"same {r.id}")
                target = old.day * self.per_day + old.starts // self.slot
                day = self.day_lit[r.id].get(old.day)
                venue_ok = old.venue is None or old.venue in self.venue_lit[r.id] or not self.venue_lit[r.id]
                if day is None or not venue_ok:
                    m.add(same == 0)
                else:
                    m.add(self.start[r.id] == target).only_enforce_if(same)
                    m.add_implication(same, day)
                    if old.venue is not None and old.venue in self.venue_lit[r.id]:
                        m.add_implication(same, self.venue_lit[r.id][old.venue])
                moved.append(1 - same)
                for k, lit in self.peer_lit[r.id].items():
                    peers_changed.append(1 - lit if k in old.peers else lit)
                    bound += 1
            levels.append(("sessions_moved", sum(moved), len(moved)))
            levels.append(("peers_changed", sum(peers_changed), bound))
        uncovered = []
        for pair in sorted(p.expected):
            heard = m.new_bool_var(f"heard {pair}")
            m.add(sum(self.cover_by_day.get(pair, [])) >= heard)
            uncovered.append(1 - heard)
        levels.append(("uncovered_pairs", sum(uncovered), len(uncovered)))
        for name, priority in (("shoulds_left_out", Priority.SHOULD), ("nice_left_out", Priority.NICE)):
            missing = [1 - self.placed[r.id] for r in self.requests if r.priority == priority]
            levels.append((name, sum(missing), len(missing)))
        return levels

    def quality_levels(self):
        m = self.m
        levels = []
        loads = []
        most = sum(_ceil(r.minutes, self.slot) * r.peers for r in self.requests)
        for k in self.peer_ids:
            load = m.new_int_var(0, most, f"load {k}")
            m.add(load == sum(_ceil(r.minutes, self.slot) * self.peer_lit[r.id][k] for r in self.requests))
            loads.append(load)
        if len(loads) > 1:
            high, low = m.new_int_var(0, most, "high"), m.new_int_var(0, most, "low")
            m.add_max_equality(high, loads)
            m.add_min_equality(low, loads)
            levels.append(("load_spread_slots", high - low, most))
        repeats = []
        paired = [r for r in self.requests if r.peers >= 2]
        if paired:
            for k, other in combinations(self.peer_ids, 2):
                together = sum(self._and(self.peer_lit[r.id][k], self.peer_lit[r.id][other]) for r in paired)
                excess = m.new_int_var(0, len(paired), "")
                m.add(excess >= together - 1)
                repeats.append(excess)
            # The excesses add up to at most the pairs the sessions make.
            bound = sum(r.peers * (r.peers - 1) // 2 for r in paired)
            levels.append(("repeat_pairings", sum(repeats), bound))
        visits = []
        for k in self.peer_ids:
            for d in range(len(self.p.days)):
                fixed = {
                    v
                    for key, _, _, _, days, venues, peers in self.tasks
                    if key[0] == "f" and d in days and k in peers
                    for v in venues
                }
                by_venue = defaultdict(list)
                for r in self.requests:
                    day = self.day_lit[r.id].get(d)
                    if day is None:
                        continue
                    both = self._and(self.peer_lit[r.id][k], day)
                    for v, lit in self.venue_lit[r.id].items():
                        by_venue[v].append(both if lit is self.placed[r.id] else self._and(both, lit))
                for v, lits in by_venue.items():
                    if v in fixed:
                        continue
                    used = m.new_bool_var("")
                    for lit in lits:
                        m.add_implication(lit, used)
                    visits.append(used)
        levels.append(("venues_visited", sum(visits), len(visits)))
        finish = []
        for r in self.requests:
            # When in its day the session ends; a literal per day keeps the bound tight.
            offset = m.new_int_var(0, self.per_day, f"ends in day {r.id}")
            for d, lit in self.day_lit[r.id].items():
                m.add(
                    offset == self.start[r.id] + _ceil(r.minutes, self.slot) - d * self.per_day
                ).only_enforce_if(lit)
            finish.append(offset)
        levels.append(("finishing_slots", sum(finish), len(self.requests) * self.per_day))
        return levels


class _Greedy:
    """A first week placed one request at a time (musts first, the most constrained first), keeping every
    hard rule. CP-SAT starts from it as a hint, so a usable week exists within moments even on a busy
    machine, and the solver spends its time improving it."""

    def __init__(self, problem):
        self.p = problem
        self.busy = defaultdict(list)  # (peer, day) -> [(starts, ends, venue)]
        self.rooms = defaultdict(list)  # (venue, day) -> [(starts, ends)]
        self.asked = Counter()  # (peer, day) -> interview minutes
        self.load = Counter()
        self.venues = {venue.id: venue for venue in problem.venues}
        self.peers = {peer.id: peer for peer in problem.peers}
        for f in problem.fixed:
            self._take(f.day, f.starts, f.ends, f.venue, f.peers, f.questioning)

    def _take(self, day, starts, ends, venue, peers, questioning):
        for k in peers:
            self.busy[k, day].append((starts, ends, venue))
            if questioning:
                self.asked[k, day] += ends - starts
            self.load[k] += ends - starts
        if venue is not None:
            self.rooms[venue, day].append((starts, ends))

    def _gap(self, a, b):
        return _ceil(self.p.travel_minutes(a, b), self.p.slot) * self.p.slot

    def _lunch_left(self, busy, day):
        if not self.p.lunch:
            return True
        first, last, minutes = self.p.lunch
        t = first
        for s, e, _ in sorted(busy):
            if e <= t:
                continue
            if min(s, last) - t >= minutes:
                return True
            t = max(t, e)
        return last - t >= minutes

    def _peer_free(self, k, day, starts, ends, venue, minutes, questioning):
        day_info = self.p.days[day]
        free_from, free_to = self.peers[k].available.get(day, (day_info.opens, day_info.closes))
        if starts < free_from or ends > free_to:
            return False
        if questioning and self.asked[k, day] + minutes > self.p.max_questioning_minutes:
            return False
        busy = self.busy[k, day]
        for s, e, v in busy:
            if not (ends + self._gap(venue, v) <= s or e + self._gap(v, venue) <= starts):
                return False
        return self._lunch_left([*busy, (starts, ends, venue)], day)

    def _room_free(self, venue, day, starts, ends):
        if venue is None:
            return True
        info = self.venues[venue]
        if starts < info.opens or ends > info.closes:
            return False
        return sum(1 for s, e in self.rooms[venue, day] if s < ends and starts < e) < info.rooms

    def _peers_for(self, r, day, starts, ends, venue):
        free = [
            k
            for k in sorted(self.peers, key=lambda k: (self.load[k], k))
            if self._peer_free(k, day, starts, ends, venue, r.minutes, r.questioning)
        ]
        chosen = []
        for role in r.roles:
            match = next((k for k in free if role in self.peers[k].roles and k not in chosen), None)
            if match is None:
                return None
            chosen.append(match)
        chosen += [k for k in free if k not in chosen][: r.peers - len(chosen)]
        return tuple(sorted(chosen)) if len(chosen) == r.peers else None

    def place(self, r, day, starts, venue, peers=None):
        ends = starts + r.minutes
        if not self._room_free(venue, day, starts, ends):
            return None
        if peers is None:
            peers = self._peers_for(r, day, starts, ends, venue)
        elif not all(
            k in self.peers and self._peer_free(k, day, starts, ends, venue, r.minutes, r.questioning)
            for k in peers
        ):
            return None
        if peers is None:
            return None
        self._take(day, starts, ends, venue, peers, r.questioning)
        return Placement(r.id, day, starts, ends, venue, peers)

    def week(self, requests, keep=None, ordered=True):
        placements = {}
        slot = self.p.slot
        for r in requests:  # first, everything that can stay where it was
            old = (keep or {}).get(r.id)
            if old is not None:
                placement = self.place(r, old.day, old.starts, old.venue, old.peers)
                if placement:
                    placements[r.id] = placement
        order = [r for r in requests if r.id not in placements]
        if ordered:
            order.sort(key=lambda r: (-r.priority, len(r.windows) or 99, -r.minutes * r.peers))
        for r in order:
            windows = r.windows or tuple(
                Window(d, day.opens, day.closes) for d, day in enumerate(self.p.days)
            )
            for w in sorted(windows, key=lambda w: (w.day, w.starts)):
                if not 0 <= w.day < len(self.p.days):
                    continue
                day = self.p.days[w.day]
                first = _ceil(max(w.starts, day.opens), slot) * slot
                placement = None
                for starts in range(first, min(w.ends, day.closes) - r.minutes + 1, slot):
                    for venue in r.venues or (None,):
                        placement = self.place(r, w.day, starts, venue)
                        if placement:
                            break
                    if placement:
                        break
                if placement:
                    placements[r.id] = placement
                    break
        return placements


def _weighted(levels):
    """One sum in which each level outweighs everything below it: weight_i > Σ weight_j × most_j (j below i)."""
    terms, weight = [], 1
    for _, expression, most in reversed(levels):
        terms.append(weight * expression)  # a new list: `+=` on an expression would change it in place
        weight *= most + 1
    return sum(terms)


def _prechecks(problem):
    """Requests that cannot be placed whatever else happens, with the reason; the rest go to the solver."""
    reasons = {}
    longest = max((day.closes - day.opens for day in problem.days), default=0)
    team_roles = Counter(role for peer in problem.peers for role in peer.roles)
    venues = {venue.id: venue for venue in problem.venues}
    for r in problem.requests:
        if r.minutes > longest:
            reasons[r.id] = (
                f"It lasts {r.minutes // 60} h {r.minutes % 60:02d} min, longer than any on-site day "
                f"({longest // 60} h {longest % 60:02d} min at most)."
            )
            continue
        if r.peers > len(problem.peers):
            reasons[r.id] = f"It needs {r.peers} peers and the team has {len(problem.peers)}."
            continue
        short = [(role, count) for role, count in Counter(r.roles).items() if team_roles[role] < count]
        if short:
            role, count = short[0]
            have = team_roles[role]
            reasons[r.id] = (
                f"It needs a {role} peer and the team has none."
                if count == 1
                else f"It needs {count} {role} peers and the team has {have}."
            )
            continue
        if r.venues and not any(
            min(venues[v].closes, day.closes) - max(venues[v].opens, day.opens) >= r.minutes
            for v in r.venues
            if v in venues
            for day in problem.days
        ):
            reasons[r.id] = "None of its venues is open long enough for it on an on-site day."
            continue
        if r.windows and not any(
            min(w.ends, problem.days[w.day].closes) - max(w.starts, problem.days[w.day].opens) >= r.minutes
            for w in r.windows
            if 0 <= w.day < len(problem.days)
        ):
            reasons[r.id] = "Every time its participants can come is shorter than the session."
    return reasons


def describe_windows(problem, request):
    if not request.windows:
        return "any time"
    return "; ".join(
        f"{problem.days[w.day].label} {_clock(w.starts)}–{_clock(w.ends)}"
        for w in request.windows
        if 0 <= w.day < len(problem.days)
    )


def _solve(week, objective, seconds, problem, progress=None, hint=None):
    model = week.m
    model.clear_objective()
    model.minimize(objective)
    model.clear_hints()
    if hint:
        for var, value in hint:
            model.add_hint(var, value)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.1, seconds)
    solver.parameters.num_workers = problem.workers
    solver.parameters.random_seed = problem.seed
    solver.parameters.relative_gap_limit = problem.gap
    # Presolve's probing and symmetry search took seconds on the bench's week for little gain: the
    # greedy hint and LNS do better with that time.
    solver.parameters.cp_model_probing_level = 0
    solver.parameters.symmetry_level = 0
    callback = _Progress(time.monotonic(), progress)
    status = solver.solve(model, callback)
    return solver, status, callback


def _snapshot(week, solver):
    """Every variable's value, as a hint for the next stage."""
    proto = week.m.proto
    return [
        (week.m.get_int_var_from_proto_index(i), solver.value(week.m.get_int_var_from_proto_index(i)))
        for i in range(len(proto.variables))
    ]


def explain(problem, requests, seconds=5.0):
    """The conflicts that keep the musts from all being placed, from a minimal infeasible core."""
    week = _Week(problem, requests, explain=True)
    musts = {r.id: r for r in requests}
    for rid, placed in week.must_lit.items():
        literal = week._assume("must", rid)
        week.m.add_implication(literal, placed)
    names = list(week.assumptions)
    deadline = time.monotonic() + seconds

    def infeasible(indexes):
        week.m.clear_assumptions()
        week.m.add_assumptions([week.m.get_bool_var_from_proto_index(i) for i in indexes])
        solver = cp_model.CpSolver()
        solver.parameters.max_time_in_seconds = max(0.1, min(2.0, deadline - time.monotonic()))
        solver.parameters.num_workers = 1  # the core comes from a single search
        status = solver.solve(week.m)
        return status == cp_model.INFEASIBLE, solver

    is_infeasible, solver = infeasible(names)
    if not is_infeasible:
        return []
    core = list(solver.sufficient_assumptions_for_infeasibility())
    # Drop each literal the conflict does not need, so every one left is a real part of it.
    for index in list(core):
        if time.monotonic() > deadline:
            break
        trial = [i for i in core if i != index]
        if trial and infeasible(trial)[0]:
            core = trial
    parts = [week.assumptions[i] for i in core]
    involved = sorted({subject for kind, subject in parts if kind in ("must", "window", "roles")})
    labels = [f"“{musts[rid].label}”" for rid in involved if rid in musts]
    suggestions = []
    for kind, subject in parts:
        if kind == "window":
            r = musts[subject]
            suggestions.append(
                f"Allow other times for “{r.label}”: its participants can come only {describe_windows(problem, r)}."
            )
        elif kind == "roles":
            r = musts[subject]
            suggestions.append(
                f"Another {' or '.join(sorted(set(r.roles)))} peer free when “{r.label}” can happen "
                f"({describe_windows(problem, r)})."
            )
        elif kind == "cap":
            name, d = subject
            suggestions.append(
                f"Let {name} do more than {problem.max_questioning_minutes // 60} hours of interviews "
                f"on {problem.days[d].label}."
            )
    for kind, subject in parts:
        if kind == "must":
            suggestions.append(f"Make “{musts[subject].label}” a “should” so the week can go without it.")
    if len(labels) > 1:
        message = f"{' and '.join([', '.join(labels[:-1]), labels[-1]])} cannot all be placed: " + (
            "the times their participants can come, the peers they need and the rooms and travel between them "
            "leave no week in which every one of them happens."
        )
    elif labels:
        message = f"{labels[0]} cannot be placed: no time its participants can come has the peers, room and travel it needs."
    else:
        message = "The fixed items and peers' availability leave no room for the must-have sessions."
    return [
        Conflict(message=message, requests=[rid for rid in involved if rid in musts], suggestions=suggestions)
    ]


def solve(problem, progress=None):
    """Propose the week (or re-plan it, when `problem.previous` is given). `progress(stage, objective, bound)`
    is called at most once a second with the best week so far (stage 1: what is placed; 2: the days)."""
    started = time.monotonic()
    result = Result(status="unknown")
    reasons = _prechecks(problem)
    requests = [r for r in problem.requests if r.id not in reasons]
    week = _Week(problem, requests)
    placement = week.placement_levels()
    # Two greedy weeks (most constrained first; in the order asked) and the better one as the start.
    tries = [_Greedy(problem).week(requests, keep=problem.previous, ordered=o) for o in (True, False)]
    start_from = max(tries, key=lambda week: (sum(r.priority for r in requests if r.id in week), len(week)))
    hint = week.hint(start_from)
    # The greedy week keeps every hard rule, so it is the first feasible week; the solver improves on it.
    result.first_solution_seconds = time.monotonic() - started
    first_budget = problem.time_limit * 0.6
    report = (lambda stage: lambda o, b: progress(stage, o, b)) if progress else (lambda stage: None)
    solver, status, callback = _solve(week, _weighted(placement), first_budget, problem, report(1), hint)
    if callback.close is not None:
        result.close_seconds = result.first_solution_seconds + callback.close
    if status == cp_model.INFEASIBLE:
        result.status = "infeasible"
        result.conflicts = [
            Conflict(
                message="The fixed items clash with each other or with the peers' availability, so no week can "
                "be built around them. Check the opening meeting, catch-ups, reflection time and feedback.",
                requests=[],
                suggestions=[],
            )
        ]
        result.left_out = {r.id: reasons.get(r.id, result.conflicts[0].message) for r in problem.requests}
        result.seconds = time.monotonic() - started
        return result
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        # No solver week in time: the greedy one keeps every hard rule, so it is offered as it is.
        result.status = "feasible"
        result.placements = sorted(start_from.values(), key=lambda pl: (pl.day, pl.starts, pl.request))
        proven = False
    else:
        proven = result.placed_proven_best = status == cp_model.OPTIMAL
        result.placed_seconds = time.monotonic() - started
        result.objective = int(solver.objective_value)
        result.bound = int(solver.best_objective_bound)
        values = {name: int(solver.value(expr)) for name, expr, _ in placement}
        # Stage two: hold what is placed, and improve the days, starting from stage one's week (taken
        # before stage two adds variables stage one never saw).
        hint = _snapshot(week, solver)
        # ... or from the greedy week, when it places as well and its days are already better.
        solved = replace(problem, requests=requests)
        greedy, stage_one_week = (
            score(solved, list(start_from.values())),
            score(solved, _placements(week, solver, requests)),
        )
        if all(greedy[name] == values[name] for name in values) and _days_key(greedy) < _days_key(
            stage_one_week
        ):
            hint = week.hint(start_from)
        quality = week.quality_levels()
        for name, expr, _ in placement:
            week.m.add(expr <= values[name])
        remaining = problem.time_limit - (time.monotonic() - started)
        stage_one = solver
        solver, status, _ = _solve(week, _weighted(quality), remaining, problem, report(2), hint)
        if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            result.days_proven_best = status == cp_model.OPTIMAL
        else:
            solver = stage_one  # out of time before stage two's first week: keep stage one's
        result.status = "optimal" if proven and result.days_proven_best else "feasible"
        result.placements = _placements(week, solver, requests)
    result.score = score(problem, result.placements)
    placed = {pl.request for pl in result.placements}
    missing_musts = [r for r in requests if r.priority == Priority.MUST and r.id not in placed]
    if missing_musts:
        spare = max(0.5, problem.time_limit - (time.monotonic() - started))
        result.conflicts = explain(
            problem, [r for r in requests if r.priority == Priority.MUST], seconds=spare
        )
    in_conflict = {rid: c.message for c in result.conflicts for rid in c.requests}
    for r in problem.requests:
        if r.id in reasons:
            result.left_out[r.id] = reasons[r.id]
        elif r.id not in placed:
            result.left_out[r.id] = in_conflict.get(r.id) or (
                f"No time was left for it: when its participants can come ({describe_windows(problem, r)}) "
                "the peers or rooms it needs are taken by sessions that come first."
                + ("" if proven else " The solver stopped at its time limit, so it may yet fit.")
            )
    result.seconds = time.monotonic() - started
    return result


def _placements(week, solver, requests):
    out = []
    for r in requests:
        if not solver.boolean_value(week.placed[r.id]):
            continue
        start = solver.value(week.start[r.id])
        day, offset = divmod(start, week.per_day)
        venue = next((v for v, lit in week.venue_lit[r.id].items() if solver.boolean_value(lit)), None)
        peers = tuple(sorted(k for k, lit in week.peer_lit[r.id].items() if solver.boolean_value(lit)))
        starts = offset * week.slot
        out.append(Placement(r.id, day, starts, starts + r.minutes, venue, peers))
    return sorted(out, key=lambda pl: (pl.day, pl.starts, pl.request))


def _days_key(parts):
    return (parts["load_spread_minutes"], parts["repeat_pairings"], parts["travel_minutes"])


def score(problem, placements):
    """The week's score, part by part in priority order, measured on the week itself."""
    placed = {pl.request for pl in placements}
    parts = {}
    for name, priority in (("musts_left_out", Priority.MUST),):
        parts[name] = sum(1 for r in problem.requests if r.priority == priority and r.id not in placed)
    if problem.previous:
        now = {pl.request: pl for pl in placements}
        parts["sessions_moved"] = sum(
            1
            for rid, old in problem.previous.items()
            if rid not in now
            or (now[rid].day, now[rid].starts, now[rid].venue) != (old.day, old.starts, old.venue)
        )
        parts["peers_changed"] = sum(
            len(set(old.peers) ^ set(now[rid].peers if rid in now else ()))
            for rid, old in problem.previous.items()
        )
    measures = evaluate(problem, placements)
    parts["uncovered_pairs"] = measures["uncovered_pairs"]
    for name, priority in (("shoulds_left_out", Priority.SHOULD), ("nice_left_out", Priority.NICE)):
        parts[name] = sum(1 for r in problem.requests if r.priority == priority and r.id not in placed)
    parts["load_spread_minutes"] = measures["load_spread_minutes"]
    pairs = Counter(pair for pl in placements for pair in combinations(pl.peers, 2))
    parts["repeat_pairings"] = sum(n - 1 for n in pairs.values() if n > 1)
    parts["travel_minutes"] = measures["travel_minutes"]
    parts["latest_finish"] = _clock(max((pl.ends for pl in placements), default=0))
    return parts


def evaluate(problem, placements):
    """What a user would measure on any week, the solver's or one built by hand: travel minutes,
    theme × agency pairs not heard by mid-week, and the spread of peers' session minutes."""
    mid = problem.coverage_by_day if problem.coverage_by_day is not None else len(problem.days) - 1
    by_id = {r.id: r for r in problem.requests}
    items = [(pl.day, pl.starts, pl.ends, pl.venue, pl.peers, by_id[pl.request].covers) for pl in placements]
    items += [(f.day, f.starts, f.ends, f.venue, f.peers, f.covers) for f in problem.fixed]
    travel = 0
    per_peer = defaultdict(list)
    for item in items:
        for k in item[4]:
            per_peer[k].append(item)
    for own in per_peer.values():
        own.sort()
        for a, b in zip(own, own[1:], strict=False):
            if a[0] == b[0]:
                travel += problem.travel_minutes(a[3], b[3])
    heard = {pair for item in items if item[0] <= mid for pair in item[5]}
    load = Counter()
    for pl in placements:
        for k in pl.peers:
            load[k] += pl.ends - pl.starts
    loads = [load[peer.id] for peer in problem.peers]
    return {
        "travel_minutes": travel,
        "uncovered_pairs": len(set(problem.expected) - heard),
        "load_spread_minutes": (max(loads) - min(loads)) if loads else 0,
    }

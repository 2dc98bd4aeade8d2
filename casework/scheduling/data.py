"""The week-planning model's inputs and outputs: plain dataclasses, no ORM.

Times are minutes from midnight; days are indexes into `Problem.days` (0 = the first on-site
day). Ids are whatever the caller uses (database keys in the app, small numbers in tests).
"""

from dataclasses import dataclass, field
from enum import IntEnum


class Priority(IntEnum):
    MUST = 3
    SHOULD = 2
    NICE = 1


@dataclass(frozen=True)
class Day:
    label: str  # "Tuesday 4 March", for explanations
    opens: int = 9 * 60
    closes: int = 17 * 60 + 30


@dataclass(frozen=True)
class Venue:
    id: int
    name: str
    opens: int = 8 * 60
    closes: int = 18 * 60
    rooms: int = 1


@dataclass(frozen=True)
class Peer:
    id: int
    name: str
    roles: frozenset = frozenset()  # {"officer", "health", "police", ...}: what the peer can stand in as
    # The part of each day the peer is on site, {day: (from, to)}; a day not named is the whole day.
    # A day with from >= to means the peer is away.
    available: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Window:
    """A time the participants can come: on `day`, from `starts` to `ends`."""

    day: int
    starts: int
    ends: int


@dataclass(frozen=True)
class Request:
    """Something that must (or should) happen during the week, not yet placed."""

    id: int
    label: str
    minutes: int
    # Venue ids it may use; empty means online (no room, no travel).
    venues: tuple = ()
    # When its participants can come; empty means any time on any day.
    windows: tuple = ()
    peers: int = 1  # how many peers
    roles: tuple = ()  # roles that must be among them, once per mention: ("officer", "health")
    covers: frozenset = frozenset()  # (theme, agency) pairs the session hears about
    priority: Priority = Priority.MUST
    questioning: bool = True  # counts towards a peer's interview hours


@dataclass(frozen=True)
class Placement:
    request: int
    day: int
    starts: int
    ends: int
    venue: int | None
    peers: tuple  # peer ids, sorted


@dataclass(frozen=True)
class Fixed:
    """An item that stays where it is (opening meeting, catch-ups, reflection, feedback, past sessions)."""

    id: int
    label: str
    day: int
    starts: int
    ends: int
    venue: int | None = None
    peers: tuple = ()
    questioning: bool = False
    covers: frozenset = frozenset()


@dataclass
class Problem:
    days: list
    venues: list
    peers: list
    requests: list
    fixed: list = field(default_factory=list)
    travel: dict = field(default_factory=dict)  # {(venue id, venue id), lower first: minutes}
    default_travel: int = 30
    max_questioning_minutes: int = 5 * 60  # per peer per day
    lunch: tuple | None = (12 * 60, 14 * 60, 30)  # between, and how long
    # Themes heard from every expected agency by the end of this day (the middle of the week).
    coverage_by_day: int | None = None
    expected: frozenset = frozenset()  # (theme, agency) pairs to cover
    # Minimum change: the published week ({request id: Placement}); when given, the solver moves
    # as few sessions and peers as it can before it looks at anything but the musts.
    previous: dict = field(default_factory=dict)
    slot: int = 15  # minutes: every start falls on one
    time_limit: float = 10.0
    gap: float = 0.0  # stop when within this fraction of the bound (0: prove optimal)
    workers: int = 2
    seed: int = 0

    def travel_minutes(self, a, b):
        if a is None or b is None or a == b:
            return 0
        return self.travel.get((min(a, b), max(a, b)), self.default_travel)


@dataclass
class Conflict:
    """Why the hard rules cannot all hold: the requests and rules involved, and what would help."""

    message: str
    requests: list  # request ids
    suggestions: list  # plain-English changes that would let it fit


@dataclass
class Result:
    status: str  # "optimal", "feasible", "infeasible" (no week at all), "unknown" (out of time)
    placements: list = field(default_factory=list)
    left_out: dict = field(default_factory=dict)  # {request id: reason}
    conflicts: list = field(default_factory=list)
    score: dict = field(default_factory=dict)  # the parts of the objective, in priority order
    objective: int | None = None
    bound: int | None = None
    seconds: float = 0.0
    first_solution_seconds: float | None = None
    close_seconds: float | None = None  # when what is placed was first within 2% of the bound
    placed_seconds: float | None = None  # when stage one (what is placed) ended
    placed_proven_best: bool = False  # stage one (what is placed, what moves) proven optimal
    days_proven_best: bool = False  # stage two (load, pairs, travel, compact days) proven optimal

    @property
    def gap(self):
        """How far what is placed (musts, changes, coverage, shoulds) might be from the best possible, as a
        fraction of the objective: stage one's gap."""
        if self.objective is None or self.bound is None:
            return None
        return abs(self.bound - self.objective) / max(1, abs(self.objective))

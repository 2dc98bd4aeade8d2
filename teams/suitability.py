"""Why a peer fits (or does not fit) a place on a review's team.

Pure functions over objects that queries.py has already loaded, so ranking
thousands of peers costs no extra queries.
"""

from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.utils import timezone

from reviews.models import COMMON_FOCUS_AREAS

# Which expertise tags answer each of the common focus areas; others match by name.
FOCUS_EXPERTISE = dict(
    zip(
        COMMON_FOCUS_AREAS,
        [
            {"looked-after children", "care leavers"},
            {"front door and referrals", "child protection"},
            {"child protection proceedings", "child protection"},
            {"early help"},
            {"health safeguarding"},
            {"education"},
            {"lscb"},
        ],
        strict=True,
    )
)


def expertise_for(focus_area):
    return FOCUS_EXPERTISE.get(focus_area, {focus_area.lower()})


@dataclass(frozen=True)
class Conflict:
    """One conflict of interest: which rule found it, and on which record."""

    rule: str
    record: str
    text: str

    OWN = "Own council"
    NEIGHBOUR = "Neighbouring council"
    EMPLOYMENT = "Employment history"
    RECIPROCITY = "Reciprocal review"
    DECLARED = "Declared relationship"

    def __str__(self):
        return self.text

    def as_dict(self):
        return {"rule": self.rule, "record": self.record, "text": self.text}


def conflict_cutoff(today=None):
    """Links with a council that ended before this date no longer count (TEAM_CONFLICT_YEARS)."""
    today = today or timezone.localdate()
    years = settings.TEAM_CONFLICT_YEARS
    return today.replace(
        year=today.year - years, day=28 if (today.month, today.day) == (2, 29) else today.day
    )


def conflicts(peer, review, reciprocal=None, today=None, neighbour_ids=None):
    """Every conflict of interest between the peer and the council under review.

    Needs the peer's ``employment`` and ``declared_conflicts`` prefetched (filtering them to the
    council is fine). ``reciprocal`` maps each council that the reviewed council's staff reviewed
    recently to a description of that review (``queries.reciprocal_reviews``).
    """
    council = review.authority
    if neighbour_ids is None:
        neighbour_ids = {n.pk for n in council.neighbours.all()}
    cutoff = conflict_cutoff(today)
    found = []
    home = peer.home_authority_id
    if home == council.pk:
        found.append(
            Conflict(
                Conflict.OWN,
                f"Council on profile: {council.name}",
                f"Works in {council.name}, the council under review",
            )
        )
    elif home in neighbour_ids:
        found.append(
            Conflict(
                Conflict.NEIGHBOUR,
                f"Council on profile: {peer.home_authority}",
                f"Works in {peer.home_authority}, a neighbour of {council.name}",
            )
        )
    for period in peer.employment.all():
        if period.authority_id == council.pk and (period.ends is None or period.ends >= cutoff):
            verb = "Worked for" if period.link == period.Link.WORKED_FOR else "Worked with"
            found.append(
                Conflict(
                    Conflict.EMPLOYMENT,
                    f"Employment history: {period}",
                    f"{verb} {council.name} within the last {settings.TEAM_CONFLICT_YEARS} years ({period})",
                )
            )
    if reciprocal and home in reciprocal:
        found.append(
            Conflict(
                Conflict.RECIPROCITY,
                reciprocal[home],
                f"Staff of {council.name} reviewed {peer.home_authority} within the last "
                f"{settings.TEAM_CONFLICT_YEARS} years ({reciprocal[home]})",
            )
        )
    found += [
        Conflict(
            Conflict.DECLARED,
            f"Declared: {declared.get_relationship_display()}",
            f"Declared a conflict: {declared.reason}",
        )
        for declared in peer.declared_conflicts.all()
        if declared.authority_id == council.pk
    ]
    return found


def unavailable_days(peer, review):
    """The peer's periods of unavailability that touch the on-site week."""
    if not review.onsite_start:
        return []
    return [
        u for u in peer.unavailable.all() if u.starts <= review.onsite_end and u.ends >= review.onsite_start
    ]


def stale_training_cutoff(today=None):
    """Training before this date is more than TEAM_TRAINING_MAX_AGE_MONTHS whole months old."""
    today = today or date.today()
    month = today.year * 12 + today.month - 1 - settings.TEAM_TRAINING_MAX_AGE_MONTHS
    return date(month // 12, month % 12 + 1, 1)


def training_is_stale(peer, today=None):
    return peer.trained_on is None or peer.trained_on < stale_training_cutoff(today)


@dataclass
class Candidate:
    peer: object
    matching_expertise: list = field(default_factory=list)
    conflicts: list = field(default_factory=list)
    unavailable: list = field(default_factory=list)
    stale_training: bool = False
    reviews_this_year: int = 0
    over_committed: bool = False

    @property
    def score(self):
        return (
            3 * len(self.matching_expertise)
            + (2 if not self.unavailable else 0)
            + (1 if not self.stale_training else 0)
            + (1 if not self.over_committed else 0)
        )


def assess(peer, review, commitments, reciprocal=None):
    wanted = (
        set().union(*[expertise_for(area) for area in review.focus_areas]) if review.focus_areas else set()
    )
    reviews_this_year = commitments.get(peer.pk, (0, 0))[0]
    return Candidate(
        peer=peer,
        matching_expertise=[e.name for e in peer.expertise.all() if e.name.lower() in wanted],
        conflicts=conflicts(peer, review, reciprocal),
        unavailable=unavailable_days(peer, review),
        stale_training=training_is_stale(peer),
        reviews_this_year=reviews_this_year,
        # The programme's usual limit, or the peer's own if lower.
        over_committed=reviews_this_year
        >= min(settings.TEAM_MAX_REVIEWS_PER_YEAR, peer.max_reviews_per_year),
    )

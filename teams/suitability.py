"""Why a peer fits (or does not fit) a place on a review's team.

Pure functions over objects that queries.py has already loaded, so ranking
thousands of peers costs no extra queries.
"""

from dataclasses import dataclass, field
from datetime import date

from django.conf import settings

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


def conflicts(peer, review):
    """Reasons the peer should not review this council. Needs declared_conflicts prefetched."""
    reasons = []
    council = review.authority
    if peer.home_authority_id == council.pk:
        reasons.append(f"Works in {council.name}, the council under review")
    elif peer.home_authority_id in {n.pk for n in council.neighbours.all()}:
        reasons.append(f"Works in {peer.home_authority}, a neighbour of {council.name}")
    reasons += [
        f"Declared a conflict: {conflict.reason}"
        for conflict in peer.declared_conflicts.all()
        if conflict.authority_id == council.pk
    ]
    return reasons


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


def assess(peer, review, commitments):
    wanted = (
        set().union(*[expertise_for(area) for area in review.focus_areas]) if review.focus_areas else set()
    )
    reviews_this_year = commitments.get(peer.pk, (0, 0))[0]
    return Candidate(
        peer=peer,
        matching_expertise=[e.name for e in peer.expertise.all() if e.name.lower() in wanted],
        conflicts=conflicts(peer, review),
        unavailable=unavailable_days(peer, review),
        stale_training=training_is_stale(peer),
        reviews_this_year=reviews_this_year,
        over_committed=reviews_this_year >= settings.TEAM_MAX_REVIEWS_PER_YEAR,
    )

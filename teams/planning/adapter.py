"""From the database to the planner's plain inputs, and from its answer back to a ``SeasonPlan``.

Every read here is one query for the whole season (or one per prefetched relation), whatever the
size of the pool: the bench plans 40 reviews against 5,000 peers.
"""

from collections import defaultdict
from datetime import timedelta

from django.db.models import Prefetch
from django.utils import timezone

from reviews.models import Review

from ..models import (
    DeclaredConflict,
    EmploymentPeriod,
    PeerCapability,
    PeerProfile,
    PeerRole,
    PlannedPlace,
    SlotInvitation,
    TeamSlot,
    Unavailability,
)
from ..queries import reciprocal_reviews
from ..suitability import conflicts, expertise_for, stale_training_cutoff
from .solver import PeerIn, PlaceIn, ReviewIn, Season

# The review manager's place is the programme's own staff, not the pool's.
NOT_PLANNED = {PeerRole.REVIEW_MANAGER}


def upcoming_reviews(today=None, months=None):
    """Reviews not called off with an on-site week from today (and within `months`, if given), earliest first."""
    today = today or timezone.localdate()
    reviews = Review.objects.filter(onsite_start__gte=today, called_off_at__isnull=True)
    if months:
        reviews = reviews.filter(onsite_start__lte=today + timedelta(days=round(months * 30.5)))
    return reviews.select_related("authority").order_by("onsite_start", "pk")


def open_places(reviews):
    """The places of these reviews nobody holds and nobody is invited to: the ones to plan."""
    return (
        TeamSlot.objects.filter(review__in=reviews, peer__isnull=True)
        .exclude(role__in=NOT_PLANNED)
        .exclude(invitations__status=SlotInvitation.Status.PENDING)
        .order_by("review__onsite_start", "review_id", "position", "pk")
    )


def build_season(reviews, today=None):
    """The planner's input for these reviews: their open places, and the pool with its commitments."""
    today = today or timezone.localdate()
    reviews = list(
        Review.objects.filter(
            pk__in=[r.pk for r in reviews], called_off_at__isnull=True, onsite_start__isnull=False
        )
        .select_related("authority")
        .prefetch_related("authority__neighbours")
        .order_by("onsite_start", "pk")
    )
    if not reviews:  # every review was called off (or lost its dates) since the plan was asked for
        return Season([], [], [])
    councils = [review.authority_id for review in reviews]
    first = min(review.onsite_start for review in reviews) - timedelta(days=1)
    last = max(review.onsite_end for review in reviews)
    reviews_in = [
        ReviewIn(
            id=review.pk,
            name=review.authority.name,
            starts=review.onsite_start,
            ends=review.onsite_end,
            region=review.authority.region,
            wanted_expertise=frozenset(
                tag.lower() for area in review.focus_areas for tag in expertise_for(area)
            ),
        )
        for review in reviews
    ]
    places = [
        PlaceIn(slot.pk, slot.review_id, slot.role, slot.get_role_display()) for slot in open_places(reviews)
    ]
    roles = {place.role for place in places}
    # Plain rows rather than model instances with prefetches: for 5,000 peers Django's prefetching
    # costs seconds. Full instances are loaded only for the few peers a conflict rule may concern.
    fields = (
        "pk",
        "full_name",
        "home_authority_id",
        "region",
        "max_reviews_per_year",
        "trained_on",
        "accreditation",
    )
    pool = PeerProfile.objects.filter(capabilities__role__in=roles).distinct().values_list(*fields)
    can = defaultdict(set)
    for peer_id, role in PeerCapability.objects.values_list("peer_id", "role"):
        can[peer_id].add(role)
    knows = defaultdict(set)
    for peer_id, name in PeerProfile.expertise.through.objects.values_list(
        "peerprofile_id", "expertise__name"
    ):
        knows[peer_id].add(name.lower())
    away = defaultdict(list)
    leave = Unavailability.objects.filter(starts__lte=last, ends__gte=first)
    for peer_id, starts, ends in leave.values_list("peer_id", "starts", "ends"):
        away[peer_id].append((starts, ends, "unavailable"))
    records = defaultdict(set)  # peer id -> season councils named in their employment or declarations
    for model in (EmploymentPeriod, DeclaredConflict):
        for peer_id, council in model.objects.filter(authority__in=councils).values_list(
            "peer_id", "authority_id"
        ):
            records[peer_id].add(council)

    held = _held_places(reviews, today)
    partners = _last_partners(today)
    reciprocal = reciprocal_reviews(councils, today)
    neighbours = {review.pk: {n.pk for n in review.authority.neighbours.all()} for review in reviews}
    season_ids = {review.pk for review in reviews}
    # Which season reviews a peer from each council may conflict with, so that the full check runs only
    # for those (and for councils in the peer's own records): 5,000 peers × 40 reviews stays quick.
    suspects_from = defaultdict(set)
    by_council = defaultdict(list)
    for review in reviews:
        by_council[review.authority_id].append(review)
        for council in {
            review.authority_id,
            *neighbours[review.pk],
            *reciprocal.get(review.authority_id, {}),
        }:
            suspects_from[council].add(review)
    pool = list(pool)
    suspects = defaultdict(set)
    for peer_id, _, home, *_ in pool:
        if home:
            suspects[peer_id].update(suspects_from.get(home, ()))
        for council in records.get(peer_id, ()):
            suspects[peer_id].update(by_council[council])
    conflicted = defaultdict(dict)
    concerned = (
        PeerProfile.objects.filter(pk__in=[peer_id for peer_id, found in suspects.items() if found])
        .select_related("home_authority")
        .prefetch_related(
            Prefetch("declared_conflicts", queryset=DeclaredConflict.objects.filter(authority__in=councils)),
            Prefetch("employment", queryset=EmploymentPeriod.objects.filter(authority__in=councils)),
        )
    )
    for peer in concerned:
        for review in suspects[peer.pk]:
            reciprocal_here = reciprocal.get(review.authority_id, {})
            found = conflicts(peer, review, reciprocal_here, today, neighbour_ids=neighbours[review.pk])
            if found:
                conflicted[peer.pk][review.pk] = [str(conflict) for conflict in found]

    stale_before = stale_training_cutoff(today)
    peers = []
    for peer_id, name, _, region, cap, trained_on, accreditation in pool:
        mine = held.get(peer_id, [])
        committed = defaultdict(int)
        for _, start, _, _ in mine:
            committed[start.year] += 1
        peers.append(
            PeerIn(
                id=peer_id,
                name=name,
                roles=frozenset(can[peer_id]),
                expertise=frozenset(knows[peer_id]),
                region=region,
                cap=cap,
                committed=dict(committed),
                busy=away[peer_id]
                + [
                    (start - timedelta(days=1), end, f"on the team of {council}")
                    for _, start, end, council in mine
                ],
                conflicts=conflicted.get(peer_id, {}),
                training_current=trained_on is not None
                and trained_on >= stale_before
                and accreditation != PeerProfile.Accreditation.LAPSED,
                experienced=peer_id in partners,
                past_partners=partners.get(peer_id, frozenset()),
                kept_reviews=frozenset(review_id for review_id, *_ in mine if review_id in season_ids),
            )
        )
    return Season(reviews_in, places, peers)


def _held_places(reviews, today):
    """Each peer's places from this year on, held or invited to: [(review id, first day, last day, council)]."""
    held = defaultdict(list)
    live = {"review__called_off_at__isnull": True, "review__onsite_start__year__gte": today.year}
    fields = ("review_id", "review__onsite_start", "review__onsite_end", "review__authority__name")
    for peer_id, *place in TeamSlot.objects.filter(peer__isnull=False, **live).values_list(
        "peer_id", *fields
    ):
        held[peer_id].append(tuple(place))
    invited = SlotInvitation.objects.filter(
        status=SlotInvitation.Status.PENDING, **{f"slot__{k}": v for k, v in live.items()}
    )
    for peer_id, *place in invited.values_list("peer_id", *[f"slot__{f}" for f in fields]):
        held[peer_id].append(tuple(place))
    return held


def _last_partners(today):
    """For each peer who has been on a review before: the others on their most recent team."""
    teams = defaultdict(set)
    latest = {}
    past = TeamSlot.objects.filter(
        peer__isnull=False, review__onsite_start__lt=today, review__called_off_at__isnull=True
    )
    for peer_id, review_id, start in past.values_list("peer_id", "review_id", "review__onsite_start"):
        teams[review_id].add(peer_id)
        if peer_id not in latest or start > latest[peer_id][1]:
            latest[peer_id] = (review_id, start)
    return {peer_id: frozenset(teams[review_id] - {peer_id}) for peer_id, (review_id, _) in latest.items()}


def save_plan(plan, season, result):
    """Write the planner's answer onto the SeasonPlan: one PlannedPlace for each open place."""
    PlannedPlace.objects.bulk_create(
        [
            PlannedPlace(
                plan=plan,
                slot_id=place.id,
                peer_id=result.proposals[place.id].peer_id if place.id in result.proposals else None,
                reasons=result.proposals[place.id].reasons if place.id in result.proposals else [],
                runner_up_id=result.proposals[place.id].runner_up_id
                if place.id in result.proposals
                else None,
                runner_up_reasons=result.proposals[place.id].runner_up_reasons
                if place.id in result.proposals
                else [],
                blocked_by=result.unfilled.get(place.id, ""),
                status=PlannedPlace.Status.PROPOSED
                if place.id in result.proposals
                else PlannedPlace.Status.UNFILLABLE,
            )
            for place in season.places
        ]
    )
    return {str(peer_id): count for peer_id, count in sorted(result.load.items())}

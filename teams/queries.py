"""Read-side querysets for the pool and the team pages, with query counts that stay flat."""

from collections import defaultdict
from datetime import timedelta

from django.db.models import Prefetch, Q
from django.utils import timezone

from reviews.models import Authority, Review, Role

from .models import (
    DeclaredConflict,
    EmploymentPeriod,
    PeerProfile,
    PeerRole,
    PlannedPlace,
    SlotInvitation,
    TeamSlot,
    Unavailability,
)
from .suitability import assess, conflict_cutoff, expertise_for, unavailable_days


def pool(filters=None):
    """The pool, filtered by what the search form gives (all keys optional)."""
    peers = PeerProfile.objects.select_related("home_authority").prefetch_related("capabilities", "expertise")
    return filter_pool(peers, filters).order_by("full_name", "pk")


def filter_pool(peers, filters=None):
    """The peers that match the pool search's filters (all keys optional)."""
    filters = filters or {}
    if filters.get("q"):
        q = filters["q"]
        peers = peers.filter(Q(full_name__icontains=q) | Q(organisation__icontains=q) | Q(email__icontains=q))
    if filters.get("role"):
        peers = peers.filter(capabilities__role=filters["role"])
    if filters.get("expertise"):
        peers = peers.filter(expertise=filters["expertise"])
    if filters.get("region"):
        peers = peers.filter(region=filters["region"])
    if filters.get("organisation_type"):
        peers = peers.filter(organisation_type=filters["organisation_type"])
    if filters.get("trained_within"):
        since = timezone.localdate() - timedelta(days=int(filters["trained_within"]) * 365 // 12)
        peers = peers.filter(trained_on__gte=since)
    if filters.get("available_from"):
        start = filters["available_from"]
        busy = Unavailability.objects.filter(starts__lte=start + timedelta(days=4), ends__gte=start)
        peers = peers.exclude(pk__in=busy.values("peer"))
    return peers


def commitments(year, peers=None):
    """For each peer (of `peers`, or all) with a place on a review on site in `year`: (reviews, days)."""
    totals = defaultdict(lambda: [0, 0])
    places = TeamSlot.objects.filter(
        peer__isnull=False, review__onsite_start__year=year, review__called_off_at__isnull=True
    )
    if peers is not None:
        places = places.filter(peer__in=peers)
    places = places.values_list("peer_id", "role", "review__onsite_days")
    for peer_id, role, days in places:
        totals[peer_id][0] += 1
        # The team leader also gives a day before and a day after the visit.
        totals[peer_id][1] += days + (2 if role == PeerRole.TEAM_LEADER else 0)
    return {peer_id: tuple(value) for peer_id, value in totals.items()}


def busiest_year(peer):
    """The calendar year (this one or later) in which the peer holds the most places, and how many."""
    counts = defaultdict(int)
    places = TeamSlot.objects.filter(
        peer=peer,
        review__onsite_start__year__gte=timezone.localdate().year,
        review__called_off_at__isnull=True,
    ).values_list("review__onsite_start__year", flat=True)
    for year in places:
        counts[year] += 1
    return max(counts.items(), key=lambda item: (item[1], -item[0]), default=(timezone.localdate().year, 0))


def team_of(review):
    return (
        TeamSlot.objects.filter(review=review)
        .select_related("peer__home_authority")
        .prefetch_related(
            "peer__expertise",
            _unavailable_for(review, "peer__unavailable"),
            Prefetch(
                "invitations",
                queryset=SlotInvitation.objects.filter(status=SlotInvitation.Status.PENDING).select_related(
                    "peer"
                ),
                to_attr="pending",
            ),
        )
    )


def _unavailable_for(review, lookup):
    if not review.onsite_start:
        return Prefetch(lookup, queryset=Unavailability.objects.none())
    return Prefetch(
        lookup,
        queryset=Unavailability.objects.filter(starts__lte=review.onsite_end, ends__gte=review.onsite_start),
    )


def candidates_for(slot, limit=25, filters=None):
    """Peers who can take the slot's role, best first, and apart from them those with a conflict.

    `filters` narrows them as the pool search does (by name, expertise, region and so on)."""
    review = slot.review
    taken = TeamSlot.objects.filter(review=review, peer__isnull=False).values("peer")
    invited = SlotInvitation.objects.filter(slot__review=review, status=SlotInvitation.Status.PENDING).values(
        "peer"
    )
    peers = (
        PeerProfile.objects.filter(capabilities__role=slot.role)
        .exclude(pk__in=taken)
        .exclude(pk__in=invited)
        .select_related("home_authority")
        .prefetch_related(
            "expertise",
            _unavailable_for(review, "unavailable"),
            Prefetch(
                "declared_conflicts", queryset=DeclaredConflict.objects.filter(authority=review.authority_id)
            ),
            Prefetch("employment", queryset=EmploymentPeriod.objects.filter(authority=review.authority_id)),
        )
    )
    peers = filter_pool(peers, filters).distinct()
    year_commitments = commitments(review.onsite_start.year) if review.onsite_start else {}
    reciprocal = reciprocal_for(review)
    assessed = [assess(peer, review, year_commitments, reciprocal) for peer in peers]
    suitable = sorted((c for c in assessed if not c.conflicts), key=lambda c: (-c.score, c.peer.full_name))
    conflicted = sorted((c for c in assessed if c.conflicts), key=lambda c: c.peer.full_name)
    return suitable[:limit], conflicted[:limit], len(suitable)


def reciprocal_reviews(councils, today=None):
    """For the reciprocity rule: councils whose staff reviewed another council within TEAM_CONFLICT_YEARS.

    Returns {council under review: {council its staff reviewed: "which review"}}: a peer from a
    council in the inner map should not review the outer one.
    """
    places = (
        TeamSlot.objects.filter(
            peer__home_authority__in=councils,
            review__onsite_start__gte=conflict_cutoff(today),
            review__onsite_start__lte=today or timezone.localdate(),
            review__called_off_at__isnull=True,
        )
        .values_list(
            "peer__home_authority_id",
            "review__authority_id",
            "review__authority__name",
            "review__onsite_start",
        )
        .order_by("review__onsite_start")
    )
    found = defaultdict(dict)
    for reviewer, reviewed, name, start in places:
        found[reviewer][reviewed] = f"the review of {name} on site {start:%d/%m/%Y}"
    return dict(found)


def reciprocal_for(review, today=None):
    """The reciprocity map for one review's council (see ``reciprocal_reviews``)."""
    return reciprocal_reviews([review.authority_id], today).get(review.authority_id, {})


def composition_warnings(review, slots):
    """What a careful manager would want to know about the team as it stands."""
    peers = [slot.peer for slot in slots if slot.peer]
    warnings = []
    if not any(slot.role == PeerRole.HEALTH_PEER and slot.peer for slot in slots):
        warnings.append("The team has no health peer yet.")
    if not any(peer.is_partner_agency for peer in peers):
        warnings.append(
            "No peer from a partner agency (health, police, education or the voluntary sector) yet."
        )
    expertise = {e.name.lower() for peer in peers for e in peer.expertise.all()}
    warnings += [
        f"Nobody's expertise covers the focus area “{area}”."
        for area in review.focus_areas
        if not expertise_for(area) & expertise
    ]
    warnings += [
        f"{peer} is unavailable for part of the on-site week."
        for peer in peers
        if unavailable_days(peer, review)
    ]
    return warnings


def places_of(peer):
    """The places a peer has held or holds on review teams, latest visit first."""
    return (
        TeamSlot.objects.filter(peer=peer)
        .select_related("review__authority")
        .order_by("-review__onsite_start")
    )


def review_with_neighbours():
    """Reviews with their council's neighbours, which the suitability checks read."""
    return Review.objects.select_related("authority").prefetch_related(
        Prefetch("authority__neighbours", queryset=Authority.objects.only("pk", "name"))
    )


def managers_of(review):
    return review.memberships.filter(role=Role.REVIEW_MANAGER).select_related("user")


def season_plan_overview(plan):
    """What the plan page shows: each review's proposals and kept places, and the load per peer."""
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

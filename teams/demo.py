"""A fictional peer pool and teams for the demo data (peerreview's seed_demo calls this)."""

import random
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from reviews.models import Authority, Review
from reviews.services import create_review, grant_membership

from . import services
from .models import (
    DeclaredConflict,
    EmploymentPeriod,
    Expertise,
    PeerCapability,
    PeerProfile,
    PeerRole,
    SeasonPlan,
    SlotInvitation,
    TeamSlot,
    Unavailability,
)

FIRST = ["Alex", "Bina", "Callum", "Dara", "Efe", "Fiona", "Gareth", "Hana", "Idris", "Jo", "Kemi", "Liam",
         "Maya", "Niall", "Orla", "Pete", "Rosa", "Sunil", "Tess", "Uma", "Vik", "Wendy", "Yusuf", "Zara"]  # fmt: skip
LAST = ["Abbott", "Brennan", "Chaudhry", "Doyle", "Evans", "Fenwick", "Griffiths", "Hussain", "Iqbal",
        "Jennings", "Kowalski", "Lomax", "Mensah", "Novak", "Owusu", "Pryce", "Quinn", "Rahman"]  # fmt: skip
AGENCIES = [
    ("council", "Children's Services, {council}", "Head of Service, Children's Social Care", [PeerRole.OFFICER_PEER, PeerRole.TEAM_LEADER]),
    ("council", "{council}", "Councillor, Lead Member for Children", [PeerRole.MEMBER_PEER]),
    ("health", "{council} NHS Trust", "Designated Nurse for Safeguarding", [PeerRole.HEALTH_PEER]),
    ("police", "County Constabulary", "Detective Inspector, Public Protection", [PeerRole.POLICE_PEER]),
    ("education", "{council} Schools Partnership", "Head Teacher", [PeerRole.SPECIALIST]),
    ("voluntary", "Children First (charity)", "Director of Services", [PeerRole.VOLUNTARY_PEER]),
    ("council", "Performance Team, {council}", "Performance and Data Manager", [PeerRole.ANALYST_PEER]),
]  # fmt: skip
OTHER_COUNCILS = [
    "Westhaven Borough Council",
    "Orchard Vale Council",
    "Saltmarsh County Council",
    "Thornbury City Council",
]
DEMO_PEERS = {
    "leader@example.org": [PeerRole.TEAM_LEADER, PeerRole.OFFICER_PEER],
    "peer@example.org": [PeerRole.OFFICER_PEER],
    "analyst@example.org": [PeerRole.ANALYST_PEER],
}


def load(people, count=64):
    """Create the pool (idempotent by email) and fill the demo teams. `people` maps email to User."""
    rng = random.Random(2013)
    councils = [
        Authority.objects.get_or_create(name=name, defaults={"kind": "unitary"})[0] for name in OTHER_COUNCILS
    ]
    councils += list(Authority.objects.exclude(name__in=OTHER_COUNCILS))
    expertise = list(Expertise.objects.all())
    today = timezone.localdate()
    for n in range(count):
        org_type, organisation, job, roles = AGENCIES[n % len(AGENCIES)]
        council = councils[n % len(councils)]
        first, last = FIRST[n % len(FIRST)], LAST[(n * 7) % len(LAST)]
        peer, created = PeerProfile.objects.update_or_create(
            email=f"{first}.{last}{n}@example.org".lower(),
            defaults={
                "full_name": f"{first} {last}",
                "job_title": job,
                "organisation": organisation.format(council=council.name),
                "organisation_type": org_type,
                "home_authority": council if org_type == "council" else None,
                "region": rng.choice(Authority.Region.values),
                "trained_on": today - timedelta(days=rng.randint(30, 1300)),
                "accreditation": PeerProfile.Accreditation.ACCREDITED,
            },
        )
        if created:
            _give(peer, roles, rng.sample(expertise, rng.randint(1, 3)))
            if n % 9 == 0:
                start = today + timedelta(days=rng.randint(10, 120))
                Unavailability.objects.create(
                    peer=peer, starts=start, ends=start + timedelta(days=6), note="Leave"
                )
    for email, roles in DEMO_PEERS.items():
        user = people[email]
        peer, created = PeerProfile.objects.update_or_create(
            email=email,
            defaults={
                "full_name": user.full_name,
                "user": user,
                "job_title": "Assistant Director",
                "trained_on": today - timedelta(days=150),
            },
        )
        if created:
            _give(peer, roles, expertise[:2])
    _assemble_teams(people["manager@example.org"])
    _plan_a_season(people["manager@example.org"])


def _give(peer, roles, expertise):
    PeerCapability.objects.bulk_create(
        [PeerCapability(peer=peer, role=role) for role in roles], ignore_conflicts=True
    )
    peer.expertise.add(*expertise)


def _seat(slot, peer):
    """Put a pool peer in a place, as if they had accepted (they get an account without a password)."""
    if peer.user is None:
        user, created = get_user_model().objects.get_or_create(
            email=peer.email, defaults={"full_name": peer.full_name}
        )
        if created:
            user.set_unusable_password()
            user.save()
        peer.user = user
        peer.save(update_fields=["user"])
    slot.peer = peer
    slot.save(update_fields=["peer"])
    grant_membership(slot.review, peer.user, PeerRole(slot.role).review_role)


def _assemble_teams(manager):
    planned = SeasonPlan.reviews.through.objects.values("review_id")  # the season plan's reviews stay open
    reviews = Review.objects.filter(team_slots__isnull=False).exclude(pk__in=planned).distinct()
    for review in reviews.select_related("authority"):
        if review.team_slots.filter(peer__isnull=False).exists():
            continue  # already assembled
        taken = set()
        open_slots = list(review.team_slots.exclude(role=PeerRole.REVIEW_MANAGER).order_by("position"))
        for index, slot in enumerate(open_slots):
            if review.authority.name == "Linford City Council" and index == 3:
                services.mark_tbc(slot, note="TBC: waiting to hear from the regional network", by=manager)
                continue
            peer = (
                PeerProfile.objects.filter(capabilities__role=slot.role)
                .exclude(home_authority=review.authority)
                .exclude(pk__in=taken)
                .order_by("pk")
                .first()
            )
            if peer:
                taken.add(peer.pk)
                _seat(slot, peer)
        if review.authority.name == "Linford City Council":
            police = services.add_slot(review, role=PeerRole.POLICE_PEER, by=manager)
            peer = (
                PeerProfile.objects.filter(capabilities__role=PeerRole.POLICE_PEER)
                .exclude(pk__in=taken)
                .first()
            )
            SlotInvitation.objects.create(slot=police, peer=peer, invited_by=manager, sent_at=timezone.now())
            services.send_team_to_council(review, by=manager)
        elif review.stage != Review.Stage.TEAM:
            services.send_team_to_council(review, by=manager)
            sponsor = review.memberships.filter(role="council_sponsor").first()
            services.respond_to_team(review, by=sponsor.user if sponsor else manager, agree=True)
    # Tom, the demo peer, sits on Northmoor's team.
    northmoor = TeamSlot.objects.filter(
        review__authority__name="Northmoor Council", role=PeerRole.OFFICER_PEER
    )
    tom = PeerProfile.objects.get(email="peer@example.org")
    if not TeamSlot.objects.filter(peer=tom).exists() and northmoor.exists():
        slot = northmoor.first()
        if slot.peer and slot.peer.user:
            slot.review.memberships.filter(user=slot.peer.user).delete()
        _seat(slot, tom)


# The season the demo plans: council, weeks from next Monday to the on-site week, focus areas.
SEASON = [
    ("Westhaven Borough Council", 16, ["Early help", "Looked-after children"]),
    ("Orchard Vale Council", 20, ["The front door and referrals"]),
    ("Saltmarsh County Council", 24, ["Health partnership", "Early help"]),
]


def _plan_a_season(manager):
    """Three reviews later in the year, planned together; nothing accepted yet, so the manager can try it."""
    if SeasonPlan.objects.exists():
        return
    today = timezone.localdate()
    monday = today + timedelta(days=7 - today.weekday())
    reviews = []
    for name, weeks, focus in SEASON:
        authority = Authority.objects.get(name=name)
        review = Review.objects.filter(authority=authority).first() or create_review(
            authority=authority,
            created_by=manager,
            kind=Review.Kind.FULL,
            purpose=f"To help {name} and its partners see how well children are kept safe.",
            focus_areas=focus,
            onsite_start=monday + timedelta(weeks=weeks),
        )
        services.ensure_standard_slots(review)
        reviews.append(review)
    # A conflict found through employment history, and a declared relationship, for the plan to explain.
    nurses = PeerProfile.objects.filter(capabilities__role=PeerRole.HEALTH_PEER).order_by("pk")
    for nurse in nurses[:2]:
        EmploymentPeriod.objects.get_or_create(
            peer=nurse, authority=reviews[0].authority,
            defaults={"organisation": f"{reviews[0].authority.name} public health team",
                      "starts": today - timedelta(days=6 * 365), "ends": today - timedelta(days=400)},
        )  # fmt: skip
    for nurse in nurses[2:]:
        DeclaredConflict.objects.get_or_create(
            peer=nurse, authority=reviews[0].authority,
            defaults={"relationship": DeclaredConflict.Relationship.FAMILY, "reason": "Partner is a social worker there"},
        )  # fmt: skip
    plan = SeasonPlan.objects.create(created_by=manager)
    plan.reviews.set(reviews)
    services.run_season_plan(plan.pk)  # in-process: the demo needs no worker

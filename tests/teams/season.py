"""A small season of three reviews and a pool that fills all but one place, for the plan's tests and journey."""

from datetime import date, timedelta

from reviews import services as review_services
from teams import services
from teams.models import EmploymentPeriod, PeerRole, Unavailability
from tests.factories import AuthorityFactory, PeerProfileFactory

ROLES = [PeerRole.TEAM_LEADER, PeerRole.MEMBER_PEER, PeerRole.OFFICER_PEER, PeerRole.ANALYST_PEER]


def build_season(world):
    """The world's review and two more, four weeks apart; two health peers, neither free for the first.

    Nia Nurse worked for the first review's council until last year (a conflict through her employment
    history); Hal Health is on leave in its week. So the first review's health place cannot be filled.
    """
    manager = world.people["review_manager"]
    first = world.review
    reviews = [first]
    for weeks, name in [(4, "Ashdown District Council"), (8, "Brackwater City Council")]:
        reviews.append(
            review_services.create_review(
                authority=AuthorityFactory(name=name),
                created_by=manager,
                purpose="To see how well children are kept safe.",
                focus_areas=["Early help"],
                onsite_start=first.onsite_start + timedelta(weeks=weeks),
            )
        )
    for review in reviews:
        services.ensure_standard_slots(review)
    peers = {}
    for role in ROLES:
        for n in range(3 if role != PeerRole.OFFICER_PEER else 6):
            label = PeerRole(role).label.split()[0]
            peers[f"{role}{n}"] = PeerProfileFactory(
                full_name=f"{label} Person {n + 1}", email=f"{role}{n}@example.org", roles=[role]
            )
    nia = PeerProfileFactory(full_name="Nia Nurse", email="nia@example.org", roles=[PeerRole.HEALTH_PEER])
    EmploymentPeriod.objects.create(
        peer=nia, organisation=first.authority.name, authority=first.authority,
        starts=date(2018, 4, 1), ends=date.today() - timedelta(days=365),
    )  # fmt: skip
    hal = PeerProfileFactory(full_name="Hal Health", email="hal@example.org", roles=[PeerRole.HEALTH_PEER])
    Unavailability.objects.create(
        peer=hal, starts=first.onsite_start - timedelta(days=3), ends=first.onsite_end, note="Leave"
    )
    peers.update(nia=nia, hal=hal)
    return reviews, peers

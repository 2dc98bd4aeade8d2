import pytest

from reviews.models import Review, Role
from teams import services
from teams.models import PeerRole
from tests.factories import AuthorityFactory, PeerProfileFactory


@pytest.fixture
def team_world(world):
    """The world's review in the team stage, with a small pool around it."""
    review = world.review
    Review.objects.filter(pk=review.pk).update(
        stage=Review.Stage.TEAM, focus_areas=["Early help", "Health partnership"]
    )
    review.refresh_from_db()
    services.ensure_standard_slots(review)
    neighbour = AuthorityFactory(name="Linford City Council")
    review.authority.neighbours.add(neighbour)
    from teams.models import Expertise

    early_help = Expertise.objects.get(name="Early help")
    health = Expertise.objects.get(name="Health safeguarding")
    world.good = PeerProfileFactory(full_name="Alex Good", email="alex@example.org", region="north_west")
    world.good.expertise.add(early_help)
    world.plain = PeerProfileFactory(full_name="Bo Plain", email="bo@example.org")
    world.neighbourly = PeerProfileFactory(
        full_name="Cam Neighbour", email="cam@example.org", home_authority=neighbour
    )
    world.nurse = PeerProfileFactory(
        full_name="Dee Nurse",
        email="dee@example.org",
        organisation_type="health",
        roles=[PeerRole.HEALTH_PEER],
    )
    world.nurse.expertise.add(health)
    world.manager = world.people[Role.REVIEW_MANAGER]
    world.slot = lambda role: review.team_slots.filter(role=role, peer__isnull=True).first()
    return world

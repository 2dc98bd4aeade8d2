from datetime import date

from django.urls import reverse

from reviews.models import Role
from tests.factories import MembershipFactory


def test_dashboard_shows_my_reviews_with_my_role_and_nothing_else(client, world):
    peer = world.people[Role.PEER]
    MembershipFactory(user=peer, role=Role.TEAM_LEADER, review__authority__name="Eastbrook County Council")
    MembershipFactory(review__authority__name="Someone Else's Council")
    client.force_login(peer)

    body = client.get(reverse("dashboard")).content.decode()

    assert "Harrowmere Metropolitan Borough Council" in body
    assert "Eastbrook County Council" in body
    assert "Team leader" in body
    assert "Someone Else&#x27;s Council" not in body


def test_dashboard_without_reviews_says_what_happens_next(client, db):
    from tests.factories import UserFactory

    client.force_login(UserFactory())
    assert "You are not on any review yet" in client.get(reverse("dashboard")).content.decode()


def test_dashboard_query_count_stays_flat_as_reviews_grow(client, db, count_queries):
    membership = MembershipFactory()
    client.force_login(membership.user)
    few = count_queries(lambda: client.get(reverse("dashboard")))
    for _ in range(25):
        MembershipFactory(user=membership.user, review__onsite_start=date(2027, 3, 1))
    many = count_queries(lambda: client.get(reverse("dashboard")))
    assert few == many <= 7

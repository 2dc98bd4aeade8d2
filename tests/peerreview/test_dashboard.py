import pytest
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


@pytest.mark.parametrize("reviews", [1, 25])
def test_dashboard_query_count_does_not_grow_with_reviews(client, db, reviews, django_assert_max_num_queries):
    membership = MembershipFactory()
    for _ in range(reviews - 1):
        MembershipFactory(user=membership.user)
    client.force_login(membership.user)
    with django_assert_max_num_queries(3):
        response = client.get(reverse("dashboard"))
    assert len(response.context["memberships"]) == reviews

import pytest
from django.urls import reverse

from reviews.models import Role
from tests.factories import InvitationFactory, MembershipFactory


def test_review_page_lists_its_people_and_hides_invitations_from_non_managers(client, world):
    client.force_login(world.people[Role.COUNCIL_SPONSOR])
    InvitationFactory(review=world.review, email="pending@example.org")
    body = client.get(world.review.get_absolute_url()).content.decode()
    assert world.people[Role.TEAM_LEADER].full_name in body
    assert "pending@example.org" not in body
    assert "Invite someone" not in body


def test_manager_sees_invitations_and_the_way_to_invite(client, world):
    client.force_login(world.people[Role.REVIEW_MANAGER])
    InvitationFactory(review=world.review, email="pending@example.org")
    body = client.get(world.review.get_absolute_url()).content.decode()
    assert "pending@example.org" in body
    assert reverse("reviews:invitation-create", args=[world.review.pk]) in body


@pytest.mark.parametrize("extra", [0, 30])
def test_review_page_query_count_does_not_grow_with_people(
    client, world, extra, django_assert_max_num_queries
):
    for _ in range(extra):
        MembershipFactory(review=world.review)
        InvitationFactory(review=world.review)
    client.force_login(world.people[Role.REVIEW_MANAGER])
    with django_assert_max_num_queries(6):
        response = client.get(world.review.get_absolute_url())
    assert response.status_code == 200

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


def test_review_page_query_count_stays_flat_as_people_grow(client, world, count_queries):
    client.force_login(world.people[Role.REVIEW_MANAGER])
    url = world.review.get_absolute_url()
    few = count_queries(lambda: client.get(url))
    for _ in range(30):
        MembershipFactory(review=world.review)
        InvitationFactory(review=world.review)
    many = count_queries(lambda: client.get(url))
    assert few == many <= 10

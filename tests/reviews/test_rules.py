"""The access rules: what each role on a review may do, decided in reviews/rules.py."""

import pytest
from django.contrib.auth.models import AnonymousUser

from reviews.models import Role

PERMISSIONS = {
    "reviews.view_review": set(Role),
    "reviews.manage_review": {Role.REVIEW_MANAGER},
    "reviews.invite_members": {Role.REVIEW_MANAGER},
    "reviews.view_team_material": {Role.REVIEW_MANAGER, Role.TEAM_LEADER, Role.PEER, Role.ANALYST_PEER},
    "reviews.act_for_council": {Role.COUNCIL_SPONSOR, Role.COUNCIL_ORGANISER},
}


@pytest.mark.parametrize("permission", sorted(PERMISSIONS))
def test_each_role_gets_exactly_its_permissions(world, permission):
    for role in Role:
        allowed = world.people[role].has_perm(permission, world.review)
        assert allowed == (role in PERMISSIONS[permission]), f"{role.label}: {permission}"


@pytest.mark.parametrize("permission", sorted(PERMISSIONS))
def test_strangers_and_anonymous_visitors_get_nothing(world, permission):
    assert not world.outsider.has_perm(permission, world.review)
    assert not AnonymousUser().has_perm(permission, world.review)


@pytest.mark.parametrize("permission", sorted(PERMISSIONS))
def test_a_superuser_on_no_review_gets_nothing_on_it(world, permission):
    assert world.superuser.is_superuser
    assert not world.superuser.has_perm(permission, world.review)


def test_a_superuser_on_the_team_gets_what_the_role_gives(world):
    world.people[Role.PEER].is_superuser = True
    assert world.people[Role.PEER].has_perm("reviews.view_team_material", world.review)
    assert not world.people[Role.PEER].has_perm("reviews.manage_review", world.review)


def test_a_role_is_looked_up_once_per_review_object(world, django_assert_num_queries):
    peer = world.people[Role.PEER]
    with django_assert_num_queries(1):
        for permission in PERMISSIONS:
            peer.has_perm(permission, world.review)

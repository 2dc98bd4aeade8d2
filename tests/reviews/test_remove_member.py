"""A review manager takes a person off a review, saying why; the review always keeps a manager."""

import pytest
from django.core import mail
from django.urls import reverse

from reviews import services
from reviews.models import AuditEvent, Membership, Role
from tests.factories import MembershipFactory


def _remove(client, world, role, reason):
    return client.post(
        reverse("reviews:member-remove", args=[world.review.pk, world.people[role].pk]), {"reason": reason}
    )


def test_the_review_page_offers_its_manager_to_remove_each_person(client, world):
    client.force_login(world.people[Role.REVIEW_MANAGER])

    page = client.get(world.review.get_absolute_url()).content.decode()

    for person in world.people.values():
        assert f'Remove<span class="govuk-visually-hidden"> {person.full_name} from the review' in page


def test_a_removed_peer_can_no_longer_open_the_review(client, world):
    client.force_login(world.people[Role.REVIEW_MANAGER])

    response = _remove(client, world, Role.PEER, "Changed jobs and left the programme.")

    assert response.status_code == 302
    client.force_login(world.people[Role.PEER])
    assert client.get(world.review.get_absolute_url()).status_code == 404


def test_the_reason_for_removing_is_kept_in_the_audit_trail_with_who_removed(client, world):
    manager, peer = world.people[Role.REVIEW_MANAGER], world.people[Role.PEER]
    client.force_login(manager)

    _remove(client, world, Role.PEER, "Changed jobs and left the programme.")

    event = AuditEvent.objects.get(action=AuditEvent.Action.MEMBERSHIP_REMOVED)
    assert (event.user, event.review, event.object_id) == (manager, world.review, peer.pk)
    assert event.target == "Peer Person (Peer). Reason: Changed jobs and left the programme."


def test_removing_without_a_reason_says_so_next_to_the_field(client, world):
    client.force_login(world.people[Role.REVIEW_MANAGER])

    response = _remove(client, world, Role.PEER, "  ")

    assert response.status_code == 200
    assert response.context["form"].errors == {"reason": ["Say why they are leaving the review"]}
    assert Membership.objects.filter(review=world.review, user=world.people[Role.PEER]).exists()


def test_the_only_review_manager_cannot_be_removed(client, world):
    manager = world.people[Role.REVIEW_MANAGER]
    client.force_login(manager)

    response = _remove(client, world, Role.REVIEW_MANAGER, "Moving to another team.")

    assert response.context["form"].errors == {
        "reason": [
            "Review Manager Person is the only review manager on this review. "
            "Invite another review manager before removing them."
        ]
    }
    assert Membership.objects.filter(review=world.review, user=manager).exists()


def test_a_review_manager_can_be_removed_while_another_remains(world):
    second = MembershipFactory(review=world.review, role=Role.REVIEW_MANAGER).user
    leaving = Membership.objects.get(review=world.review, user=world.people[Role.REVIEW_MANAGER])

    services.remove_member(leaving, reason="Moving to another team.", by=second)

    assert list(world.review.memberships.filter(role=Role.REVIEW_MANAGER).values_list("user", flat=True)) == [
        second.pk
    ]


@pytest.mark.django_db(transaction=False)
def test_the_removed_person_alone_is_told_by_email(world, django_capture_on_commit_callbacks):
    peer = world.people[Role.PEER]
    membership = Membership.objects.get(review=world.review, user=peer)

    with django_capture_on_commit_callbacks(execute=True):
        services.remove_member(membership, reason="Changed jobs.", by=world.people[Role.REVIEW_MANAGER])

    assert [m.to for m in mail.outbox] == [[peer.email]]
    assert "you are no longer on the peer review" in mail.outbox[0].subject
    assert "You can no longer open its pages" in mail.outbox[0].body

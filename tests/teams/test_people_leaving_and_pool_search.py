"""A person taken off a review leaves their team place open; a review's own manager searches the pool."""

from django.urls import reverse

from reviews import services as review_services
from reviews.models import Membership, Role
from teams.models import PeerRole
from tests.factories import MembershipFactory, PeerProfileFactory


def test_removing_a_peer_from_the_review_opens_their_team_place_again(team_world):
    w, peer_user = team_world, team_world.people[Role.PEER]
    held = w.slot(PeerRole.OFFICER_PEER)
    held.peer = PeerProfileFactory(full_name=peer_user.full_name, email=peer_user.email, user=peer_user)
    held.tbc_note = "Confirmed by phone"
    held.save()
    kept = w.slot(PeerRole.TEAM_LEADER)
    kept.peer = w.good
    kept.save()

    review_services.remove_member(
        Membership.objects.get(review=w.review, user=peer_user), reason="Changed jobs.", by=w.manager
    )

    held.refresh_from_db()
    kept.refresh_from_db()
    assert (held.peer, held.tbc_note) == (None, "")
    assert kept.peer == w.good


def test_a_review_manager_without_the_programme_role_searches_the_pool_for_a_place(client, team_world):
    w = team_world
    own_manager = MembershipFactory(
        review=w.review, role=Role.REVIEW_MANAGER, user__is_review_manager=False
    ).user
    client.force_login(own_manager)
    slot = w.slot(PeerRole.OFFICER_PEER)

    response = client.get(reverse("teams:candidates", args=[w.review.pk, slot.pk]), {"q": "Bo Pl"})

    assert response.status_code == 200
    assert [c.peer for c in response.context["suitable"]] == [w.plain]
    assert 'Invite<span class="govuk-visually-hidden"> Bo Plain' in response.content.decode()


def test_the_pool_search_for_a_place_is_refused_to_the_rest_of_the_team(client, team_world):
    w = team_world
    client.force_login(w.people[Role.TEAM_LEADER])
    slot = w.slot(PeerRole.OFFICER_PEER)

    response = client.get(reverse("teams:candidates", args=[w.review.pk, slot.pk]), {"q": "Bo"})

    assert response.status_code == 403

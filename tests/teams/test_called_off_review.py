"""Calling a review off releases its team."""

from reviews import services as review_services
from teams import queries, services
from teams.models import PeerRole, SlotInvitation


def test_calling_off_withdraws_open_places_and_frees_the_peers_commitments(team_world):
    w, review = team_world, team_world.review
    waiting = services.invite_peer(w.slot(PeerRole.HEALTH_PEER), peer=w.nurse, by=w.manager)
    held = w.slot(PeerRole.OFFICER_PEER)
    held.peer = w.good
    held.save()
    year = review.onsite_start.year
    assert queries.commitments(year, [w.good])[w.good.pk][0] == 1

    review_services.call_off_review(review, reason="Ofsted started an inspection.", by=w.manager)

    waiting.refresh_from_db()
    assert waiting.status == SlotInvitation.Status.WITHDRAWN
    assert queries.commitments(year, [w.good]) == {}

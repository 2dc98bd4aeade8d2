"""Emails that tell the sponsor the proposed team waits for them, and the manager that they answered."""

from django.core import mail

from reviews.models import Role
from teams import services
from teams.models import PeerRole


def _all_places_tbc(w):
    for slot in w.review.team_slots.exclude(role=PeerRole.REVIEW_MANAGER):
        services.mark_tbc(slot, note="TBC", by=w.manager)


def test_sending_the_team_emails_the_sponsor_who_agrees_it(team_world, django_capture_on_commit_callbacks):
    _all_places_tbc(team_world)
    with django_capture_on_commit_callbacks(execute=True):
        services.send_team_to_council(team_world.review, by=team_world.manager)
    (email,) = mail.outbox
    assert email.to == [team_world.people[Role.COUNCIL_SPONSOR].email]
    assert "proposed team waits for your agreement" in email.subject
    assert f"/reviews/{team_world.review.pk}/team/" in email.body


def test_the_manager_is_emailed_when_the_sponsor_agrees_the_team(
    team_world, django_capture_on_commit_callbacks
):
    _all_places_tbc(team_world)
    services.send_team_to_council(team_world.review, by=team_world.manager)
    with django_capture_on_commit_callbacks(execute=True):
        services.respond_to_team(team_world.review, by=team_world.people[Role.COUNCIL_SPONSOR], agree=True)
    (email,) = mail.outbox
    assert email.to == [team_world.manager.email]
    assert "agreed the team" in email.subject

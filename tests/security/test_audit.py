"""One audit trail for security-relevant events; the manager reads and exports it; nobody edits it."""

import pytest
from django.urls import reverse

from reviews import services
from reviews.models import AuditEvent, Review, Role
from tests.factories import PASSWORD, UserFactory


def test_sign_ins_and_failures_are_recorded_without_the_password(client, db):
    UserFactory(email="someone@example.org")
    client.post(reverse("sign-in"), {"username": "someone@example.org", "password": "not-it"})
    client.post(reverse("sign-in"), {"username": "someone@example.org", "password": PASSWORD})
    failed = AuditEvent.objects.get(action="sign_in_failed")
    assert failed.target == "someone@example.org"
    assert failed.ip_address == "127.0.0.1"
    assert AuditEvent.objects.get(action="sign_in").user_email == "someone@example.org"
    assert not AuditEvent.objects.filter(target__contains="not-it").exists()


def test_events_across_the_review_land_in_its_trail(client, world):
    manager = world.people[Role.REVIEW_MANAGER]
    invitation = services.invite_member(
        review=world.review, email="new@example.org", role=Role.PEER, invited_by=manager
    )
    services.revoke_invitation(invitation, by=manager)
    Review.objects.filter(pk=world.review.pk).update(stage=Review.Stage.TEAM)
    services.move_stage(world.review, to_stage="scoping", by=manager, reason="Back")
    kinds = set(AuditEvent.objects.filter(review=world.review).values_list("action", flat=True))
    assert {"invitation_sent", "invitation_withdrawn", "stage_moved", "membership_granted"} <= kinds


def test_the_manager_filters_and_exports_the_trail_and_the_export_is_recorded(client, world):
    manager = world.people[Role.REVIEW_MANAGER]
    services.invite_member(review=world.review, email="new@example.org", role=Role.PEER, invited_by=manager)
    client.force_login(manager)
    url = reverse("reviews:audit", args=[world.review.pk])
    page = client.get(url, {"action": "invitation_sent"}).content.decode()
    assert "new@example.org as Peer" in page
    csv_text = client.get(url, {"format": "csv", "action": "invitation_sent"}).content.decode()
    assert csv_text.splitlines()[0] == "when,who,what,detail,address"
    assert "Invitation sent,new@example.org as Peer" in csv_text
    assert AuditEvent.objects.filter(action="exported", review=world.review).exists()


def test_events_cannot_be_changed_or_deleted_by_the_application(db):
    event = AuditEvent.objects.create(action="exported", user_email="x@example.org")
    event.target = "tampered"
    with pytest.raises(RuntimeError):
        event.save()
    with pytest.raises(RuntimeError):
        event.delete()
    assert AuditEvent.objects.get().target == ""


def test_only_the_manager_reads_the_trail(client, world):
    client.force_login(world.people[Role.TEAM_LEADER])
    assert client.get(reverse("reviews:audit", args=[world.review.pk])).status_code == 403
    client.force_login(UserFactory())
    assert client.get(reverse("reviews:audit", args=[world.review.pk])).status_code == 404

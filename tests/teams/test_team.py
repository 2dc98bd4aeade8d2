"""A review manager assembles the team; peers answer; the council sponsor agrees it."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from reviews.models import Membership, Milestone, Role
from reviews.services import ActionRefused
from teams import queries, services
from teams.models import PeerRole, SlotInvitation, TeamAgreement, TeamSlot, Unavailability
from tests.factories import PASSWORD, PeerProfileFactory, UserFactory


def test_entering_the_team_stage_creates_the_standard_places(world):
    from reviews import services as review_services

    manager = world.people[Role.REVIEW_MANAGER]
    review_services.send_scope(world.review, by=manager)
    review_services.respond_to_scope(world.review, by=world.people[Role.COUNCIL_SPONSOR], agree=True)
    review_services.move_stage(world.review, to_stage="team", by=manager)
    assert list(world.review.team_slots.values_list("role", flat=True)) == [
        "review_manager", "team_leader", "member_peer", "officer_peer", "officer_peer", "health_peer", "analyst_peer",
    ]  # fmt: skip


def test_suggestions_rank_by_fit_and_set_conflicts_apart(client, team_world):
    w = team_world
    Unavailability.objects.create(peer=w.plain, starts=w.review.onsite_start, ends=w.review.onsite_start)
    client.force_login(w.manager)
    slot = w.slot(PeerRole.OFFICER_PEER)
    response = client.get(reverse("teams:candidates", args=[w.review.pk, slot.pk]))

    suitable = [c.peer for c in response.context["suitable"]]
    assert suitable == [w.good, w.plain]  # expertise and availability first
    assert [c.peer for c in response.context["conflicted"]] == [w.neighbourly]
    page = response.content.decode()
    assert "Expertise in the focus areas: Early help" in page
    assert "Works in Linford City Council, a neighbour of Harrowmere Metropolitan Borough Council" in page
    assert "Unavailable" in page
    assert w.nurse not in suitable  # cannot take the role


def test_stale_training_and_heavy_commitments_are_flagged(team_world, settings):
    w = team_world
    w.good.trained_on = w.review.onsite_start - timedelta(days=365 * 3)
    w.good.save()
    settings.TEAM_MAX_REVIEWS_PER_YEAR = 1
    other = TeamSlot.objects.create(
        review=PeerProfileFactory and _another_review(w), role=PeerRole.OFFICER_PEER, peer=w.good
    )
    assert other.peer == w.good
    suitable, _, _ = queries.candidates_for(w.slot(PeerRole.OFFICER_PEER))
    good = next(c for c in suitable if c.peer == w.good)
    assert good.stale_training
    assert good.over_committed


def _another_review(w):
    from reviews import services as review_services
    from tests.factories import AuthorityFactory

    return review_services.create_review(
        authority=AuthorityFactory(), created_by=w.manager, onsite_start=w.review.onsite_start
    )


def test_invite_accept_by_email_link_makes_a_new_peer_a_member(
    client, team_world, django_capture_on_commit_callbacks
):
    w = team_world
    client.force_login(w.manager)
    slot = w.slot(PeerRole.OFFICER_PEER)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("teams:invite", args=[w.review.pk, slot.pk, w.good.pk]))
    assert response.status_code == 302, response.context["form"].errors
    link = re.search(r"https?://[^/]+(/team-invitations/\S+/)", mail.outbox[-1].body).group(1)
    client.logout()

    form = client.get(link)
    assert "Create a password" in form.content.decode()
    missing_confirmation = client.post(
        link, {"decision": "accept", "password1": PASSWORD, "password2": PASSWORD}
    )
    assert "Confirm you have no other conflict" in missing_confirmation.content.decode()
    response = client.post(
        link, {"decision": "accept", "no_conflict": "on", "password1": PASSWORD, "password2": PASSWORD}
    )

    assert response["Location"] == w.review.get_absolute_url()
    slot.refresh_from_db()
    assert slot.peer == w.good
    assert Membership.objects.get(review=w.review, user__email="alex@example.org").role == Role.PEER
    assert "Harrowmere" in client.get(reverse("dashboard")).content.decode()


def test_decline_needs_a_reason_and_frees_the_place(client, team_world):
    w = team_world
    slot = w.slot(PeerRole.OFFICER_PEER)
    invitation = services.invite_peer(slot, peer=w.plain, by=w.manager)
    url = invitation.get_absolute_url()
    assert "Say why you cannot take part" in client.post(url, {"decision": "decline"}).content.decode()
    client.post(url, {"decision": "decline", "reason": "On leave that week."})
    invitation.refresh_from_db()
    assert invitation.status == SlotInvitation.Status.DECLINED
    assert invitation.decline_reason == "On leave that week."
    assert client.get(url).status_code == 410
    services.invite_peer(slot, peer=w.good, by=w.manager)  # the place is free again


def test_a_conflicted_peer_needs_a_recorded_reason(client, team_world):
    w = team_world
    client.force_login(w.manager)
    slot = w.slot(PeerRole.OFFICER_PEER)
    url = reverse("teams:invite", args=[w.review.pk, slot.pk, w.neighbourly.pk])
    refused = client.post(url, {"override_reason": ""})
    assert "Record why they should be invited despite the conflict" in refused.content.decode()
    assert not SlotInvitation.objects.exists()
    client.post(url, {"override_reason": "Only specialist in the region; agreed with the DCS."})
    assert (
        SlotInvitation.objects.get().conflict_override
        == "Only specialist in the region; agreed with the DCS."
    )


@pytest.mark.parametrize("problem", ["unavailable", "already_on_team", "wrong_role", "place_taken"])
def test_invitations_that_cannot_work_are_refused(team_world, problem):
    w = team_world
    slot = w.slot(PeerRole.OFFICER_PEER)
    peer = w.good
    if problem == "unavailable":
        Unavailability.objects.create(peer=peer, starts=w.review.onsite_start, ends=w.review.onsite_end)
        message = "unavailable during the on-site week"
    elif problem == "already_on_team":
        services.invite_peer(
            w.slot(PeerRole.MEMBER_PEER), peer=_with_role(peer, PeerRole.MEMBER_PEER), by=w.manager
        )
        message = "already on this team"
    elif problem == "wrong_role":
        peer = w.nurse
        message = "not in the pool as a officer peer"
    else:
        services.invite_peer(slot, peer=w.plain, by=w.manager)
        message = "already been invited to this place"
    with pytest.raises(ActionRefused, match=message):
        services.invite_peer(slot, peer=peer, by=w.manager)


def _with_role(peer, role):
    peer.capabilities.create(role=role)
    return peer


def test_accepting_a_withdrawn_invitation_or_a_filled_place_is_refused(client, team_world):
    w = team_world
    slot = w.slot(PeerRole.OFFICER_PEER)
    invitation = services.invite_peer(slot, peer=w.good, by=w.manager)
    services.withdraw_invitation(invitation, by=w.manager)
    response = client.post(
        invitation.get_absolute_url(),
        {"decision": "accept", "no_conflict": "on", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response.status_code == 410
    assert "withdrawn this invitation" in response.content.decode()

    second = services.invite_peer(slot, peer=w.plain, by=w.manager)
    TeamSlot.objects.filter(pk=slot.pk).update(peer=w.good)  # filled meanwhile
    with pytest.raises(ActionRefused, match="filled by someone else"):
        services.accept_place(second, user=UserFactory(email="bo@example.org"))
    assert not Membership.objects.filter(user__email="bo@example.org").exists()


def test_an_expired_invitation_link_stops_working_and_says_whom_to_ask(client, team_world):
    """Like a review invitation, a team place invitation expires after INVITATION_VALID_DAYS."""
    w = team_world
    slot = w.slot(PeerRole.OFFICER_PEER)
    invitation = services.invite_peer(slot, peer=w.good, by=w.manager)
    SlotInvitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - timedelta(minutes=1))

    response = client.get(invitation.get_absolute_url())
    assert response.status_code == 410
    page = response.content.decode()
    assert "This invitation expired on" in page
    assert w.manager.email in page
    response = client.post(
        invitation.get_absolute_url(),
        {"decision": "accept", "no_conflict": "on", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response.status_code == 410
    invitation.refresh_from_db()
    with pytest.raises(ActionRefused, match="This invitation expired on"):
        services.accept_place(invitation, user=UserFactory(email="alex@example.org"))
    assert not TeamSlot.objects.filter(pk=slot.pk, peer__isnull=False).exists()
    # The manager can still withdraw it, which frees the place for someone else.
    services.withdraw_invitation(invitation, by=w.manager)
    services.invite_peer(slot, peer=w.plain, by=w.manager)


def test_reminders_go_once_after_a_few_days(team_world, settings, django_capture_on_commit_callbacks):
    w = team_world
    with django_capture_on_commit_callbacks(execute=True):
        invitation = services.invite_peer(w.slot(PeerRole.OFFICER_PEER), peer=w.good, by=w.manager)
    invitation.refresh_from_db()
    soon = invitation.sent_at + timedelta(days=1)
    later = invitation.sent_at + timedelta(days=settings.TEAM_INVITATION_REMINDER_DAYS, minutes=1)
    assert services.send_invitation_reminders(now=soon) == 0
    assert services.send_invitation_reminders(now=later) == 1
    assert services.send_invitation_reminders(now=later) == 0
    assert [m.subject.startswith("Reminder:") for m in mail.outbox] == [False, True]


def test_team_goes_to_the_council_once_every_place_is_filled_or_tbc(client, team_world):
    w = team_world
    with pytest.raises(ActionRefused, match="Fill these places or mark them TBC"):
        services.send_team_to_council(w.review, by=w.manager)
    for slot in w.review.team_slots.exclude(role=PeerRole.REVIEW_MANAGER):
        services.mark_tbc(slot, note="TBC: asking the regional network", by=w.manager)
    assert set(w.review.team_slots.exclude(tbc_note="").values_list("tbc_note_by", flat=True)) == {
        w.manager.pk
    }
    services.send_team_to_council(w.review, by=w.manager)

    client.force_login(w.people[Role.COUNCIL_SPONSOR])
    page = client.get(reverse("teams:team", args=[w.review.pk])).content.decode()
    assert "Do you agree the proposed team?" in page
    concern = client.post(
        reverse("teams:team-respond", args=[w.review.pk]), {"decision": "concern", "comment": ""}
    )
    assert "Say what concerns you about the team" in concern.content.decode()
    client.post(reverse("teams:team-respond", args=[w.review.pk]), {"decision": "agree"})
    assert services.team_status(w.review) == TeamAgreement.Kind.AGREED
    assert w.review.milestones.get(kind=Milestone.Kind.TEAM_AGREED).is_done


def test_changes_after_agreement_are_flagged_to_the_council(client, team_world):
    w = team_world
    for slot in w.review.team_slots.exclude(role=PeerRole.REVIEW_MANAGER):
        services.mark_tbc(slot, note="TBC", by=w.manager)
    services.send_team_to_council(w.review, by=w.manager)
    services.respond_to_team(w.review, by=w.people[Role.COUNCIL_SPONSOR], agree=True)
    invitation = services.invite_peer(w.slot(PeerRole.OFFICER_PEER), peer=w.good, by=w.manager)
    services.accept_place(invitation, user=UserFactory(email="alex@example.org"))

    client.force_login(w.people[Role.COUNCIL_SPONSOR])
    page = client.get(reverse("teams:team", args=[w.review.pk])).content.decode()
    assert "Changed since the council agreed it" in page
    assert "Alex Good joined as officer peer." in page


def test_council_sees_roles_and_experience_but_not_private_notes(client, team_world):
    w = team_world
    w.good.notes = "Private: struggles with deadlines"
    w.good.save()
    TeamSlot.objects.filter(pk=w.slot(PeerRole.OFFICER_PEER).pk).update(peer=w.good)
    client.force_login(w.people[Role.COUNCIL_SPONSOR])
    page = client.get(reverse("teams:team", args=[w.review.pk])).content.decode()
    assert "Alex Good" in page
    assert "Experience: Early help" in page
    assert "struggles with deadlines" not in page
    assert "Find a peer" not in page


def test_composition_warnings(client, team_world):
    w = team_world
    client.force_login(w.manager)
    page = client.get(reverse("teams:team", args=[w.review.pk])).content.decode()
    assert "The team has no health peer yet." in page
    assert "No peer from a partner agency" in page
    assert "Nobody&#x27;s expertise covers the focus area “Early help”." in page

    TeamSlot.objects.filter(pk=w.slot(PeerRole.HEALTH_PEER).pk).update(peer=w.nurse)
    TeamSlot.objects.filter(pk=w.slot(PeerRole.OFFICER_PEER).pk).update(peer=w.good)
    Unavailability.objects.create(peer=w.good, starts=w.review.onsite_end, ends=w.review.onsite_end)
    page = client.get(reverse("teams:team", args=[w.review.pk])).content.decode()
    assert "no health peer" not in page
    assert "No peer from a partner agency" not in page
    assert "covers the focus area" not in page
    assert "Alex Good is unavailable for part of the on-site week." in page


def test_optional_places_can_be_added_and_removed_but_standard_ones_stay(client, team_world):
    w = team_world
    client.force_login(w.manager)
    client.post(reverse("teams:slot-add", args=[w.review.pk]), {"role": PeerRole.POLICE_PEER})
    police = w.review.team_slots.get(role=PeerRole.POLICE_PEER)
    client.post(reverse("teams:slot-remove", args=[w.review.pk, police.pk]))
    assert not w.review.team_slots.filter(role=PeerRole.POLICE_PEER).exists()
    leader = w.review.team_slots.get(role=PeerRole.TEAM_LEADER)
    response = client.post(reverse("teams:slot-remove", args=[w.review.pk, leader.pk]), follow=True)
    assert "Only police, voluntary-sector and specialist places can be removed." in response.content.decode()
    assert w.review.team_slots.filter(pk=leader.pk).exists()


def test_team_and_suggestion_pages_keep_flat_query_counts(client, team_world, count_queries):
    w = team_world
    client.force_login(w.manager)
    TeamSlot.objects.filter(pk=w.slot(PeerRole.MEMBER_PEER).pk).update(peer=w.plain)
    services.invite_peer(
        w.slot(PeerRole.ANALYST_PEER), peer=_with_role(w.good, PeerRole.ANALYST_PEER), by=w.manager
    )
    slot = w.slot(PeerRole.OFFICER_PEER)
    pages = [
        reverse("teams:team", args=[w.review.pk]),
        reverse("teams:candidates", args=[w.review.pk, slot.pk]),
        reverse("teams:peer-list"),
        reverse("teams:peer-list") + "?role=officer_peer&region=north_west&trained_within=24",
    ]
    before = [count_queries(lambda url=url: client.get(url)) for url in pages]
    peers = [PeerProfileFactory(region="north_west") for _ in range(60)]
    for peer in peers:
        Unavailability.objects.create(peer=peer, starts=w.review.onsite_start, ends=w.review.onsite_start)
    TeamSlot.objects.filter(pk=w.slot(PeerRole.TEAM_LEADER).pk).update(peer=peers[0])
    TeamSlot.objects.filter(pk=w.slot(PeerRole.HEALTH_PEER).pk).update(peer=w.nurse)
    after = [count_queries(lambda url=url: client.get(url)) for url in pages]
    assert before == after
    # The suggestions read employment history and recent reviews too, for the conflict rules.
    assert max(after) <= 14, dict(zip(pages, after, strict=True))


def test_a_tbc_note_typed_with_tbc_in_front_does_not_read_tbc_tbc(client, team_world):
    w = team_world
    slot = w.slot(PeerRole.OFFICER_PEER)
    client.force_login(w.manager)
    client.post(
        reverse("teams:slot-tbc", args=[w.review.pk, slot.pk]),
        {"note": "TBC: waiting to hear from the regional police lead"},
    )
    page = client.get(reverse("teams:team", args=[w.review.pk])).content.decode()
    assert "TBC</strong> waiting to hear from the regional police lead" in page


def test_a_tbc_note_that_only_says_tbc_asks_why(client, team_world):
    w = team_world
    slot = w.slot(PeerRole.OFFICER_PEER)
    client.force_login(w.manager)
    response = client.post(reverse("teams:slot-tbc", args=[w.review.pk, slot.pk]), {"note": "TBC"})
    assert "Say why the place is not filled yet" in response.content.decode()
    slot.refresh_from_db()
    assert slot.tbc_note == ""

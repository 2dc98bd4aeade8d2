"""Emails that tell people something waits for them on the letter, the timetable and the follow-up."""

from datetime import time

import pytest
from django.core import mail

from casework.models import Session
from casework.services import letter as letter_service
from casework.services import timetable as timetable_service
from reviews.models import COUNCIL_ROLES, Review, Role
from tests.casework.helpers import approved_draft, clear_letter, final_approval
from tests.factories import MembershipFactory


@pytest.fixture
def draft(letter_world):
    """A finished draft PDF of the letter, not yet sent to the council."""
    w = letter_world
    Review.objects.filter(pk=w.review.pk).update(stage=Review.Stage.LETTER)
    w.letter = clear_letter(w)
    w.draft = approved_draft(w.letter, leader=w.leader, assurer=w.people[Role.QUALITY_ASSURER])
    return w


def test_a_draft_sent_for_checking_emails_the_sponsor_a_link_and_nothing_confidential(
    draft, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        letter_service.send_for_check(draft.draft, by=draft.leader)
    (email,) = mail.outbox
    assert email.to == [draft.people[Role.COUNCIL_SPONSOR].email]
    assert "is ready for your factual check" in email.body
    assert f"/reviews/{draft.review.pk}/letter/" in email.body
    for secret in [
        "Strategy discussions are timely",  # an agreed finding
        "referrals are slow",  # a note
        draft.secret_name,  # an interviewee
        draft.leader.full_name,  # a member of the team
    ]:
        assert secret not in email.body
        assert secret not in email.subject


def test_the_council_contacts_are_each_emailed_when_the_letter_is_issued(
    draft, django_capture_on_commit_callbacks
):
    final_approval(draft.letter, draft.people[Role.QUALITY_ASSURER])
    with django_capture_on_commit_callbacks(execute=True):
        letter_service.issue_letter(draft.letter, by=draft.manager)
    told = [m.to for m in mail.outbox if "feedback letter has been issued" in m.subject]
    assert sorted(told) == sorted([[draft.people[role].email] for role in COUNCIL_ROLES])


def test_the_sponsor_is_told_when_the_team_responds_to_their_comment(
    draft, django_capture_on_commit_callbacks
):
    sponsor = draft.people[Role.COUNCIL_SPONSOR]
    letter_service.send_for_check(draft.draft, by=draft.leader)
    comment = letter_service.add_factual_comment(draft.draft, by=sponsor, text="The dates are a week out.")
    with django_capture_on_commit_callbacks(execute=True):
        letter_service.respond_to_comment(comment, text="Corrected in the final letter.", by=draft.leader)
    (email,) = mail.outbox
    assert email.to == [sponsor.email]
    assert "has responded to your comment" in email.body
    assert "Corrected in the final letter" not in email.body


@pytest.fixture
def published(world):
    """A published timetable: one session with the peer, and a second peer not in it."""
    w = world
    w.manager = w.people[Role.REVIEW_MANAGER]
    w.peer = w.people[Role.PEER]
    w.other_peer = MembershipFactory(review=w.review, role=Role.PEER, user__email="other@example.org").user
    w.session = timetable_service.save_session(
        w.review, Session(review=w.review),
        fields={"kind": "interview", "day": w.review.onsite_start, "starts": time(10), "ends": time(11)},
        peers=[w.peer], themes=[], by=w.manager,
    )  # fmt: skip
    timetable_service.publish_timetable(w.review, by=w.manager, acknowledged=True)
    return w


def _change(w, peers, starts=14):
    session = Session.objects.get(pk=w.session.pk)
    fields = {"kind": "interview", "day": session.day, "starts": time(starts), "ends": time(starts + 1)}
    return timetable_service.save_session(
        w.review, session, fields=fields, peers=peers, themes=[], by=w.manager, version=session.version
    )


def test_a_change_to_the_published_timetable_emails_only_the_peers_it_concerns(
    published, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _change(published, [published.peer])
    (email,) = mail.outbox
    assert email.to == [published.peer.email]
    assert "has changed for you on" in email.body
    assert f"/reviews/{published.review.pk}/timetable/my-day/" in email.body


def test_a_peer_taken_out_of_a_published_session_is_told_as_well_as_the_one_put_in(
    published, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _change(published, [published.other_peer])
    assert sorted(m.to for m in mail.outbox) == sorted([[published.peer.email], [published.other_peer.email]])


def test_nobody_is_emailed_about_changes_before_the_timetable_is_published(
    world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        timetable_service.save_session(
            world.review, Session(review=world.review),
            fields={"kind": "interview", "day": world.review.onsite_start, "starts": time(10), "ends": time(11)},
            peers=[world.people[Role.PEER]], themes=[], by=world.people[Role.REVIEW_MANAGER],
        )  # fmt: skip
    assert mail.outbox == []

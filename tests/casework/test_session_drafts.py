"""After publication a hand change is a draft: nobody sees it until it is released, then those it
concerns are emailed what changed for them, with their updated calendar."""

from datetime import time

import pytest
from django.urls import reverse
from icalendar import Calendar

from casework.models import ChangeEmail, Participant, Programme, Session, SessionDraft, TimetableChange
from casework.services import drafts
from casework.services import timetable as timetable_service
from reviews.models import Role
from reviews.services import ActionRefused
from tests.casework.factories import VenueFactory


@pytest.fixture
def published(world):
    w = world
    w.manager = w.people[Role.REVIEW_MANAGER]
    w.peer = w.people[Role.PEER]
    w.leader = w.people[Role.TEAM_LEADER]
    w.hall = VenueFactory(review=w.review, name="Civic Centre")
    w.day1 = w.review.onsite_start
    w.nurse = add(w, "Designated nurse", 10, 11, [w.peer])
    Participant.objects.create(
        session=w.nurse, role="Designated nurse", agency="health", contact="nurses@example.org"
    )
    w.police = add(w, "Police", 14, 15, [w.leader])
    timetable_service.publish_timetable(w.review, by=w.manager, acknowledged=True)
    return w


def add(w, title, starts, ends, peers):
    return timetable_service.save_session(
        w.review,
        Session(review=w.review),
        fields=fields(w, title, starts, ends),
        peers=peers,
        themes=[],
        by=w.manager,
    )


def fields(w, title, starts, ends):
    return {
        "kind": "interview",
        "title": title,
        "day": w.day1,
        "starts": time(starts),
        "ends": time(ends),
        "venue": w.hall,
        "remote_link": "",
        "focus_areas": [],
    }


def move_nurse(w, starts=12, ends=13, peers=None):
    return drafts.draft_session(
        w.review,
        w.nurse,
        fields=fields(w, "Designated nurse", starts, ends),
        peers=peers if peers is not None else [w.peer],
        themes=[],
        by=w.manager,
    )


def session_edit_data(w, starts):
    return {
        "action": "save",
        "kind": "interview",
        "title": "Designated nurse",
        "day": w.day1.isoformat(),
        "starts": starts,
        "ends": "13:00",
        "venue": w.hall.pk,
        "peers": [w.peer.pk],
        "version": w.nurse.version,
    }


def test_an_edit_after_publication_is_not_in_my_day_until_released(client, published):
    client.force_login(published.manager)
    client.post(
        reverse("casework:session-edit", args=[published.review.pk, published.nurse.pk]),
        session_edit_data(published, "12:00"),
    )
    client.force_login(published.peer)
    page = client.get(reverse("casework:my-day", args=[published.review.pk])).content.decode()
    assert "10:00–11:00" in page
    assert "12:00–13:00" not in page
    assert SessionDraft.objects.filter(session=published.nurse).exists()


def test_before_publication_an_edit_applies_at_once(client, published):
    Programme.objects.filter(review=published.review).update(published_at=None)
    client.force_login(published.manager)
    client.post(
        reverse("casework:session-edit", args=[published.review.pk, published.nurse.pk]),
        session_edit_data(published, "12:00"),
    )
    published.nurse.refresh_from_db()
    assert published.nurse.starts == time(12)
    assert not SessionDraft.objects.exists()


def test_release_applies_every_draft_and_logs_each_change(published, django_capture_on_commit_callbacks):
    move_nurse(published)
    drafts.draft_cancel(published.police, by=published.manager)
    with django_capture_on_commit_callbacks(execute=True):
        drafts.release_changes(published.review, by=published.manager)
    published.nurse.refresh_from_db()
    assert published.nurse.starts == time(12)
    assert not Session.objects.filter(pk=published.police.pk).exists()
    log = list(TimetableChange.objects.filter(review=published.review).values_list("summary", flat=True))
    assert any("Changed “Interview: Designated nurse”" in s for s in log)
    assert any("Cancelled “Interview: Police”" in s for s in log)
    assert not SessionDraft.objects.exists()


def test_release_emails_only_those_affected_with_the_new_time_in_their_calendar(
    published, django_capture_on_commit_callbacks, mailoutbox
):
    move_nurse(published)
    with django_capture_on_commit_callbacks(execute=True):
        drafts.release_changes(published.review, by=published.manager)
    sent = {m.to[0]: m for m in mailoutbox}
    # The leader's session did not change, and the manager who released knows already.
    assert set(sent) == {published.peer.email, "nurses@example.org"}
    assert "is now" in sent[published.peer.email].body
    _, content, kind = sent[published.peer.email].attachments[0]
    event = Calendar.from_ical(content).walk("VEVENT")[0]
    assert event.decoded("dtstart").time() == time(12)
    assert set(ChangeEmail.objects.filter(review=published.review).values_list("status", flat=True)) == {
        "sent"
    }


def test_a_peer_taken_off_a_session_is_told_so(published, django_capture_on_commit_callbacks, mailoutbox):
    move_nurse(published, starts=10, ends=11, peers=[published.leader])
    with django_capture_on_commit_callbacks(execute=True):
        drafts.release_changes(published.review, by=published.manager)
    sent = {m.to[0]: m for m in mailoutbox}
    assert "You are no longer on “Interview: Designated nurse”" in sent[published.peer.email].body


def test_a_discarded_draft_changes_nothing(client, published):
    draft = move_nurse(published)
    client.force_login(published.manager)
    client.post(reverse("casework:draft-discard", args=[published.review.pk, draft.pk]))
    published.nurse.refresh_from_db()
    assert published.nurse.starts == time(10)
    assert not SessionDraft.objects.exists()


def test_a_draft_whose_session_has_gone_stops_the_whole_release(published, mailoutbox):
    move_nurse(published)
    drafts.draft_cancel(published.police, by=published.manager)
    published.nurse.delete()
    with pytest.raises(ActionRefused, match="no longer applies: its session has been removed"):
        drafts.release_changes(published.review, by=published.manager)
    assert Session.objects.filter(pk=published.police.pk).exists()
    assert SessionDraft.objects.count() == 2


def test_a_session_changed_since_it_was_drafted_is_refused(published):
    move_nurse(published)
    published.nurse.refresh_from_db()
    timetable_service.save_session(
        published.review,
        published.nurse,
        fields={"title": "Named GP"},
        peers=[published.peer],
        themes=[],
        by=published.manager,
    )
    with pytest.raises(ActionRefused, match="has changed since it was drafted"):
        drafts.release_changes(published.review, by=published.manager)


def test_the_timetable_page_lists_draft_changes_for_those_who_edit_it(client, published):
    move_nurse(published)
    client.force_login(published.manager)
    page = client.get(reverse("casework:timetable", args=[published.review.pk])).content.decode()
    assert "Draft changes not yet released" in page
    assert "Change “Interview: Designated nurse” to" in page
    client.force_login(published.peer)
    page = client.get(reverse("casework:timetable", args=[published.review.pk])).content.decode()
    assert "Draft changes not yet released" not in page

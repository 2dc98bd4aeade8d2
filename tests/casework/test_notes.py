"""Peers write notes on site; the team turns them into findings; the council sees only the messages."""

import threading
import uuid

import pytest
from django.db import connection, connections, transaction
from django.urls import reverse

from casework import queries
from casework.models import Finding, Note
from casework.services import notes as notes_service
from reviews import services as review_services
from reviews.models import AuditEvent, Hypothesis, Role
from tests.casework.factories import FindingFactory, NoteFactory
from tests.casework.helpers import note_data
from tests.factories import MembershipFactory


def test_a_peer_writes_a_note_from_a_session_with_tags(client, site):
    client.force_login(site.peer)
    form = client.get(reverse("casework:note-create", args=[site.review.pk]), {"session": site.session.pk})
    assert form.context["form"].initial["agency"] == "social_care"  # taken from the session's participants
    response = client.post(reverse("casework:note-create", args=[site.review.pk]), note_data(site))
    assert response["Location"] == reverse("casework:my-notes", args=[site.review.pk])
    note = Note.objects.get()
    assert not note.is_draft
    assert note.session == site.session
    assert [t.number for t in note.themes.all()] == [3]


def test_autosave_twice_keeps_one_draft_which_saving_turns_into_a_note(client, site):
    client.force_login(site.peer)
    url = reverse("casework:note-create", args=[site.review.pk])
    client_id = uuid.uuid4()
    for text in ["Thresh", "Thresholds are clear"]:
        response = client.post(
            url, note_data(site, text=text, client_id=client_id), headers={"X-Autosave": "1"}
        )
        assert response.json()["saved"] is True
    assert Note.objects.count() == 1
    assert Note.objects.get().is_draft
    client.post(url, note_data(site, text="Thresholds are clear.", client_id=client_id))
    note = Note.objects.get()
    assert note.text == "Thresholds are clear."
    assert not note.is_draft


def test_an_empty_note_is_refused(client, site):
    client.force_login(site.peer)
    response = client.post(reverse("casework:note-create", args=[site.review.pk]), note_data(site, text=""))
    assert "Write the note before saving it" in response.content.decode()
    assert not Note.objects.exists()


def test_tags_and_sessions_of_another_review_are_refused(client, site):
    other = MembershipFactory(role=Role.PEER)
    foreign = review_services.create_review(
        authority=other.review.authority, created_by=site.people[Role.REVIEW_MANAGER]
    )
    client.force_login(site.peer)
    response = client.post(
        reverse("casework:note-create", args=[site.review.pk]),
        note_data(site, themes=[foreign.themes.first().pk]),
    )
    assert response.context["form"].errors["themes"] == ["Choose this review's themes"]
    assert not Note.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_two_saves_of_a_new_note_that_cross_make_one_note(site):
    """Pressing "Save note" while the first autosave of the note is still on its way: one note, finished."""
    if connection.vendor != "postgresql":
        pytest.skip("Needs two connections at once: runs on PostgreSQL.")
    client_id = uuid.uuid4()
    inserted, finish = threading.Event(), threading.Event()

    def autosave_in_flight():
        with transaction.atomic():
            Note.objects.create(review=site.review, author=site.peer, client_id=client_id, text="Dra")
            inserted.set()
            finish.wait(5)
        connections.close_all()

    autosave = threading.Thread(target=autosave_in_flight)
    autosave.start()
    assert inserted.wait(5)
    threading.Timer(0.5, finish.set).start()
    notes_service.save_note(
        site.review, author=site.peer, client_id=client_id, text="Draft done.", draft=False
    )
    autosave.join()
    note = Note.objects.get(client_id=client_id)
    assert (note.text, note.is_draft) == ("Draft done.", False)


def test_a_peer_cannot_open_another_peers_note(client, site):
    note = notes_service.save_note(
        site.review, author=site.peer, client_id=uuid.uuid4(), text="Mine.", draft=False
    )
    client.force_login(site.people[Role.ANALYST_PEER])
    assert client.get(reverse("casework:note-edit", args=[site.review.pk, note.pk])).status_code == 404


def test_the_board_filters_searches_and_records_each_view(client, site):
    author = site.peer
    notes_service.save_note(
        site.review,
        author=author,
        client_id=uuid.uuid4(),
        text="Schools feel left out.",
        draft=False,
        agency="education",
    )
    notes_service.save_note(
        site.review,
        author=author,
        client_id=uuid.uuid4(),
        text="Police attend strategy meetings.",
        draft=False,
        agency="police",
    )
    notes_service.save_note(
        site.review, author=author, client_id=uuid.uuid4(), text="Draft about schools.", draft=True
    )
    client.force_login(site.people[Role.TEAM_LEADER])
    url = reverse("casework:board", args=[site.review.pk])
    assert [n.text for n in client.get(url, {"agency": "police"}).context["page"]] == [
        "Police attend strategy meetings."
    ]
    assert [n.text for n in client.get(url, {"q": "schools"}).context["page"]] == ["Schools feel left out."]
    views = AuditEvent.objects.filter(action="evidence_board_viewed", user=site.people[Role.TEAM_LEADER])
    assert views.count() == 2


def test_the_council_never_reaches_notes_but_reads_the_daily_summary(client, site):
    note = notes_service.save_note(
        site.review, author=site.peer, client_id=uuid.uuid4(), text="SECRET-NOTE-TEXT", draft=False
    )
    finding = notes_service.save_finding(
        site.review, Finding(review=site.review), fields={"kind": "strength", "text": "A confident workforce."},
        notes=[note], by=site.people[Role.REVIEW_MANAGER],
    )  # fmt: skip
    notes_service.share_daily_summary(
        site.review, day=site.review.onsite_start, text="Staff are proud of early help.", findings=[finding],
        by=site.people[Role.REVIEW_MANAGER],
    )  # fmt: skip
    client.force_login(site.people[Role.COUNCIL_SPONSOR])
    for name in ["board", "coverage", "findings", "my-notes"]:
        assert client.get(reverse(f"casework:{name}", args=[site.review.pk])).status_code == 404
    page = client.get(reverse("casework:summaries", args=[site.review.pk])).content.decode()
    assert "Staff are proud of early help." in page
    assert "A confident workforce." in page
    assert "SECRET-NOTE-TEXT" not in page


def test_a_recommendation_from_three_notes_shows_its_triangulation_and_is_agreed(client, site):
    notes = [
        notes_service.save_note(site.review, author=author, client_id=uuid.uuid4(), text=f"Note {i}", draft=False,
                           session=site.session if i == 0 else None, agency=agency)
        for i, (author, agency) in enumerate(
            [(site.peer, "health"), (site.people[Role.ANALYST_PEER], "police"), (site.people[Role.TEAM_LEADER], "health")]
        )
    ]  # fmt: skip
    client.force_login(site.people[Role.TEAM_LEADER])
    url = reverse("casework:finding-create", args=[site.review.pk])
    assert (
        len(client.get(url, {"notes": [n.pk for n in notes]}).context["form"].fields["notes"].queryset) == 3
    )
    missing_priority = client.post(
        url, {"kind": "recommendation", "text": "Join up health visiting.", "notes": [n.pk for n in notes]}
    )
    assert "Give the recommendation a priority" in missing_priority.content.decode()
    client.post(
        url,
        {
            "kind": "recommendation",
            "text": "Join up health visiting.",
            "priority": "high",
            "notes": [n.pk for n in notes],
        },
    )
    finding = Finding.objects.get()
    assert finding.theme is None  # findings may sit outside the framework
    sources = queries.triangulation(Finding.objects.prefetch_related("notes").get())
    assert (sources["notes"], sources["agencies"], sources["peers"]) == (3, 2, 3)
    assert not sources["single_source"]
    client.post(reverse("casework:finding-agree", args=[site.review.pk, finding.pk]))
    finding.refresh_from_db()
    assert finding.is_agreed


def test_a_finding_on_one_note_is_flagged_single_source(client, site):
    note = notes_service.save_note(
        site.review, author=site.peer, client_id=uuid.uuid4(), text="Only one.", draft=False
    )
    notes_service.save_finding(
        site.review,
        Finding(review=site.review),
        fields={"kind": "strength", "text": "X"},
        notes=[note],
        by=site.peer,
    )
    client.force_login(site.peer)
    assert "Single source" in client.get(reverse("casework:findings", args=[site.review.pk])).content.decode()


def test_two_editors_of_one_finding_do_not_overwrite_each_other(client, site):
    finding = notes_service.save_finding(
        site.review,
        Finding(review=site.review),
        fields={"kind": "strength", "text": "First"},
        notes=[],
        by=site.peer,
    )
    url = reverse("casework:finding-edit", args=[site.review.pk, finding.pk])
    client.force_login(site.people[Role.TEAM_LEADER])
    client.post(url, {"kind": "strength", "text": "Leader's words", "version": finding.version})
    response = client.post(url, {"kind": "strength", "text": "Manager's words", "version": finding.version})
    assert "Someone else changed this finding" in response.content.decode()
    finding.refresh_from_db()
    assert finding.text == "Leader's words"


def test_merging_duplicates_keeps_all_their_evidence(client, site):
    a, b = (
        notes_service.save_note(site.review, author=site.peer, client_id=uuid.uuid4(), text=t, draft=False)
        for t in ["A", "B"]
    )
    keep = notes_service.save_finding(
        site.review,
        Finding(review=site.review),
        fields={"kind": "strength", "text": "Keep"},
        notes=[a],
        by=site.peer,
    )
    dup = notes_service.save_finding(
        site.review,
        Finding(review=site.review),
        fields={"kind": "strength", "text": "Dup"},
        notes=[b],
        by=site.peer,
    )
    client.force_login(site.people[Role.TEAM_LEADER])
    client.post(reverse("casework:finding-merge", args=[site.review.pk, dup.pk]), {"into": keep.pk})
    assert set(keep.notes.values_list("text", flat=True)) == {"A", "B"}
    items = client.get(reverse("casework:findings", args=[site.review.pk])).context["items"]
    assert [finding.text for finding, _ in items] == ["Keep"]


def test_notes_link_to_hypotheses_as_evidence(client, site):
    hypothesis = Hypothesis.objects.create(review=site.review, statement="Schools are not engaged.")
    note = notes_service.save_note(
        site.review, author=site.peer, client_id=uuid.uuid4(), text="Schools rarely attend.", draft=False
    )
    client.force_login(site.peer)
    client.post(
        reverse("casework:note-link", args=[site.review.pk, note.pk]),
        {"hypothesis": hypothesis.pk, "stance": "supports"},
    )
    assert hypothesis.evidence.get().stance == "supports"


def test_coverage_shows_whose_voice_is_missing(client, site):
    notes_service.save_note(site.review, author=site.peer, client_id=uuid.uuid4(), text="Health view.", draft=False,
                       agency="health", themes=[site.review.themes.get(number=3)])  # fmt: skip
    client.force_login(site.peer)
    page = client.get(reverse("casework:coverage", args=[site.review.pk])).content.decode()
    assert "Nobody from schools and education has been heard on “Working together”." in page
    assert "Nobody from health has been heard on “Working together”." not in page


def test_coverage_calls_out_the_voluntary_sector_when_unheard(client, site):
    client.force_login(site.peer)
    page = client.get(reverse("casework:coverage", args=[site.review.pk])).content.decode()
    assert "Nobody from the voluntary and community sector has been heard on “Working together”." in page


@pytest.mark.parametrize(
    ("agency", "heard_from"),
    [("members", "Elected members"), ("lscb", "Local Safeguarding Children Board (LSCB)")],
)
def test_notes_can_say_they_heard_from_elected_members_or_the_lscb(client, site, agency, heard_from):
    client.force_login(site.peer)
    client.post(reverse("casework:note-create", args=[site.review.pk]), note_data(site, agency=agency))
    assert Note.objects.get().get_agency_display() == heard_from
    page = client.get(reverse("casework:coverage", args=[site.review.pk])).content.decode()
    assert heard_from in page


def test_board_and_coverage_keep_flat_query_counts(client, site, count_queries):
    themes = list(site.review.themes.all())
    leader = site.people[Role.TEAM_LEADER]

    def add_notes(n, start=0):
        # Notes by the peer and by the viewer (so "my notes" lists some); every third one backs an
        # agreed finding (so the feedback page shows some), on the first theme (its first screen).
        for i in range(start, start + n):
            note = NoteFactory(review=site.review, author=leader if i % 2 else site.peer, text=f"Note {i}",
                               agency="health", session=site.session, themes=themes[:2])  # fmt: skip
            if i % 3 == 0:
                FindingFactory(review=site.review, theme=themes[0], text=f"Finding {i}", notes=[note],
                               created_by=leader, agreed=True)  # fmt: skip

    add_notes(3)
    client.force_login(leader)
    pages = [
        reverse(f"casework:{name}", args=[site.review.pk])
        for name in ["board", "coverage", "findings", "my-notes", "feedback"]
    ]
    before = [count_queries(lambda url=url: client.get(url)) for url in pages]
    my_notes, feedback = (client.get(url).content.decode() for url in pages[3:])
    assert "Note 1" in my_notes
    assert "Note 0" not in my_notes
    assert "Finding 0" in feedback
    add_notes(60, start=3)
    after = [count_queries(lambda url=url: client.get(url)) for url in pages]
    my_notes, feedback = (client.get(url).content.decode() for url in pages[3:])
    assert "Note 61" in my_notes
    assert "Note 62" not in my_notes
    assert "Finding 60" in feedback
    assert before == after
    assert max(after) <= 18, dict(zip(pages, after, strict=True))

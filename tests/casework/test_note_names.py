"""No participant's name reaches a finished note, by any save; drafts stay with their author."""

import uuid
from functools import partial

import pytest
from django.urls import reverse

from casework.models import Note
from casework.services import notes as notes_service
from casework.services import timetable as timetable_service
from reviews.models import Hypothesis, Role
from tests.casework.helpers import note_data


def test_a_name_is_caught_and_replaced_by_the_role(client, site):
    client.force_login(site.peer)
    url = reverse("casework:note-create", args=[site.review.pk])
    data = note_data(site, text="pat example said the front door works well.")
    warned = client.post(url, data)
    assert "Your note names “Pat Example”" in warned.content.decode()
    assert not Note.objects.filter(is_draft=False).exists()
    client.post(url, {**data, "action": "replace"})
    assert (
        Note.objects.get().text
        == "the Head of Service, Children's Social Care said the front door works well."
    )


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("Ms Example said the front door works well.", "Ms Example"),
        ("Example said the front door works well.", "Example"),
        ("Pat said the front door works well.", "Pat"),
    ],
)
def test_part_of_a_name_is_caught(client, site, text, named):
    client.force_login(site.peer)
    warned = client.post(reverse("casework:note-create", args=[site.review.pk]), note_data(site, text=text))
    assert f"Your note names “{named}”" in warned.content.decode()
    assert not Note.objects.exists()


def test_part_of_a_name_is_replaced_by_the_role(client, site):
    client.force_login(site.peer)
    data = note_data(site, text="Dr. Example agreed; Pat said so too.", action="replace")
    client.post(reverse("casework:note-create", args=[site.review.pk]), data)
    role = "the Head of Service, Children's Social Care"
    assert Note.objects.get().text == f"{role} agreed; {role} said so too."


def test_a_name_that_is_also_an_ordinary_word_is_not_caught_in_lower_case(client, site):
    timetable_service.add_participant(
        site.session, by=site.people[Role.REVIEW_MANAGER], role="Designated Nurse", agency="health",
        name="Will Young",
    )  # fmt: skip
    client.force_login(site.peer)
    text = "Staff will ask the young people what they think."
    client.post(reverse("casework:note-create", args=[site.review.pk]), note_data(site, text=text))
    assert Note.objects.get(is_draft=False).text == text


def test_autosaving_a_finished_note_with_a_name_is_refused_with_the_names_and_the_fix(client, site):
    note = notes_service.save_note(
        site.review, author=site.peer, client_id=uuid.uuid4(), text="Thresholds are clear.", draft=False
    )
    client.force_login(site.peer)
    response = client.post(
        reverse("casework:note-edit", args=[site.review.pk, note.pk]),
        note_data(site, text="Pat Example says thresholds are clear.", client_id=note.client_id),
        headers={"X-Autosave": "1"},
    )
    assert response.status_code == 409
    answer = response.json()
    assert answer["saved"] is False
    assert answer["names"] == [
        {"name": "Pat Example", "replacement": "the Head of Service, Children's Social Care"}
    ]
    note.refresh_from_db()
    assert note.text == "Thresholds are clear."
    client.force_login(site.people[Role.TEAM_LEADER])
    board = client.get(reverse("casework:board", args=[site.review.pk])).content.decode()
    assert "Pat Example" not in board


def test_a_draft_naming_a_participant_autosaves_but_only_its_author_sees_it(client, site):
    hypothesis = Hypothesis.objects.create(review=site.review, statement="Schools are not engaged.")
    client.force_login(site.peer)
    autosave = client.post(
        reverse("casework:note-create", args=[site.review.pk]),
        note_data(site, text="Pat Example says schools never come."),
        headers={"X-Autosave": "1"},
    )
    assert autosave.json()["saved"] is True  # a peer mid-sentence is not interrupted
    draft = Note.objects.get()
    assert (
        "Pat Example says schools never come."
        in client.get(reverse("casework:my-notes", args=[site.review.pk])).content.decode()
    )
    colleague = site.people[Role.TEAM_LEADER]
    client.force_login(colleague)
    url = partial(reverse, args=[site.review.pk])
    assert "Pat Example" not in client.get(url("casework:board")).content.decode()
    assert "Pat Example" not in client.get(url("casework:my-notes")).content.decode()
    coverage = client.get(url("casework:coverage")).context["rows"]
    assert all(notes == 0 for _theme, cells, _lines in coverage for notes, _sessions in cells)
    picker = client.get(url("casework:finding-create"), {"notes": [draft.pk]}).context["form"]
    assert list(picker.fields["notes"].queryset) == []
    link = reverse("casework:note-link", args=[site.review.pk, draft.pk])
    assert client.post(link, {"hypothesis": hypothesis.pk, "stance": "supports"}).status_code == 404
    assert not hypothesis.evidence.exists()


def test_the_name_finder_finds_what_names_in_finds_among_many_names():
    names = [(f"Person{i} Surname{i}", "a participant") for i in range(300)] + [("Jordan Keane", "the nurse")]
    text = "We spoke to Ms Keane and to Jordan, and to young people."
    found = [shown for shown, _ in notes_service.names_in(text, names)]
    assert notes_service.name_finder(names)(text) == found

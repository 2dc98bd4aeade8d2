"""The letter page (with its checks and sign-offs), the quality assurer's sign-off page and a version's sources
page keep a flat query count: the same at 3 findings and 20 notes as at 60 findings and 2,000 notes, and within
the bench's target of 15 (casework/management/commands/bench.py)."""

import uuid

import pytest
from django.urls import reverse
from django.utils import timezone

from casework.models import Finding, Note, SignOff, SignOffComment
from casework.services import letter as letter_service
from reviews.models import EXPECTED_AGENCIES, Role
from tests.casework.helpers import ready_draft

SIZES = [(3, 20), (60, 2000)]


def fill(w, findings, notes):
    """Agreed findings across the themes, each resting on its share of finished notes from two peers."""
    themes = list(w.review.themes.all())
    authors = [w.people[Role.PEER], w.people[Role.ANALYST_PEER]]
    made = Note.objects.bulk_create(
        Note(
            review=w.review, author=authors[i % 2], text=f"Note {i}.", client_id=uuid.uuid4(), is_draft=False,
            agency=EXPECTED_AGENCIES[i % len(EXPECTED_AGENCIES)],
        )
        for i in range(notes)
    )  # fmt: skip
    kinds = [Finding.Kind.STRENGTH, Finding.Kind.CONSIDERATION, Finding.Kind.RECOMMENDATION]
    rows = Finding.objects.bulk_create(
        Finding(
            review=w.review, theme=themes[i % len(themes)], kind=kinds[i % 3], text=f"Finding {i}: partners should act.",
            position=i, agreed_at=timezone.now(), agreed_by=w.leader, created_by=w.leader,
        )
        for i in range(findings)
    )  # fmt: skip
    Finding.notes.through.objects.bulk_create(
        Finding.notes.through(finding_id=rows[i % findings].pk, note_id=note.pk)
        for i, note in enumerate(made)
    )
    return letter_service.create_letter(w.review, by=w.leader)


@pytest.mark.parametrize(("findings", "notes"), SIZES)
def test_the_sources_page_keeps_a_flat_query_count(
    client, world, django_assert_max_num_queries, findings, notes
):
    world.leader = world.people[Role.TEAM_LEADER]
    letter = fill(world, findings, notes)
    render = ready_draft(letter, world.leader)
    client.force_login(world.leader)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("casework:letter-provenance", args=[world.review.pk, render.pk]))
    assert response.status_code == 200
    assert f"Finding {findings - 1}: partners should act." in response.content.decode()


def sign_offs(letter, render, by):
    """A returned sign-off with a comment and one waiting: the letter page shows both, comments included."""
    returned = SignOff.objects.create(
        letter=letter, render=render, text_hash="returned", submitted_by=by, state=SignOff.State.RETURNED
    )
    SignOffComment.objects.create(sign_off=returned, text="Say who should act.")
    return SignOff.objects.create(letter=letter, render=render, text_hash="pending", submitted_by=by)


@pytest.mark.parametrize("role", [Role.TEAM_LEADER, Role.REVIEW_MANAGER])
@pytest.mark.parametrize(("findings", "notes"), SIZES)
def test_the_letter_page_with_its_checks_keeps_a_flat_query_count(
    client, world, django_assert_max_num_queries, findings, notes, role
):
    world.leader = world.people[Role.TEAM_LEADER]
    letter = fill(world, findings, notes)
    sign_offs(letter, ready_draft(letter, world.leader), world.leader)
    client.force_login(world.people[role])
    with django_assert_max_num_queries(15):
        response = client.get(reverse("casework:letter", args=[world.review.pk]))
    page = response.content.decode()
    assert "Checks on the letter" in page
    assert "Say who should act." in page


@pytest.mark.parametrize("role", [Role.QUALITY_ASSURER, Role.REVIEW_MANAGER])
@pytest.mark.parametrize(("findings", "notes"), SIZES)
def test_the_sign_off_page_keeps_a_flat_query_count(
    client, world, django_assert_max_num_queries, findings, notes, role
):
    world.leader = world.people[Role.TEAM_LEADER]
    letter = fill(world, findings, notes)
    pending = sign_offs(letter, ready_draft(letter, world.leader), world.leader)
    client.force_login(world.people[role])
    with django_assert_max_num_queries(14):
        response = client.get(reverse("casework:letter-sign-off", args=[world.review.pk, pending.pk]))
    page = response.content.decode()
    assert "Checks on the letter" in page
    # The quality assurer decides (with the form); the manager, since one is named, only reads.
    assert (f"Approve {pending.what}" in page) == (role == Role.QUALITY_ASSURER)

"""Where each part of a letter version comes from: shown to the team and the quality assurer, frozen when the
version leaves the team, and still whole (counts, agencies, sessions, dates) after retention deletes the notes."""

from datetime import timedelta

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from casework.models import Finding, HypothesisEvidence, LetterRender, Note
from casework.services import letter as letter_service
from casework.services import retention
from reviews import services as review_services
from reviews.models import Hypothesis, Review, Role
from tests.casework.helpers import approved_draft, ready_draft


def page(client, w, render):
    return client.get(reverse("casework:letter-provenance", args=[w.review.pk, render.pk])).content.decode()


def test_each_recommendation_shows_its_finding_and_notes_by_session_agency_and_role_never_by_name(
    client, clear
):
    render = ready_draft(clear.letter, clear.leader)
    client.force_login(clear.people[Role.QUALITY_ASSURER])
    text = page(client, clear, render)
    assert "Recommendation 1" in text
    assert "Involve schools in every strategy discussion." in text
    assert "5 from 1 session, 5 agencies and 2 peer roles" in text
    assert "noted by a peer" in text
    assert "Health" in text
    for secret in [clear.people[Role.PEER].full_name, "Heard from Police."]:  # a peer's name, a note's text
        assert secret not in text


def test_a_recommendation_no_finding_holds_is_written_by_hand_and_says_who_wrote_it(client, clear):
    theme_3 = clear.letter.sections.get(theme__number=3)
    letter_service.update_section(
        theme_3,
        body=theme_3.body + "\n\n* The partnership should publish its threshold document.",
        by=clear.leader,
    )
    client.force_login(clear.leader)
    text = page(client, clear, ready_draft(clear.letter, clear.leader))
    assert "Written by hand" in text
    assert f"written by hand, by {clear.leader.full_name}" in text


def test_the_page_counts_findings_and_notes_per_theme(client, clear):
    client.force_login(clear.manager)
    text = page(client, clear, ready_draft(clear.letter, clear.leader))
    assert "Counts by theme" in text
    assert "Working together" in text


@pytest.fixture
def sent(clear):
    Review.objects.filter(pk=clear.review.pk).update(stage=Review.Stage.LETTER)
    clear.draft = approved_draft(
        clear.letter, leader=clear.leader, assurer=clear.people[Role.QUALITY_ASSURER]
    )
    letter_service.send_for_check(clear.draft, by=clear.leader)
    return clear


def test_a_version_sent_to_the_council_keeps_what_it_rested_on_when_findings_change(client, sent):
    Finding.objects.filter(text="Involve schools in every strategy discussion.").update(text="Changed later.")
    client.force_login(sent.leader)
    text = page(client, sent, sent.draft)
    assert "Frozen on" in text
    assert "Involve schools in every strategy discussion." in text
    assert "Changed later." not in text


def test_the_frozen_provenance_holds_no_note_text(sent):
    data = LetterRender.objects.get(pk=sent.draft.pk).provenance.data
    assert "Heard from" not in str(data)
    assert sent.people[Role.PEER].full_name not in str(data)


def test_after_retention_deletes_the_notes_the_frozen_provenance_keeps_counts_agencies_sessions_and_dates(
    client, sent, settings
):
    manager = sent.manager
    Review.objects.filter(pk=sent.review.pk).update(stage=Review.Stage.FOLLOW_UP)
    review_services.move_stage(sent.review, to_stage="closed", by=manager)
    with time_machine.travel(timezone.now() + timedelta(days=31 * (settings.RETENTION_MONTHS + 1))):
        retention.apply_retention(dry_run=False)
    assert not Note.objects.filter(review=sent.review).exists()
    client.force_login(manager)
    text = page(client, sent, sent.draft)
    assert "5 from 1 session, 5 agencies and 2 peer roles" in text
    assert "Schools and education" in text
    assert f"agreed {timezone.localdate():%-d %B %Y}" in text


def test_the_frozen_provenance_names_the_hypotheses_and_documents_behind_a_finding(clear):
    (version,) = review_services.upload_documents(
        clear.review, files=[SimpleUploadedFile("Early help strategy.pdf", b"%PDF-1.4 x")], by=clear.manager,
        category="policy",
    )  # fmt: skip
    hypothesis = Hypothesis.objects.create(
        review=clear.review, statement="Schools join late.", status="supported"
    )
    hypothesis.documents.add(version.document)
    HypothesisEvidence.objects.create(note=clear.notes[0], hypothesis=hypothesis, stance="supports")
    Review.objects.filter(pk=clear.review.pk).update(stage=Review.Stage.LETTER)
    draft = approved_draft(clear.letter, leader=clear.leader, assurer=clear.people[Role.QUALITY_ASSURER])
    letter_service.send_for_check(draft, by=clear.leader)
    records = LetterRender.objects.get(pk=draft.pk).provenance.data["findings"].values()
    assert all(record["documents"] == ["Early help strategy"] for record in records)
    assert all(record["hypotheses"][0]["statement"] == "Schools join late." for record in records)

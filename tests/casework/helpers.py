"""Helpers shared by the casework tests: agreeing findings, a note's form data, reading a rendered PDF."""

import io
import uuid

import pypdf
from django.utils import timezone

from casework import queries
from casework.models import Finding, LetterRender, SignOff
from casework.services import letter as letter_service
from casework.services import notes as notes_service
from casework.services import signoff
from reviews.models import EXPECTED_AGENCIES, Role
from tests.casework.factories import LetterRenderFactory, NoteFactory


def agree(review, by, kind, text, theme=None, notes=()):
    finding = notes_service.save_finding(
        review, Finding(review=review),
        fields={"kind": kind, "text": text, "theme": theme, "priority": "high" if kind == "recommendation" else ""},
        notes=list(notes), by=by,
    )  # fmt: skip
    return notes_service.set_agreed(finding, agreed=True, by=by)


def pdf_text(render):
    reader = pypdf.PdfReader(io.BytesIO(render.file.open("rb").read()))
    return reader, [page.extract_text() for page in reader.pages]


def note_data(site, text="Thresholds are well understood.", **extra):
    return {
        "client_id": str(extra.pop("client_id", uuid.uuid4())),
        "text": text,
        "session": site.session.pk,
        "kind": "strength",
        "agency": "social_care",
        "themes": [site.review.themes.get(number=3).pk],
        "action": "save",
        **extra,
    }


# The letter's checks and sign-off.

WHY_NO_FINDING = "We did not look at this theme in depth: the council asked us to focus on early help."


def evidence_for_every_finding(review, people):
    """Finished notes from two peers and every agency the review expects to hear from, behind every agreed
    finding: a letter drafted afterwards rests on more than one source and hears every agency."""

    authors = [people[Role.PEER], people[Role.ANALYST_PEER]]
    notes = [
        NoteFactory(review=review, author=authors[i % 2], agency=agency, text=f"Heard from {agency.label}.")
        for i, agency in enumerate(EXPECTED_AGENCIES)
    ]
    for finding in Finding.objects.agreed().filter(review=review):
        finding.notes.add(*notes)
    return notes


def clear_letter(w):
    """letter_world's letter with nothing for the checks to find: evidenced, explained, owned."""

    Finding.objects.filter(review=w.review, text="Record the child's voice in every plan.").update(
        text="Social care managers should record the child's voice in every plan."
    )
    w.notes = evidence_for_every_finding(w.review, w.people)
    letter = letter_service.create_letter(w.review, by=w.leader)
    for section in letter.sections.filter(theme__isnull=False).exclude(
        theme__findings__agreed_at__isnull=False
    ):
        letter_service.update_section(section, body=WHY_NO_FINDING, by=w.leader)
    return letter


def ready_draft(letter, by):
    """A finished draft PDF of the letter's text as it is now (no file: the gate looks at its fingerprint)."""

    sources = queries.letter_sources(letter)
    return LetterRenderFactory(
        letter=letter, status=LetterRender.Status.READY, requested_by=by, content_hash=sources.draft_hash
    )


def approved_draft(letter, *, leader, assurer):
    """A draft PDF of the letter, submitted by the team leader and approved: ready to send to the council."""

    render = ready_draft(letter, leader)
    signoff.approve(signoff.submit_for_sign_off(letter, by=leader, render=render), by=assurer)
    return render


def final_approval(letter, assurer):
    """The quality assurer's approval of the final text, recorded as it stands now, for tests about what
    happens on issue (the way to it, the council's answered comments included, is in test_letter_sign_off)."""
    return SignOff.objects.create(
        letter=letter,
        final=True,
        text_hash=queries.letter_sources(letter).text_hash,
        state=SignOff.State.APPROVED,
        decided_by=assurer,
        decided_at=timezone.now(),
    )

"""Helpers shared by the casework tests: agreeing findings, a note's form data, reading a rendered PDF."""

import io
import uuid

import pypdf

from casework.models import Finding
from casework.services import notes as notes_service


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

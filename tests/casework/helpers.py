"""Helpers shared by the letter tests: agreeing findings and reading a rendered PDF."""

import io

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

"""The letter's plain-text conventions, shared by the editor, the page and the PDF.

A section is typed as plain text: blank lines separate blocks; lines starting
"- " are bullet points; lines starting "* " are recommendations, numbered
across the whole letter; a block of one line naming a part of a theme
("Strengths", "Areas for consideration", "Recommendations") is a subheading.
Nothing typed is ever treated as HTML.
"""

import hashlib
import json

SUBHEADINGS = {"strengths", "areas for consideration", "recommendations"}


def blocks(body):
    """[(kind, content)] where kind is "heading", "bullets", "recommendations" or "paragraph"."""
    result = []
    for chunk in body.replace("\r\n", "\n").split("\n\n"):
        lines = [line.rstrip() for line in chunk.strip("\n").split("\n") if line.strip()]
        if not lines:
            continue
        if len(lines) == 1 and lines[0].strip().lower() in SUBHEADINGS:
            result.append(("heading", lines[0].strip()))
        elif all(line.startswith("- ") for line in lines):
            result.append(("bullets", [line[2:].strip() for line in lines]))
        elif all(line.startswith("* ") for line in lines):
            result.append(("recommendations", [line[2:].strip() for line in lines]))
        else:
            result.append(("paragraph", " ".join(line.strip() for line in lines)))
    return result


def recommendations(body):
    return [item for kind, content in blocks(body) if kind == "recommendations" for item in content]


def digest(value):
    """A fingerprint of some text (or JSON-able value): to tell whether a section's sources changed."""
    return hashlib.sha256(json.dumps(value, sort_keys=True, default=str).encode()).hexdigest()


def version_hash(sections, people, *, final=False, reason=""):
    """The fingerprint of a PDF version: its sections' (title, body), who it is to and from, final or not."""
    return digest(
        {"final": final, "reason": reason, "sections": [list(pair) for pair in sections], "people": people}
    )


def text_hash(sections):
    """The fingerprint of the sections' text alone: what a quality assurer's approval holds for."""
    return digest([[title, body] for title, body in sections])

"""Where each part of the letter comes from: the findings it was written from and, through them, the notes
(by session, agency and peer role, never by name), hypotheses and documents.

Pure functions over what `queries.letter_sources` loaded: building the provenance costs no query. The
result is plain JSON-able data, so the same template shows a draft's live provenance and the frozen
snapshot of a version sent or issued (`ProvenanceSnapshot`); it never holds a note's text.
"""

import re
from collections import Counter
from dataclasses import dataclass, field

from django.utils import timezone

from reviews.models import AgencyType

from .letter_text import blocks

_PRIORITY = re.compile(r"\s*\(priority: [a-z]+\)\s*$")


def normalised(text):
    return " ".join(text.split()).lower()


@dataclass
class Sources:
    """Everything the letter's checks and provenance read, loaded in a fixed number of queries."""

    letter: object
    sections: list
    themes: list
    findings: list  # agreed findings, each with `.source_notes` (finished notes only)
    # note id -> [(hypothesis, stance)]; hypothesis id -> [document title]
    hypotheses_of_note: dict = field(default_factory=dict)
    documents_of_hypothesis: dict = field(default_factory=dict)
    peer_roles: dict = field(default_factory=dict)  # user id -> role on the team, as words
    participant_names: list = field(default_factory=list)  # [(name, role to put instead)]
    case_references: list = field(default_factory=list)
    latest_draft: object = None  # the newest draft PDF version, if any
    text_hash: str = ""  # the sections' text now
    draft_hash: str = ""  # what a draft PDF of the text now would be fingerprinted as
    acknowledgements: dict = field(default_factory=dict)  # warning key -> CheckAcknowledgement

    def finding_index(self):
        if not hasattr(self, "_index"):
            self._index = {normalised(f.text): f for f in self.findings}
        return self._index


@dataclass
class Item:
    """One paragraph, bullet point or recommendation of a section, with the findings it was written from."""

    section: object
    kind: str  # "paragraph", "bullet" or "recommendation"
    text: str
    number: int | None = None  # recommendations are numbered across the letter
    findings: list = field(default_factory=list)


def items_of(sources):
    """Every item of the letter, in order, each matched to the finding whose words it carries.

    The draft writes each agreed finding as one bullet or recommendation ("text (priority: high)"); an item
    whose words are no finding's was written by hand (or edited past recognition) and says so.
    """
    index = sources.finding_index()
    found, number = [], 0
    for section in sources.sections:
        for kind, content in blocks(section.body):
            if kind == "heading":
                continue
            if kind == "paragraph":
                entries = [("paragraph", content)]
            else:
                entries = [(kind[:-1] if kind.endswith("s") else kind, text) for text in content]
            for item_kind, text in entries:
                finding = index.get(normalised(_PRIORITY.sub("", text)))
                if item_kind == "recommendation":
                    number += 1
                found.append(
                    Item(
                        section=section,
                        kind="bullet" if item_kind == "bullet" else item_kind,
                        text=text,
                        number=number if item_kind == "recommendation" else None,
                        findings=[finding] if finding else [],
                    )
                )
    return found


def _uk(day):
    return f"{day:%-d %B %Y}"


def _agency(code):
    try:
        return AgencyType(code).label
    except ValueError:
        return code or "Not recorded"


def finding_record(finding, sources):
    """A finding's sources as plain data: counts, sessions, agencies, peer roles and dates; no note text."""
    notes = []
    hypotheses = {}
    documents = set()
    for note in finding.source_notes:
        session = note.session
        notes.append(
            {
                "session": session.label if session else "Not in a session",
                "day": _uk(session.day) if session else "",
                "agency": _agency(note.agency),
                "peer_role": sources.peer_roles.get(note.author_id, "A former team member"),
                "kind": note.get_kind_display() if note.kind else "",
                "written": _uk(timezone.localdate(note.created_at)),
            }
        )
        for hypothesis, stance in sources.hypotheses_of_note.get(note.pk, []):
            entry = hypotheses.setdefault(
                hypothesis.pk,
                {"statement": hypothesis.statement, "status": hypothesis.get_status_display(), "stances": []},
            )
            entry["stances"].append(stance)
            documents.update(sources.documents_of_hypothesis.get(hypothesis.pk, []))
    return {
        "id": finding.pk,
        "kind": finding.get_kind_display(),
        "text": finding.text,
        "theme": str(finding.theme) if finding.theme else "Beyond the framework",
        "agreed_on": _uk(timezone.localdate(finding.agreed_at)) if finding.agreed_at else "",
        "notes": notes,
        "note_count": len(notes),
        "sessions": sorted({(n["day"], n["session"]) for n in notes}),
        "agencies": sorted({n["agency"] for n in notes}),
        "peer_roles": sorted({n["peer_role"] for n in notes}),
        "hypotheses": [{**h, "stances": sorted(set(h["stances"]))} for h in hypotheses.values()],
        "documents": sorted(documents),
    }


def provenance(sources):
    """The provenance of the letter's text as it is in `sources`, ready to show or to freeze."""
    items = items_of(sources)
    records = {}
    sections = []
    for section in sources.sections:
        own = [item for item in items if item.section is section]
        entries = []
        for item in own:
            for finding in item.findings:
                if finding.pk not in records:
                    records[finding.pk] = finding_record(finding, sources)
            entries.append(
                {
                    "kind": item.kind,
                    "text": item.text,
                    "number": item.number,
                    "findings": [f.pk for f in item.findings],
                    "by_hand": not item.findings,
                    # Who last wrote the section: the team member answerable for a sentence no finding holds.
                    "written_by": section.updated_by.full_name
                    if section.updated_by
                    else ("the first draft" if not section.edited else "someone no longer on the review"),
                }
            )
        sections.append(
            {
                "key": section.key,
                "title": section.title,
                "theme": str(section.theme) if section.theme_id else "",
                "items": entries,
            }
        )
    by_theme = []
    for section in sections:
        ids = {i for item in section["items"] for i in item["findings"]}
        if not ids and not section["theme"]:
            continue
        notes = [n for i in ids for n in records[i]["notes"]]
        by_theme.append(
            {
                "title": section["title"],
                "findings": len(ids),
                "recommendations": sum(1 for item in section["items"] if item["kind"] == "recommendation"),
                "by_hand": sum(1 for item in section["items"] if item["by_hand"]),
                "notes": len(notes),
                "sessions": len({(n["day"], n["session"]) for n in notes}),
                "agencies": len({n["agency"] for n in notes}),
            }
        )
    agencies = Counter(n["agency"] for r in records.values() for n in r["notes"])
    return {
        "sections": sections,
        "findings": {str(pk): record for pk, record in records.items()},
        "themes": by_theme,
        "agencies": sorted(agencies.items()),
    }

"""Automatic checks on a draft of the feedback letter, run before it goes to the quality assurer and the council.

Pure functions over the `Sources` that `queries.letter_sources` loaded (sections, agreed findings with their
notes, hypotheses, participants' names, case references, the latest PDF), so running every check costs no
further query. Each problem explains itself in plain words and links to what to fix.

Errors block sending to the council. Warnings need an acknowledgement with a reason (recorded: who, when,
why) before the letter can be submitted for sign-off.
"""

import re
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.urls import reverse

from reviews.models import EXPECTED_AGENCIES, AgencyType, Hypothesis

from .drafting import NO_FINDING
from .letter_text import blocks, digest
from .models import HypothesisEvidence
from .provenance import items_of, normalised
from .services.notes import name_finder

ERROR = "error"
WARNING = "warning"

# Words that say what should be done, when a recommendation does not start with a verb of its own.
MODALS = re.compile(r"\b(should|must|needs? to|ought to|will|to)\b", re.IGNORECASE)
VERBS = {
    "agree", "align", "assess", "audit", "build", "clarify", "commission", "consider", "continue", "create",
    "define", "develop", "embed", "engage", "ensure", "establish", "evaluate", "extend", "focus", "implement",
    "improve", "increase", "introduce", "involve", "make", "monitor", "plan", "prioritise", "provide",
    "record", "reduce", "refresh", "review", "revise", "set", "share", "simplify", "strengthen", "support",
    "test", "train", "use", "widen",
}  # fmt: skip
# Who is to act: the kinds of owner a recommendation may name (never a person).
OWNERS = re.compile(
    r"\b(council|partnership|partners|partner agencies|agencies|lscb|board|health|police|schools?|"
    r"director|dcs|managers?|leaders?|leadership|members|councillors|social care|early help|"
    r"front door|mash|ccg|commissioners|services|chief executive|lead member|team|workforce)\b",
    re.IGNORECASE,
)
CASE_REFERENCE = re.compile(r"\b[A-Z]{1,4}-?\d{4,}\b")


@dataclass
class Problem:
    severity: str
    key: str  # stable while the problem is the same; acknowledgements are kept by it
    message: str
    fix_url: str
    fix_label: str

    @property
    def is_error(self):
        return self.severity == ERROR


def _section_url(letter, section):
    return reverse("casework:section-edit", args=[letter.review_id, section.pk])


def _single_source(notes):
    """One note, or notes all from one session and one peer: the finding stands on one voice."""
    return len(notes) <= 1 or len({(n.session_id, n.author_id) for n in notes}) <= 1


def single_source_recommendations(sources, items):
    found = []
    for item in items:
        if item.kind != "recommendation" or not item.findings:
            continue
        notes = [n for f in item.findings for n in f.source_notes]
        if _single_source(notes):
            finding = item.findings[0]
            found.append(
                Problem(
                    ERROR,
                    f"single-source-{finding.pk}",
                    f"Recommendation {item.number} (“{item.text[:80]}”) rests on a single source: "
                    f"{len(notes)} note{'s' if len(notes) != 1 else ''}"
                    + (" from one session and one peer" if len(notes) > 1 else "")
                    + ". Link evidence from another session or peer to the finding, or take it out.",
                    reverse("casework:finding-edit", args=[sources.letter.review_id, finding.pk]),
                    "Add evidence to the finding",
                )
            )
    return found


def names_and_case_references(sources):
    found = []
    find_names = name_finder(sources.participant_names)
    for section in sources.sections:
        named = find_names(section.body)
        references = [
            ref
            for ref in sources.case_references
            if re.search(rf"(?<!\w){re.escape(ref)}(?!\w)", section.body, re.IGNORECASE)
        ]
        references += [match for match in CASE_REFERENCE.findall(section.body) if match not in references]
        if named:
            found.append(
                Problem(
                    ERROR,
                    f"name-{section.key}",
                    f"“{section.title}” names a recorded participant ({', '.join(named)}). "
                    "The letter never attributes what was said: put the role instead.",
                    _section_url(sources.letter, section),
                    f"Change “{section.title}”",
                )
            )
        if references:
            found.append(
                Problem(
                    ERROR,
                    f"case-reference-{section.key}",
                    f"“{section.title}” contains a case reference ({', '.join(references)}). "
                    "Take it out: a case must not be identifiable from the letter.",
                    _section_url(sources.letter, section),
                    f"Change “{section.title}”",
                )
            )
    return found


def empty_sections(sources):
    return [
        Problem(
            ERROR,
            f"empty-{section.key}",
            f"“{section.title}” is empty. Write it, or say why there is nothing to say.",
            _section_url(sources.letter, section),
            f"Write “{section.title}”",
        )
        for section in sources.sections
        if not any(kind != "heading" for kind, _ in blocks(section.body))
    ]


def unexplained_themes(sources):
    """A theme in scope with no agreed finding must have a sentence saying why (not only the placeholder)."""
    found_in = {f.theme_id for f in sources.findings}
    by_theme = {s.theme_id: s for s in sources.sections if s.theme_id}
    found = []
    for theme in sources.themes:
        if theme.pk in found_in:
            continue
        section = by_theme.get(theme.pk)
        said = section and any(
            kind == "paragraph" and normalised(text) != normalised(NO_FINDING)
            for kind, text in blocks(section.body)
        )
        if not said:
            found.append(
                Problem(
                    ERROR,
                    f"theme-{theme.pk}",
                    f"The theme “{theme.title}” is in the review's scope but has no finding. "
                    "Say in its section why there is none.",
                    _section_url(sources.letter, section) if section else sources.letter.get_absolute_url(),
                    f"Explain “{theme.title}”",
                )
            )
    return found


def contradicted_hypotheses(sources):
    found = []
    for finding in sources.findings:
        refuted = {
            hypothesis.pk: hypothesis
            for note in finding.source_notes
            for hypothesis, stance in sources.hypotheses_of_note.get(note.pk, [])
            if stance == HypothesisEvidence.Stance.SUPPORTS
            and hypothesis.status == Hypothesis.Status.NOT_SUPPORTED
        }
        for hypothesis in refuted.values():
            found.append(
                Problem(
                    WARNING,
                    f"hypothesis-{finding.pk}-{hypothesis.pk}",
                    f"The finding “{finding.text[:80]}” rests on evidence for the hypothesis "
                    f"“{hypothesis.statement[:80]}”, which the team marked not supported.",
                    reverse("casework:finding-edit", args=[sources.letter.review_id, finding.pk]),
                    "Look at the finding",
                )
            )
    return found


def unheard_agencies(sources):
    """One warning naming every expected agency that no finding in the letter draws on."""
    heard = {note.agency for f in sources.findings for note in f.source_notes}
    unheard = [agency for agency in EXPECTED_AGENCIES if agency not in heard]
    if not unheard:
        return []
    names = [AgencyType(agency).in_sentence for agency in unheard]
    listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]
    return [
        Problem(
            WARNING,
            "agencies-" + "-".join(agency.value for agency in unheard),
            f"No finding in the letter draws on anything heard from {listed}: "
            f"{'an agency' if len(names) == 1 else 'agencies'} the review expected to hear from.",
            reverse("casework:findings", args=[sources.letter.review_id]),
            "Look at the findings",
        )
    ]


def vague_recommendations(sources, items):
    found = []
    for item in items:
        if item.kind != "recommendation":
            continue
        words = re.findall(r"[a-z]+", item.text.lower())
        missing = []
        if not (words and words[0] in VERBS) and not MODALS.search(item.text):
            missing.append("a verb saying what to do")
        if not OWNERS.search(item.text):
            missing.append("who should do it (the council, the partnership, health…)")
        if missing:
            found.append(
                Problem(
                    WARNING,
                    f"vague-{item.section.key}-{digest(normalised(item.text))[:16]}",
                    f"Recommendation {item.number} (“{item.text[:80]}”) lacks {' and '.join(missing)}.",
                    _section_url(sources.letter, item.section),
                    f"Change “{item.section.title}”",
                )
            )
    return found


def long_paragraphs(sources, items):
    limit = settings.LETTER_PARAGRAPH_WORD_LIMIT
    found = []
    for item in items:
        count = len(item.text.split())
        if item.kind == "paragraph" and count > limit:
            found.append(
                Problem(
                    WARNING,
                    f"long-{item.section.key}-{digest(normalised(item.text))[:16]}",
                    f"A paragraph in “{item.section.title}” has {count} words, more than the "
                    f"house limit of {limit}. Shorter paragraphs are easier to act on.",
                    _section_url(sources.letter, item.section),
                    f"Change “{item.section.title}”",
                )
            )
    return found


def changed_since_render(sources):
    latest = sources.latest_draft
    if latest is None or latest.content_hash == sources.draft_hash:
        return []
    return [
        Problem(
            WARNING,
            f"changed-{sources.draft_hash[:16]}",
            f"The text has changed since the last PDF (version {latest.number}) was made. "
            "Make a new PDF so that what is approved and sent is what you see.",
            sources.letter.get_absolute_url() + "#letter-renders",
            "Make a new PDF",
        )
    ]


def run_letter_checks(sources):
    """Every problem with the letter's text, errors first. Costs no query (see the module docstring)."""
    items = items_of(sources)
    problems = [
        *single_source_recommendations(sources, items),
        *names_and_case_references(sources),
        *empty_sections(sources),
        *unexplained_themes(sources),
        *contradicted_hypotheses(sources),
        *unheard_agencies(sources),
        *vague_recommendations(sources, items),
        *long_paragraphs(sources, items),
        *changed_since_render(sources),
    ]
    return sorted(problems, key=lambda p: not p.is_error)


@dataclass
class CheckResult:
    errors: list
    warnings: list  # [(problem, acknowledgement or None)]

    @property
    def unacknowledged(self):
        return [problem for problem, ack in self.warnings if ack is None]

    @property
    def clear(self):
        return not self.errors and not self.unacknowledged


def check_letter(sources):
    problems = run_letter_checks(sources)
    by_severity = defaultdict(list)
    for problem in problems:
        by_severity[problem.severity].append(problem)
    return CheckResult(
        errors=by_severity[ERROR],
        warnings=[(p, sources.acknowledgements.get(p.key)) for p in by_severity[WARNING]],
    )

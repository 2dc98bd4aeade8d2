"""The council's evidence before the visit, and the analyst peer's reading of it."""

import secrets
from collections import Counter, defaultdict
from datetime import timedelta
from pathlib import PurePath

from django.db import transaction
from django.db.models import Count, Max, Q
from django.utils import timezone
from django.utils.crypto import salted_hmac

from peerreview.tokens import new_token

from .. import audit
from ..anonymity import MIN_GROUP, OTHER_AGENCIES, disclosable
from ..models import (
    AgencyType,
    Answer,
    CaseExercise,
    Document,
    DocumentVersion,
    Questionnaire,
    QuestionnaireCode,
    QuestionnaireResponse,
    ReviewTheme,
    SelfEvaluation,
    SelfEvaluationEntry,
    Statement,
)
from ..uploads import Refused, check
from . import requests
from .errors import ActionRefused

DEFAULT_STATEMENTS = {
    1: [
        "Children and families get the right help at the right time.",
        "Children's views change what we do for them.",
    ],
    2: [
        "I know what difference my work makes to children.",
        "We use performance information to improve practice.",
    ],
    3: [
        "Agencies share information well to keep children safe.",
        "I know whom to contact in other agencies.",
    ],
    4: ["My caseload lets me do good work.", "I get regular supervision that helps me."],
    5: [
        "Leaders know what frontline practice is like.",
        "I understand our partnership's plans for children.",
    ],
}


class BatchRefused(ActionRefused):
    """Files in a batch were refused; `problems` says what was wrong, keyed by what each file was for."""

    def __init__(self, problems):
        self.problems = problems
        super().__init__(" ".join(problems.values()) + NOTHING_UPLOADED)


NOTHING_UPLOADED = " Nothing was uploaded; the library is as it was."


def _check_all(files):
    """Each file with what its content says it is, and what was refused."""
    checked, problems = [], []
    for upload in files:
        try:
            checked.append((upload, check(upload)))
        except Refused as refusal:
            problems.append(str(refusal))
    return checked, problems


def _store(review, checked, *, by, category, description="", themes=(), request=None, title=""):
    versions = []
    try:
        for upload, info in checked:
            name = (
                title.strip()
                if title.strip() and len(checked) == 1
                else PurePath(info.name).stem.replace("_", " ")
            )
            document = Document.objects.filter(review=review, title__iexact=name).select_for_update().first()
            if document is None:
                document = Document.objects.create(
                    review=review, title=name, category=category, description=description, request=request
                )
                document.themes.set(themes)
            elif request and not document.request_id:
                document.request = request
                document.save(update_fields=["request"])
            number = (document.versions.aggregate(last=Max("number"))["last"] or 0) + 1
            versions.append(
                DocumentVersion.objects.create(
                    document=document,
                    number=number,
                    file=upload,
                    original_name=info.name,
                    content_type=info.content_type,
                    size=info.size,
                    sha256=info.sha256,
                    uploaded_by=by,
                )
            )
    except BaseException:
        # The rows roll back with the transaction, but files already stored would stay behind.
        for version in versions:
            version.file.delete(save=False)
        raise
    return versions


@transaction.atomic
def upload_documents(review, *, files, by, category, description="", themes=(), request=None, title=""):
    """Add files to the library. Every file is checked first: if any is refused, none is saved."""
    checked, problems = _check_all(files)
    if problems:
        raise ActionRefused(" ".join(problems) + NOTHING_UPLOADED)
    versions = _store(
        review, checked, by=by, category=category, description=description, themes=themes, request=request,
        title=title,
    )  # fmt: skip
    if request:
        requests.mark_submitted([request], by=by)
    return versions


@transaction.atomic
def upload_for_requests(review, *, batches, by):
    """Answer several document requests at once: `batches` pairs each request with its files.

    Every file of every request is checked first: if any is refused, none is saved, and BatchRefused
    says which request's file it was.
    """
    checked, problems = [], {}
    for request, files in batches:
        good, bad = _check_all(files)
        if bad:
            problems[request.pk] = " ".join(bad)
        if good:
            checked.append((request, good))
    if problems:
        raise BatchRefused(problems)
    if not checked:
        raise ActionRefused("Choose a file for at least one request.")
    versions = []
    for request, good in checked:
        versions += _store(review, good, by=by, category=request.category, request=request)
    requests.mark_submitted([request for request, _ in checked], by=by)
    return versions


def record_download(version, request):
    return audit.record(
        audit.Action.DOCUMENT_DOWNLOADED,
        request=request,
        review=version.document.review,
        target=f"{version.document.title} (version {version.number})",
        object_id=version.pk,
    )


def keep_document(document, *, keep):
    """The council asks to keep a document after the review closes (or no longer asks)."""
    document.keep_after_review = keep
    document.save(update_fields=["keep_after_review"])
    return document


def self_evaluation_of(review):
    """The review's self-evaluation, with an entry for each of its themes."""
    evaluation, _ = SelfEvaluation.objects.get_or_create(review=review)
    have = set(evaluation.entries.values_list("theme_id", flat=True))
    SelfEvaluationEntry.objects.bulk_create(
        SelfEvaluationEntry(self_evaluation=evaluation, theme=theme)
        for theme in ReviewTheme.objects.filter(review=review).exclude(pk__in=have)
    )
    return evaluation


@transaction.atomic
def save_self_evaluation(evaluation, *, entries, by, submit):
    """Save every theme's answers, and submit when asked and every theme is complete.

    Returns the themes still incomplete when a submission could not go ahead (the answers are saved).
    """
    evaluation = SelfEvaluation.objects.select_for_update().get(pk=evaluation.pk)
    if evaluation.status == SelfEvaluation.Status.SUBMITTED:
        raise ActionRefused("The self-evaluation has already been submitted to the review team.")
    for entry, data in entries:
        documents = data.pop("documents", [])
        for name, value in data.items():
            setattr(entry, name, value)
        entry.save()
        entry.documents.set(documents)
    if not submit:
        return []
    incomplete = [str(entry.theme) for entry, _ in entries if not entry.is_complete]
    if not incomplete:
        evaluation.status = SelfEvaluation.Status.SUBMITTED
        evaluation.submitted_at = timezone.now()
        evaluation.submitted_by = by
        evaluation.save(update_fields=["status", "submitted_at", "submitted_by"])
    return incomplete


@transaction.atomic
def open_questionnaire(review, *, closes_on, introduction=""):
    """Open the questionnaire with the default statements for each theme, editable afterwards."""
    questionnaire, created = Questionnaire.objects.get_or_create(
        review=review, defaults={"closes_on": closes_on, "introduction": introduction}
    )
    if created:
        statements = []
        for theme in ReviewTheme.objects.filter(review=review):
            for text in DEFAULT_STATEMENTS.get(theme.number, []):
                statements.append(
                    Statement(questionnaire=questionnaire, theme=theme, text=text, position=len(statements))
                )
        Statement.objects.bulk_create(statements)
    else:
        questionnaire.closes_on = closes_on
        questionnaire.save(update_fields=["closes_on"])
    return questionnaire


def add_statement(questionnaire, *, text, theme=None):
    """A statement of the manager's own, after the default ones."""
    return Statement.objects.create(questionnaire=questionnaire, theme=theme, text=text, position=999)


@transaction.atomic
def remove_statement(statement, *, by, request=None):
    if statement.answers.exists():
        raise ActionRefused("People have already answered this statement, so it stays.")
    statement.delete()
    audit.record(
        audit.Action.DELETED,
        user=by,
        request=request,
        review=statement.questionnaire.review,
        target=f"Questionnaire statement: {statement.text[:200]}",
    )


@transaction.atomic
def new_questionnaire_link(questionnaire, *, by):
    """Replace the secret link, e.g. after it reached the wrong people. The old one stops working at
    once; answers already given are kept."""
    questionnaire = (
        Questionnaire.objects.select_for_update().select_related("review").get(pk=questionnaire.pk)
    )
    questionnaire.token = new_token()
    questionnaire.save(update_fields=["token"])
    audit.record(
        audit.Action.QUESTIONNAIRE_LINK_REPLACED,
        user=by,
        review=questionnaire.review,
        target="Staff and partner questionnaire",
        object_id=questionnaire.pk,
    )
    return questionnaire


# One-time codes: easy to read aloud and type, no 0/O or 1/I/L to confuse. 10 characters, about 49 bits.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 10
MAX_CODES = 500


def _code_digest(code):
    """The keyed hash that is all we keep of a code, from the code as typed (case, spaces and dashes ignored)."""
    normal = "".join(ch for ch in code.upper() if ch.isalnum())
    return salted_hmac("reviews.questionnaire-code", normal).hexdigest()


@transaction.atomic
def issue_questionnaire_codes(questionnaire, *, count, by):
    """Make `count` one-time codes for people who share a computer. Returns them, formatted for printing:
    only their hashes are kept, so this is the one time anyone sees them."""
    if not 1 <= count <= MAX_CODES:
        raise ActionRefused(f"Make between 1 and {MAX_CODES} codes at a time.")
    codes = []
    while len(codes) < count:
        raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        code = f"{raw[:5]}-{raw[5:]}"
        if code not in codes:
            codes.append(code)
    QuestionnaireCode.objects.bulk_create(
        QuestionnaireCode(questionnaire=questionnaire, digest=_code_digest(code)) for code in codes
    )
    audit.record(
        audit.Action.QUESTIONNAIRE_CODES_ISSUED,
        user=by,
        review=questionnaire.review,
        target=f"{count} one-time code{'s' if count != 1 else ''} for the questionnaire",
        object_id=questionnaire.pk,
    )
    return codes


def questionnaire_code_counts(questionnaire):
    """How many codes were made and how many used: never which."""
    return questionnaire.codes.aggregate(issued=Count("pk"), used=Count("pk", filter=Q(used=True)))


def _use_code(questionnaire, code):
    """Mark the code used, without saying by whom or when, or refuse in plain words."""
    used = QuestionnaireCode.objects.filter(
        questionnaire=questionnaire, digest=_code_digest(code), used=False
    ).update(used=True)
    if not used:
        raise ActionRefused(
            "This code is not right, or has been used already. Check it, or ask for a new one."
        )


@transaction.atomic
def submit_response(questionnaire, *, agency_type, role_level, answers, comments="", code=""):
    """Keep one anonymous set of answers. A one-time code, when given, is used up, and not linked to them."""
    if not questionnaire.is_open:
        raise ActionRefused(
            f"This questionnaire closed on {questionnaire.closes_on:%d %B %Y}. Thank you for your interest."
        )
    statements = list(questionnaire.statements.all())
    if {s.pk for s in statements} != set(answers):
        raise ActionRefused("Answer every statement.")
    if code:
        _use_code(questionnaire, code)
    response = QuestionnaireResponse.objects.create(
        questionnaire=questionnaire, agency_type=agency_type, role_level=role_level, comments=comments.strip()
    )
    Answer.objects.bulk_create(
        Answer(response=response, statement_id=pk, value=value) for pk, value in answers.items()
    )
    return response


def questionnaire_results(questionnaire):
    """Counts per statement, and per agency type as far as `anonymity.disclosable` allows: no group under
    MIN_GROUP is shown apart, nor can be worked out from the totals, and nothing is counted until MIN_GROUP
    people have answered. Statements come grouped by theme, in the theme's order."""
    responses = list(questionnaire.responses.values_list("pk", "agency_type"))
    per_agency = Counter(agency for _, agency in responses)
    disclosure = disclosable(per_agency)
    group_of = {pk: disclosure.group_of(agency) for pk, agency in responses}
    # In the order the questionnaire lists agencies.
    shown = [a for a in AgencyType.values if a in disclosure.shown]
    folded = [a for a in AgencyType.values if a in disclosure.folded]
    groups = [*shown, *([OTHER_AGENCIES] if disclosure.other_shown else [])]
    counts = defaultdict(Counter)
    by_group = defaultdict(lambda: defaultdict(list))
    if disclosure.results_shown:
        for statement_id, response_id, value in Answer.objects.filter(
            response__questionnaire=questionnaire
        ).values_list("statement_id", "response_id", "value"):
            counts[statement_id][value] += 1
            if group_of[response_id] is not None:
                by_group[statement_id][group_of[response_id]].append(value)
    statements = sorted(
        questionnaire.statements.select_related("theme"),
        key=lambda s: (s.theme is None, s.theme.number if s.theme else 0, s.position, s.pk),
    )
    rows = []
    for statement in statements:
        total = sum(counts[statement.pk].values())
        agree = counts[statement.pk][4] + counts[statement.pk][5]
        rows.append(
            {
                "statement": statement,
                "total": total,
                "counts": [
                    (value, label, counts[statement.pk][value]) for value, label in Answer.Agreement.choices
                ],
                "agree_percent": round(100 * agree / total) if total else 0,
                "by_agency": [
                    (_group_label(group), _agree_share(by_group[statement.pk][group])) for group in groups
                ],
            }
        )
    return {
        "responses": len(responses),
        "results_shown": disclosure.results_shown,
        "min_group": MIN_GROUP,
        # Only groups shown apart are counted; "Other agencies" is counted only beside them.
        "per_agency": [
            *((AgencyType(a).label, per_agency[a]) for a in shown),
            *(
                [(OTHER_AGENCIES, sum(per_agency[a] for a in disclosure.folded))]
                if disclosure.other_shown
                else []
            ),
        ],
        # The agencies counted together are named only when there are two or more of them.
        "folded": [AgencyType(a).label for a in folded] if disclosure.folded_named else [],
        "rows": rows,
        "comments": (
            list(questionnaire.responses.exclude(comments="").values_list("comments", flat=True))
            if disclosure.results_shown
            else []
        ),
    }


def _group_label(group):
    return OTHER_AGENCIES if group == OTHER_AGENCIES else AgencyType(group).label


def _agree_share(values):
    return round(100 * sum(1 for v in values if v >= 4) / len(values)) if values else 0


@transaction.atomic
def save_case_exercise(review, *, kind, by, documents=(), **fields):
    exercise, _ = CaseExercise.objects.update_or_create(
        review=review, kind=kind, defaults={**fields, "updated_by": by}
    )
    exercise.documents.set(documents)
    return exercise


def default_closing_date(review):
    """A week before the documents are due, or in three weeks when the plan has no date."""
    due = review.milestones.filter(kind="documents_due").values_list("due", flat=True).first()
    return (due - timedelta(days=7)) if due else timezone.localdate() + timedelta(weeks=3)

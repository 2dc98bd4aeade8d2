"""The council's evidence before the visit, and the analyst peer's reading of it."""

from collections import Counter, defaultdict
from datetime import timedelta
from pathlib import PurePath

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from peerreview.tokens import new_token

from .. import audit
from ..models import (
    AgencyType,
    Answer,
    CaseExercise,
    Document,
    DocumentRequest,
    DocumentVersion,
    Questionnaire,
    QuestionnaireResponse,
    ReviewTheme,
    SelfEvaluation,
    SelfEvaluationEntry,
    Statement,
)
from ..uploads import Refused, check
from .errors import ActionRefused

# The smallest group whose answers are shown apart, so nobody can be singled out.
MIN_GROUP = 5
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


@transaction.atomic
def upload_documents(review, *, files, by, category, description="", themes=(), request=None, title=""):
    """Add files to the library. Every file is checked first: if any is refused, none is saved."""
    checked, problems = [], []
    for upload in files:
        try:
            checked.append((upload, check(upload)))
        except Refused as refusal:
            problems.append(str(refusal))
    if problems:
        raise ActionRefused(" ".join(problems) + " Nothing was uploaded; the library is as it was.")
    versions = []
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
    return versions


def record_download(version, request):
    return audit.record(
        audit.Action.DOCUMENT_DOWNLOADED,
        request=request,
        review=version.document.review,
        target=f"{version.document.title} (version {version.number})",
        object_id=version.pk,
    )


def request_document(review, *, by, **fields):
    return DocumentRequest.objects.create(review=review, requested_by=by, **fields)


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


@transaction.atomic
def submit_response(questionnaire, *, agency_type, role_level, answers, comments=""):
    if not questionnaire.is_open:
        raise ActionRefused(
            f"This questionnaire closed on {questionnaire.closes_on:%d %B %Y}. Thank you for your interest."
        )
    statements = list(questionnaire.statements.all())
    if {s.pk for s in statements} != set(answers):
        raise ActionRefused("Answer every statement.")
    response = QuestionnaireResponse.objects.create(
        questionnaire=questionnaire, agency_type=agency_type, role_level=role_level, comments=comments.strip()
    )
    Answer.objects.bulk_create(
        Answer(response=response, statement_id=pk, value=value) for pk, value in answers.items()
    )
    return response


def questionnaire_results(questionnaire):
    """Counts per statement and per agency type. Groups smaller than MIN_GROUP are not shown apart."""
    responses = list(questionnaire.responses.values_list("pk", "agency_type"))
    agency_of = dict(responses)
    per_agency = Counter(agency_of.values())
    shown_agencies = sorted(a for a, n in per_agency.items() if n >= MIN_GROUP)
    counts = defaultdict(Counter)
    by_agency = defaultdict(lambda: defaultdict(list))
    for statement_id, response_id, value in Answer.objects.filter(
        response__questionnaire=questionnaire
    ).values_list("statement_id", "response_id", "value"):
        counts[statement_id][value] += 1
        by_agency[statement_id][agency_of[response_id]].append(value)
    rows = []
    for statement in questionnaire.statements.select_related("theme"):
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
                    (AgencyType(agency).label, _agree_share(by_agency[statement.pk][agency]))
                    for agency in shown_agencies
                ],
            }
        )
    return {
        "responses": len(responses),
        # Small groups are named but not counted, so a lone respondent is not exposed.
        "per_agency": [
            (AgencyType(a).label, n if n >= MIN_GROUP else None) for a, n in sorted(per_agency.items())
        ],
        "rows": rows,
        "comments": list(questionnaire.responses.exclude(comments="").values_list("comments", flat=True)),
    }


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

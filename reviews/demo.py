"""Fictional pre-visit evidence for the demo data (peerreview's seed_demo calls this)."""

import random
from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from . import services
from .models import CaseExercise, DocumentRequest, EarlyFinding, Hypothesis

MINIMAL_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)
DOCUMENTS = [
    ("Children and Young People's Plan 2026-2029.pdf", "policy", MINIMAL_PDF),
    ("Early help strategy.pdf", "policy", MINIMAL_PDF),
    ("Referrals and assessments, last 3 months.csv", "performance",
     b"month,contacts,referrals,assessments_in_45_days\n2026-08,1210,402,0.86\n2026-09,1188,389,0.84\n2026-10,1302,431,0.81\n"),
    ("Multi-agency audit summary.pdf", "audit", MINIMAL_PDF),
]  # fmt: skip


REQUESTS = [
    # title, category, owner, days from today it is due
    ("Last 3 months' referral data", "performance", "organiser", 10),
    ("Latest LSCB annual report", "policy", "organiser", -5),
    ("Early help performance scorecard", "performance", "sponsor", -2),
    ("Children in need audit results", "audit", "sponsor", 12),
]


def load_requests(review, *, manager, organiser, sponsor, answer):
    """Document requests, two of them overdue; the first answered by a document already in the library."""
    owners = {"organiser": organiser, "sponsor": sponsor}
    today = timezone.localdate()
    made = []
    for title, category, owner, days in REQUESTS:
        request = services.request_document(
            review,
            by=manager,
            title=title,
            category=category,
            owner=owners[owner],
            due=today + timedelta(days=12),
        )
        # Asked for weeks ago, as a real review would have: a new request cannot be due in the past.
        DocumentRequest.objects.filter(pk=request.pk).update(due=today + timedelta(days=days))
        made.append(request)
    answer.request = made[0]
    answer.save(update_fields=["request"])
    services.mark_submitted([made[0]], by=organiser)


def load_evidence(review, people):
    """Give the review a library, a submitted self-evaluation, questionnaire answers and hypotheses, once."""
    if review.documents.exists():
        return
    organiser = people["organiser@example.org"]
    analyst = people["analyst@example.org"]
    manager = people["manager@example.org"]
    sponsor = people["sponsor@example.org"]
    documents = {}
    for name, category, content in DOCUMENTS:
        (version,) = services.upload_documents(
            review, files=[SimpleUploadedFile(name, content)], by=organiser, category=category
        )
        documents[category] = version.document
    load_requests(
        review, manager=manager, organiser=organiser, sponsor=sponsor, answer=documents["performance"]
    )

    evaluation = services.self_evaluation_of(review)
    entries = []
    for entry in evaluation.entries.select_related("theme"):
        entries.append((entry, {
            "grade": 2 if entry.theme.number != 2 else 3,
            "strengths": "Strong, stable leadership and a committed workforce that knows its families well.",
            "areas_for_development": "Consistent recording of the child's voice, and timeliness of assessments.",
            "evidence": "Quarterly audits, performance scorecard, staff survey.",
            "documents": [documents["policy"]],
        }))  # fmt: skip
    services.save_self_evaluation(evaluation, entries=entries, by=organiser, submit=True)

    questionnaire = services.open_questionnaire(review, closes_on=timezone.localdate() + timedelta(weeks=4))
    rng = random.Random(4)
    agencies = ["social_care"] * 9 + ["health"] * 6 + ["education"] * 5 + ["police"] * 3 + ["voluntary"] * 2
    for agency in agencies:
        answers = {s.pk: rng.choice([2, 3, 4, 4, 5]) for s in questionnaire.statements.all()}
        services.submit_response(
            questionnaire, agency_type=agency, role_level=rng.choice(["frontline", "frontline", "manager"]),
            answers=answers, comments=rng.choice(["", "", "Caseloads have come down this year.", "Hard to reach CAMHS."]),
        )  # fmt: skip

    services.save_case_exercise(
        review, kind=CaseExercise.Kind.CASE_MAPPING, by=organiser, documents=[documents["audit"]],
        case_references="CR-20931\nCR-20945\nCR-21002", agencies="Children's social care, health visiting, police, two primary schools",
        findings="Good information sharing at the point of referral; schools less involved after the initial strategy discussion.",
    )  # fmt: skip
    themes = {theme.number: theme for theme in review.themes.all()}
    Hypothesis.objects.create(
        review=review, theme=themes[3], statement="Schools are not consistently involved once a child protection plan is in place.",
        author=analyst,
    ).documents.add(documents["audit"])  # fmt: skip
    Hypothesis.objects.create(
        review=review, theme=themes[2], statement="Rising contacts are not matched by conversions to referral, suggesting a strong early help offer.",
        author=analyst, status=Hypothesis.Status.MIXED,
    ).documents.add(documents["performance"])  # fmt: skip
    EarlyFinding.objects.create(
        review=review, theme=themes[1], author=analyst,
        text="The early help strategy is recent and well understood by senior leaders; frontline awareness is still growing.",
    )  # fmt: skip

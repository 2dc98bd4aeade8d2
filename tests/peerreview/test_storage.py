"""Stored files behave the same on the local folder and on S3-compatible object storage."""

import uuid
from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import ImproperlyConfigured
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from casework.services import retention as retention_service
from peerreview import settings as project_settings
from reviews import services as review_services
from reviews.models import Document, DocumentVersion, Review, Role
from tests import s3

PDF = b"%PDF-1.4 stored content 4417"


def upload(client, world, *files):
    client.force_login(world.people[Role.COUNCIL_ORGANISER])
    return client.post(
        reverse("reviews:document-upload", args=[world.review.pk]),
        {"files": list(files), "category": "policy"},
    )


def download(client, version):
    response = client.get(version.get_download_url())
    return response, b"".join(response.streaming_content)


def test_an_upload_is_stored_in_the_storage_and_downloads_through_the_view(client, world, storage):
    upload(client, world, SimpleUploadedFile("Early help strategy.pdf", PDF))
    version = DocumentVersion.objects.get()
    assert storage.names() == [version.file.name]
    response, body = download(client, version)
    assert body == PDF
    assert response["Content-Length"] == str(len(PDF))
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"


def test_on_object_storage_nothing_is_written_to_the_local_folder(client, world, s3_storage):
    upload(client, world, SimpleUploadedFile("Early help strategy.pdf", PDF))
    assert len(s3_storage.names()) == 1
    assert not s3_storage.media_root.exists() or not any(s3_storage.media_root.rglob("*"))


def test_a_batch_with_one_refused_file_stores_nothing(client, world, storage):
    good = SimpleUploadedFile("Early help strategy.pdf", PDF)
    bad = SimpleUploadedFile("Report.pdf", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" * 50)
    response = upload(client, world, good, bad)
    assert "Nothing was uploaded" in response.content.decode()
    assert storage.names() == []
    assert not Document.objects.exists()


def test_a_failure_while_storing_a_batch_leaves_no_file_behind(world, storage, monkeypatch):
    original = DocumentVersion.objects.create
    calls = []

    def fail_on_second(**fields):
        calls.append(fields)
        if len(calls) == 2:
            raise RuntimeError("the database went away")
        return original(**fields)

    monkeypatch.setattr(DocumentVersion.objects, "create", fail_on_second)
    files = [SimpleUploadedFile("One.pdf", PDF), SimpleUploadedFile("Two.pdf", PDF)]
    with pytest.raises(RuntimeError):
        review_services.upload_documents(
            world.review, files=files, by=world.people[Role.REVIEW_MANAGER], category="policy"
        )
    assert storage.names() == []


def test_a_file_over_the_size_limit_is_refused_and_not_stored(client, world, storage, settings):
    settings.UPLOAD_MAX_BYTES = 1024 * 1024
    response = upload(client, world, SimpleUploadedFile("Big.pdf", b"%PDF-1.4 " + b"x" * (1024 * 1024)))
    assert "larger than 1 MB" in response.content.decode()
    assert storage.names() == []


def test_each_version_keeps_its_own_file(client, world, storage):
    upload(client, world, SimpleUploadedFile("Plan.pdf", PDF + b" one"))
    upload(client, world, SimpleUploadedFile("Plan.pdf", PDF + b" two"))
    first, second = DocumentVersion.objects.order_by("number")
    assert storage.names() == sorted([first.file.name, second.file.name])
    assert download(client, first)[1] == PDF + b" one"
    assert download(client, second)[1] == PDF + b" two"


def test_deleting_a_document_deletes_its_stored_files_once_committed(
    client, world, storage, django_capture_on_commit_callbacks
):
    upload(client, world, SimpleUploadedFile("Plan.pdf", PDF))
    with django_capture_on_commit_callbacks(execute=True):
        Document.objects.get().delete()
    assert storage.names() == []


def test_a_deletion_rolled_back_keeps_the_file(client, world, storage):
    upload(client, world, SimpleUploadedFile("Plan.pdf", PDF))
    names = storage.names()

    def delete_then_fail():
        with transaction.atomic():
            Document.objects.get().delete()
            raise RuntimeError("changed my mind")

    with pytest.raises(RuntimeError):
        delete_then_fail()
    assert storage.names() == names == [DocumentVersion.objects.get().file.name]


def test_retention_deletes_the_stored_files_of_documents_not_kept(
    world, storage, settings, django_capture_on_commit_callbacks
):
    manager = world.people[Role.REVIEW_MANAGER]
    for name, keep in [("Policy.pdf", False), ("Kept plan.pdf", True)]:
        (version,) = review_services.upload_documents(
            world.review, files=[SimpleUploadedFile(name, PDF)], by=manager, category="policy"
        )
        Document.objects.filter(pk=version.document_id).update(keep_after_review=keep)
    Review.objects.filter(pk=world.review.pk).update(stage=Review.Stage.FOLLOW_UP)
    review_services.move_stage(world.review, to_stage="closed", by=manager)
    later = timezone.now() + timedelta(days=31 * (settings.RETENTION_MONTHS + 1))
    with time_machine.travel(later), django_capture_on_commit_callbacks(execute=True):
        retention_service.apply_retention(dry_run=False)
    assert storage.names() == [DocumentVersion.objects.get().file.name]


def test_a_file_missing_from_storage_is_not_found_and_not_recorded(client, world, storage):
    upload(client, world, SimpleUploadedFile("Plan.pdf", PDF))
    version = DocumentVersion.objects.get()
    version.file.storage.delete(version.file.name)
    assert client.get(version.get_download_url()).status_code == 404
    assert not world.review.audit_events.filter(action="document_downloaded").exists()


def test_objects_carry_no_public_grant(client, world, s3_storage):
    upload(client, world, SimpleUploadedFile("Plan.pdf", PDF))
    (key,) = s3_storage.names()
    grants = s3.client(s3_storage.endpoint).get_object_acl(Bucket=s3_storage.bucket, Key=key)["Grants"]
    assert [grant["Grantee"].get("URI") for grant in grants if grant["Grantee"].get("URI")] == []


def test_stored_objects_have_no_url(world, s3_storage):
    version, *_ = review_services.upload_documents(
        world.review,
        files=[SimpleUploadedFile("Plan.pdf", PDF)],
        by=world.people[Role.REVIEW_MANAGER],
        category="policy",
    )
    with pytest.raises(NotImplementedError):
        version.file.url  # noqa: B018


# Reading the configuration: STORAGE_URL, or the usual AWS_* variables.
ENV = ["STORAGE_URL", "AWS_STORAGE_BUCKET_NAME", "AWS_S3_ENDPOINT_URL", "AWS_S3_REGION_NAME", "AWS_LOCATION"]


@pytest.fixture
def env(monkeypatch):
    for name in ENV:
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def test_without_a_store_files_go_to_the_local_folder(env):
    assert project_settings.object_storage() is None


def test_storage_url_names_the_bucket_prefix_endpoint_and_region(env):
    env.setenv("STORAGE_URL", "s3://reviews-files/prod?endpoint_url=http://minio:9000&region=eu-west-2")
    assert project_settings.object_storage() == {
        "BACKEND": "peerreview.storage.PrivateS3Storage",
        "OPTIONS": {
            "bucket_name": "reviews-files",
            "location": "prod",
            "endpoint_url": "http://minio:9000",
            "region_name": "eu-west-2",
            "addressing_style": None,
        },
    }


def test_the_usual_aws_variables_name_the_store(env):
    env.setenv("AWS_STORAGE_BUCKET_NAME", "reviews-files")
    env.setenv("AWS_S3_REGION_NAME", "eu-west-2")
    options = project_settings.object_storage()["OPTIONS"]
    assert (options["bucket_name"], options["region_name"], options["endpoint_url"]) == (
        "reviews-files",
        "eu-west-2",
        None,
    )


@pytest.mark.parametrize(
    "url",
    [
        "https://bucket.example/x",
        "s3:///no-bucket",
        "s3://bucket?endpoint=http://x",
        "s3://bucket?acl=public",
    ],
)
def test_a_storage_url_not_understood_stops_start_up(env, url):
    env.setenv("STORAGE_URL", url)
    with pytest.raises(ImproperlyConfigured):
        project_settings.object_storage()


def test_an_upload_name_is_random_on_both_storages(world, storage):
    (version,) = review_services.upload_documents(
        world.review,
        files=[SimpleUploadedFile(f"{uuid.uuid4()} secret name.pdf", PDF)],
        by=world.people[Role.REVIEW_MANAGER],
        category="policy",
    )
    assert "secret" not in version.file.name

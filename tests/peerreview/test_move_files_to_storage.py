"""Moving a site's files from the local folder into the object store: checked, and resumable."""

import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError

from peerreview.storage import PrivateS3Storage
from reviews import services as review_services
from reviews.models import DocumentVersion, Role
from tests import s3


@pytest.fixture
def local_files(world, settings):
    """Three documents stored the old way, in the local folder."""
    for number in range(3):
        review_services.upload_documents(
            world.review,
            files=[SimpleUploadedFile(f"Plan {number}.pdf", f"%PDF-1.4 plan {number}".encode())],
            by=world.people[Role.REVIEW_MANAGER],
            category="policy",
        )
    return Path(settings.MEDIA_ROOT)


@pytest.fixture
def bucket(s3_server, settings, local_files):
    """The site now configured for the object store (an empty bucket)."""
    name = s3.new_bucket(s3_server)
    settings.STORAGES = s3.s3_storages(s3_server, name)
    return s3.Stored("s3", local_files, s3_server, name)


def move():
    out = io.StringIO()
    call_command("move_files_to_storage", stdout=out)
    return out.getvalue()


def names_in_rows():
    return sorted(DocumentVersion.objects.values_list("file", flat=True))


def test_every_file_is_copied_under_its_name_and_checked(bucket, client, world):
    output = move()
    assert "Moved 3, already in the store 0." in output
    assert "Every file is in the store and its checksum matches." in output
    assert bucket.names() == names_in_rows()
    client.force_login(world.people[Role.REVIEW_MANAGER])
    version = DocumentVersion.objects.get(document__title="Plan 1")
    assert b"".join(client.get(version.get_download_url()).streaming_content) == b"%PDF-1.4 plan 1"


def test_the_local_folder_is_left_as_it_was(bucket):
    before = sorted(p.name for p in bucket.media_root.rglob("*") if p.is_file())
    move()
    assert sorted(p.name for p in bucket.media_root.rglob("*") if p.is_file()) == before
    assert len(before) == 3


def test_an_interrupted_move_is_finished_by_running_it_again(bucket, monkeypatch):
    original, calls = PrivateS3Storage._save, []

    def stopped_on_the_third(self, name, content):
        calls.append(name)
        if len(calls) == 3:
            raise KeyboardInterrupt  # the operator pressed Ctrl-C, or the container was stopped
        return original(self, name, content)

    monkeypatch.setattr(PrivateS3Storage, "_save", stopped_on_the_third)
    with pytest.raises(KeyboardInterrupt):
        move()
    assert len(bucket.names()) == 2
    monkeypatch.setattr(PrivateS3Storage, "_save", original)
    assert "Moved 1, already in the store 2." in move()
    assert bucket.names() == names_in_rows()
    assert "Moved 0, already in the store 3." in move()


def test_a_different_object_under_the_same_name_is_replaced(bucket):
    name = names_in_rows()[0]
    s3.client(bucket.endpoint).put_object(Bucket=bucket.bucket, Key=name, Body=b"half a file")
    assert "Moved 3, already in the store 0." in move()
    body = s3.client(bucket.endpoint).get_object(Bucket=bucket.bucket, Key=name)["Body"].read()
    assert body == (bucket.media_root / name).read_bytes()


def test_a_local_file_not_matching_its_recorded_checksum_is_not_moved(bucket):
    name = names_in_rows()[0]
    (bucket.media_root / name).write_bytes(b"%PDF-1.4 changed on disk")
    with pytest.raises(CommandError, match="does not match the checksum its row recorded"):
        move()
    assert name not in bucket.names()
    assert len(bucket.names()) == 2


def test_a_file_in_neither_place_is_reported(bucket):
    name = names_in_rows()[0]
    (bucket.media_root / name).unlink()
    with pytest.raises(CommandError, match="Files not moved: 1"):
        move()


def test_it_refuses_while_files_still_go_to_the_local_folder(local_files):
    with pytest.raises(CommandError, match="set STORAGE_URL"):
        move()

"""Nothing is kept on a process's own disk: two web processes and a worker share only the services.

Two gunicorn processes and one Celery worker, each with an empty media folder of its own,
share PostgreSQL, Redis and the S3-compatible store, as processes on different machines
would. A document uploaded through one web process downloads through the other; a letter
the worker renders downloads through both; no local folder receives a file.
"""

import hashlib
import http.client
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.hashers import make_password
from django.db import connection
from django.urls import reverse

from casework.bench.load import Browser, Server
from casework.models import LetterRender
from casework.services import letter as letter_service
from reviews.models import DocumentVersion, Role
from tests import s3
from tests.conftest import redis_available, require_service
from tests.factories import PASSWORD

pytestmark = pytest.mark.real_worker

PDF = b"%PDF-1.4 uploaded through web process A " + uuid.uuid4().hex.encode()


class FileBrowser(Browser):
    """The load test's browser, plus a multipart upload and a binary download."""

    def upload(self, path, token, fields, name, content):
        boundary = uuid.uuid4().hex
        parts = [
            f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n{value}\r\n'.encode()
            for key, value in {"csrfmiddlewaretoken": token, **fields}.items()
        ]
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="files"; filename="{name}"\r\n'
            "Content-Type: application/pdf\r\n\r\n".encode()
            + content
            + b"\r\n"
        )
        body = b"".join(parts) + f"--{boundary}--\r\n".encode()
        return self._send("POST", path, body, {"Content-Type": f"multipart/form-data; boundary={boundary}"})

    def download(self, path):
        return self._send("GET", path)

    def _send(self, method, path, body=None, headers=()):
        cookies = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            connection.request(method, path, body=body, headers={"Cookie": cookies, **dict(headers)})
            response = connection.getresponse()
            return response.status, response.read()
        finally:
            connection.close()


def s3_endpoint(shared):
    return parse_qs(urlsplit(shared["STORAGE_URL"]).query)["endpoint_url"][0]


def bucket_of(shared):
    return urlsplit(shared["STORAGE_URL"]).hostname


def files_in(folder):
    return [p for p in Path(folder).rglob("*") if p.is_file()] if Path(folder).exists() else []


@pytest.fixture
def machines(transactional_db, settings, tmp_path, s3_server):
    """Settings every process shares, and an empty media folder for each one."""
    require_service("PostgreSQL", connection.vendor == "postgresql", "set DATABASE_URL to PostgreSQL")
    require_service("Redis", redis_available(), "set REDIS_URL to a running Redis")
    settings.PASSWORD_HASHERS = [
        *settings.PASSWORD_HASHERS,
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    ]
    bucket = s3.new_bucket(s3_server)
    settings.STORAGES = s3.s3_storages(s3_server, bucket)
    db = connection.settings_dict
    shared = {
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
        "REDIS_URL": django_settings.REDIS_URL,
        # Sessions and links signed by one process are checked by another.
        "DJANGO_SECRET_KEY": "test-only-" + uuid.uuid4().hex,
        **s3.storage_env(s3_server, bucket),
    }
    folders = {name: tmp_path / name for name in ("web-a", "web-b", "worker")}
    for folder in folders.values():
        folder.mkdir()
    return shared, folders


@pytest.fixture
def worker(machines):
    shared, folders = machines
    env = {
        **shared,
        "MEDIA_ROOT": str(folders["worker"]),
        "DJANGO_DEBUG": "0",
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "peerreview", "worker", "--pool=solo", "--loglevel=warning",
         "--without-gossip", "--without-mingle"],
        cwd=django_settings.BASE_DIR, env={**os.environ, **env},
    )  # fmt: skip
    yield process
    process.terminate()
    process.wait(timeout=30)


def signed_in(server, user):
    browser = FileBrowser(server.port)
    browser.sign_in(user.email, PASSWORD)
    return browser


def same_person_on(server, browser):
    """The same browser, its request sent to another web process (as a load balancer may)."""
    other = FileBrowser(server.port)
    other.cookies = dict(browser.cookies)
    return other


def test_files_written_by_one_process_are_read_by_the_others_and_no_disk_keeps_one(
    machines, worker, letter_world
):
    shared, folders = machines
    w = letter_world
    organiser = w.people[Role.COUNCIL_ORGANISER]
    for user in (organiser, w.leader):
        user.password = make_password(PASSWORD, hasher="pbkdf2_sha256")
        user.save(update_fields=["password"])
    letter_service.create_letter(w.review, by=w.leader)
    with (
        Server(shared["DATABASE_URL"], folders["web-a"], workers=1, **shared) as a,
        Server(shared["DATABASE_URL"], folders["web-b"], workers=1, **shared) as b,
    ):
        # A document uploaded through A downloads through B.
        upload_path = reverse("reviews:document-upload", args=[w.review.pk])
        on_a = signed_in(a, organiser)
        status, _ = on_a.upload(
            upload_path, on_a.csrf_token(upload_path), {"category": "policy"}, "Plan.pdf", PDF
        )
        assert status == 302
        version = DocumentVersion.objects.get()
        status, body = same_person_on(b, on_a).download(version.get_download_url())
        assert (status, body) == (200, PDF)

        # A letter asked for through A is rendered by the worker and downloads through A and B.
        leader_a = signed_in(a, w.leader)
        leader_b = same_person_on(b, leader_a)
        letter_page = reverse("casework:letter", args=[w.review.pk])
        status, _, _ = leader_a.request(
            "POST", reverse("casework:letter-render", args=[w.review.pk]),
            {"csrfmiddlewaretoken": leader_a.csrf_token(letter_page)},
        )  # fmt: skip
        assert status == 302
        render = LetterRender.objects.get()
        deadline = time.monotonic() + 120
        while render.status not in ("ready", "failed") and time.monotonic() < deadline:
            assert worker.poll() is None, "the worker stopped"
            time.sleep(0.3)
            render.refresh_from_db()
        assert render.status == "ready", render.failure
        for browser in (leader_a, leader_b):
            status, body = browser.download(render.get_download_url())
            assert status == 200
            assert hashlib.sha256(body).hexdigest() == render.sha256

    assert {name: files_in(folder) for name, folder in folders.items()} == {name: [] for name in folders}
    in_store = s3.Stored("s3", folders["web-a"], s3_endpoint(shared), bucket_of(shared)).names()
    assert in_store == sorted([version.file.name, render.file.name])

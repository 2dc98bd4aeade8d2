"""An S3-compatible object store for the tests: moto's standalone server, started by the test run.

It speaks the S3 HTTP API on loopback, so stored files take the real client path of
django-storages and boto3. Each test that asks for it gets a bucket of its own.
"""

import importlib.util
import socket
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

import pytest

REGION = "us-east-1"
KEYS = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing"}


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def s3_server():
    """The endpoint of a moto S3 server on a free loopback port, for the whole run."""
    from tests.conftest import require_service

    require_service("moto", importlib.util.find_spec("moto.server"), "pip install -r requirements-dev.txt")
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    endpoint = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            if time.monotonic() > deadline or process.poll() is not None:
                process.kill()
                pytest.fail("moto's S3 server did not start")
            time.sleep(0.1)
    yield endpoint
    process.terminate()
    process.wait(timeout=10)


def client(endpoint):
    import boto3

    return boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name=REGION,
        aws_access_key_id=KEYS["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=KEYS["AWS_SECRET_ACCESS_KEY"],
    )


def new_bucket(endpoint):
    name = f"test-{uuid.uuid4().hex[:16]}"
    client(endpoint).create_bucket(Bucket=name)
    return name


def s3_storages(endpoint, bucket):
    """STORAGES with the default storage on this bucket, as settings builds it from STORAGE_URL."""
    from django.conf import settings

    return {
        **settings.STORAGES,
        "default": {
            "BACKEND": "peerreview.storage.PrivateS3Storage",
            "OPTIONS": {
                "bucket_name": bucket,
                "endpoint_url": endpoint,
                "region_name": REGION,
                "access_key": KEYS["AWS_ACCESS_KEY_ID"],
                "secret_key": KEYS["AWS_SECRET_ACCESS_KEY"],
            },
        },
    }


def storage_env(endpoint, bucket):
    """The environment a process (gunicorn, a worker) needs to use this bucket."""
    query = urlencode({"endpoint_url": endpoint, "region": REGION})
    return {"STORAGE_URL": f"s3://{bucket}?{query}", **KEYS}


@dataclass
class Stored:
    """Which storage a test runs on, and what it holds."""

    kind: str
    media_root: Path
    endpoint: str = ""
    bucket: str = ""

    def names(self):
        if self.kind == "s3":
            pages = client(self.endpoint).get_paginator("list_objects_v2").paginate(Bucket=self.bucket)
            return sorted(item["Key"] for page in pages for item in page.get("Contents", []))
        if not self.media_root.exists():
            return []
        return sorted(str(p.relative_to(self.media_root)) for p in self.media_root.rglob("*") if p.is_file())


@pytest.fixture
def s3_storage(s3_server, settings):
    """The S3-compatible store, on a bucket of the test's own, as the default storage."""
    bucket = new_bucket(s3_server)
    settings.STORAGES = s3_storages(s3_server, bucket)
    return Stored("s3", Path(settings.MEDIA_ROOT), s3_server, bucket)


@pytest.fixture(params=["local", "s3"])
def storage(request, settings):
    """The test runs twice: on the local folder and on the S3-compatible store."""
    if request.param == "local":
        return Stored("local", Path(settings.MEDIA_ROOT))
    return request.getfixturevalue("s3_storage")

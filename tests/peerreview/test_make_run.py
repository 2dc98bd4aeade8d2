"""`make run PORT=…` and `make reset`: the demo on another port, and the demo started again."""

import os
import runpy
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")


def make(*args, env=None):
    # -o: never reinstall the virtualenv from a test.
    return subprocess.run(
        ["make", "-o", ".venv/.installed", *args],
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
    )


def test_make_run_serves_on_the_port_given_and_points_emailed_links_at_it():
    printed = make("-n", "run", "PORT=8123").stdout

    assert "runserver 127.0.0.1:8123" in printed
    assert "SITE_URL=${SITE_URL:-http://127.0.0.1:8123}" in printed
    assert "8000" not in printed


def test_make_reset_deletes_the_demo_database_and_files_then_loads_the_demo_again():
    lines = make("-n", "reset").stdout.splitlines()

    deletions = [line for line in lines if line.startswith("rm ")]
    assert deletions == ["rm -f db.sqlite3 db.sqlite3-journal db.sqlite3-wal db.sqlite3-shm", "rm -rf media"]
    assert [line.split("manage.py ")[1] for line in lines if "manage.py" in line] == [
        "migrate --noinput",
        "seed_demo",
    ]


def test_make_reset_stops_before_deleting_anything_when_database_url_is_set():
    result = make("reset", env={"DATABASE_URL": "postgres://postgres@127.0.0.1:5432/not-touched"})

    assert result.returncode != 0
    assert "DATABASE_URL is set" in result.stdout
    assert "rm " not in result.stdout


@pytest.mark.parametrize(
    ("env", "site_url"),
    [
        ({"PORT": "8123"}, "http://127.0.0.1:8123"),
        ({}, "http://127.0.0.1:8000"),
        ({"PORT": "8123", "SITE_URL": "https://peer-reviews.example/"}, "https://peer-reviews.example"),
    ],
)
def test_emailed_links_follow_the_port_served_unless_the_site_address_is_set(monkeypatch, env, site_url):
    monkeypatch.delenv("SITE_URL", raising=False)
    monkeypatch.delenv("PORT", raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)

    assert runpy.run_path(str(ROOT / "peerreview" / "settings.py"))["SITE_URL"] == site_url

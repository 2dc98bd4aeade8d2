"""`make bench` keeps working: a small run measures every page, the notes load and both letters."""

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.db import connection

from .conftest import redis_available, require_service

EXPECTED_PAGES = 18  # 16, and the letter's sources and sign-off pages (casework/bench/letter_gate.py)
SCALES = ("0.02", "0.05")
# The letter of the largest scale's review in the letter stage: the data set gives each review it
# writes most about 60 findings at scale 1, all agreed once the review is past its week on site
# (casework/bench/dataset.py), so max(1, round(60 × 0.05)) = 3 at scale 0.05.
LETTER_FINDINGS = 3


@pytest.mark.real_worker
def test_a_small_benchmark_run_reports_every_number_the_readme_promises(tmp_path):
    require_service(
        "PostgreSQL", connection.vendor == "postgresql", "set DATABASE_URL to a PostgreSQL database"
    )
    require_service("Redis", redis_available(), "set REDIS_URL to a running Redis")
    output = tmp_path / "bench-results.json"
    # As `make bench` runs it: DEBUG off, plain HTTP on loopback.
    env = {
        **os.environ,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "test-only",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
    }
    command = [sys.executable, "manage.py", "bench", "--scale", SCALES[0], "--scale", SCALES[1], "--repeat", "2",
               "--clients", "4", "--seconds", "3", "--renders", "1", "--output", str(output)]  # fmt: skip
    run = subprocess.run(command, cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=900)
    assert run.returncode == 0, run.stderr[-3000:]
    assert "Notes under load (4 peers" in run.stdout

    results = json.loads(output.read_text())
    assert len(results["pages"]) == EXPECTED_PAGES
    for name, by_scale in results["pages"].items():
        small, larger = by_scale[SCALES[0]], by_scale[SCALES[1]]
        assert small["queries"] == larger["queries"], f"{name}: queries grow with the data"
        assert 0 < larger["median_ms"] <= larger["p95_ms"]
    notes = results["notes_load"]
    assert notes["acknowledged"] > 0
    assert (notes["errors"], notes["stored"]) == (0, notes["acknowledged"])
    # The floor and autosave, on the same gunicorn, and how close the note form comes to the floor.
    assert "Notes ÷ floor:" in run.stdout
    for phase in ("floor_load", "autosave_load"):
        assert results[phase]["acknowledged"] > 0
        assert (results[phase]["errors"], results[phase]["stored"]) == (0, results[phase]["acknowledged"])
    assert results["notes_vs_floor"] == round(notes["notes_per_s"] / results["floor_load"]["notes_per_s"], 2)
    # The demo letter and the letter of the data set's review in the letter stage.
    assert list(results["letter"]) == ["demo letter", f"{LETTER_FINDINGS}-finding letter"]
    assert results["letter"][f"{LETTER_FINDINGS}-finding letter"]["findings"] == LETTER_FINDINGS
    assert all(letter["median_s"] > 0 and letter["peak_rss_mb"] > 0 for letter in results["letter"].values())
    assert results["machine"]["postgresql"]
    # The week's solver on its 80-request week, and the re-plan (issue 19).
    solver = results["scheduler"]
    assert solver["size"]["requests"] == 80
    assert solver["first_feasible_s"] > 0
    assert solver["replan_sessions_moved"] >= 0
    # The offline app (issue 18): my day opened with no connection, 50 queued notes each stored once.
    assert results["offline"]["my_day_offline_median_ms"] > 0
    assert results["offline"]["stored_once"] is True

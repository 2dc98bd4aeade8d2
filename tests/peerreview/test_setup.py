"""Set-up a new user and CI rely on: production settings, demo data, the services."""

import os
import runpy
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command

from peerreview.models import Message
from reviews.models import Authority, Membership, Milestone, Review, Role, ScopeEvent
from teams.models import PeerProfile, TeamSlot
from tests.conftest import REQUIRE_SERVICES, redis_available

ROOT = Path(__file__).resolve().parents[2]


def production_env():
    """This process's environment without what only tests set."""
    test_only = {"DJANGO_ALLOW_ASYNC_UNSAFE", "DJANGO_SECRET_KEY"}
    return {key: value for key, value in os.environ.items() if key not in test_only}


def test_check_deploy_is_clean_with_production_settings():
    env = {
        **production_env(),
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "a-production-secret-key-with-plenty-of-length-and-variety-0123456789",
        "DJANGO_ALLOWED_HOSTS": "peer-reviews.example",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    env = production_env() | {"DJANGO_DEBUG": "0"}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode != 0
    assert "Set DJANGO_SECRET_KEY" in result.stderr


@pytest.mark.parametrize("hops", ["0", "-1", "two", "1.5"])
def test_settings_refuse_a_proxy_hop_count_that_is_not_a_whole_number_from_one(monkeypatch, hops):
    monkeypatch.setenv("DJANGO_BEHIND_PROXY", "1")
    monkeypatch.setenv("DJANGO_PROXY_HOPS", hops)
    with pytest.raises(ImproperlyConfigured, match="DJANGO_PROXY_HOPS"):
        runpy.run_path(str(ROOT / "peerreview" / "settings.py"))


def test_seed_demo_twice_gives_one_of_everything(db, capsys, settings):
    settings.SITE_URL = "http://127.0.0.1:8123"  # as `make run PORT=8123` sets it
    call_command("seed_demo")
    counts = [model.objects.count() for model in (Review, Authority, Membership, Milestone, ScopeEvent)]
    call_command("seed_demo")
    assert [
        model.objects.count() for model in (Review, Authority, Membership, Milestone, ScopeEvent)
    ] == counts
    output = capsys.readouterr().out
    assert "manager@example.org" in output
    assert "demo-password-2026" in output
    assert "Sign in at http://127.0.0.1:8123 with:" in output


def test_seed_demo_shows_a_living_programme(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo")
    assert set(Review.objects.values_list("stage", flat=True)) >= {
        "scoping",
        "team",
        "preparation",
        "letter",
        "follow_up",
    }
    main = Review.objects.get(authority__name="Harrowmere Metropolitan Borough Council")
    assert set(main.memberships.values_list("role", flat=True)) == set(Role)
    assert main.scope_status == Review.ScopeStatus.SENT
    assert main.milestones.count() == len(Milestone.Kind)
    assert Review.objects.filter(authority__inspection_windows__isnull=False).exists()
    assert PeerProfile.objects.count() >= 60
    assert TeamSlot.objects.filter(peer__isnull=True).exclude(tbc_note="").exists()
    assert TeamSlot.objects.filter(peer__user__email="peer@example.org").exists()
    assert main.documents.count() >= 3
    assert main.self_evaluation.status == "submitted"
    assert main.document_requests.overdue().count() == 2
    assert main.document_requests.filter(status="submitted").exists()
    assert main.questionnaire.responses.count() >= 20
    assert main.hypotheses.exists()
    assert main.family_feedback.answers.count() >= 5
    assert main.programme.is_published
    assert main.sessions.values("day").distinct().count() == 5
    assert main.sessions.filter(kind="catch_up").count() == 5
    assert main.notes.filter(is_draft=False).count() >= 10
    assert set(main.findings.filter(agreed_at__isnull=False).values_list("theme__number", flat=True)) == {
        1,
        2,
        3,
        4,
        5,
    }
    assert main.daily_summaries.exists()
    assert main.briefing_pack.sections.filter(title__icontains="team").exists()
    assert Message.objects.filter(recipient__email="manager@example.org").exists()
    follow_up = Review.objects.get(stage="follow_up")
    assert follow_up.letter.is_issued
    assert follow_up.letter.renders.get(final=True).status == "ready"
    assert len(set(follow_up.actions.values_list("status", flat=True))) >= 3
    assert follow_up.checkins.filter(submitted_at__isnull=False).count() == 1
    progress = follow_up.progress_reviews.get()
    assert progress.review.onsite_days == 2
    assert progress.judgements.exclude(verdict="").count() == 2
    # The main review's draft letter waits for the quality assurer, one warning acknowledged with a reason.
    assert main.letter.sign_offs.get().state == "pending"
    assert main.letter.acknowledgements.count() == 1
    assert Message.objects.filter(recipient__email="assurer@example.org").exists()


def test_required_services_are_in_use():
    """In CI (REQUIRE_SERVICES=1) the suite must run on PostgreSQL with Redis, never quietly on less."""
    if not REQUIRE_SERVICES:
        pytest.skip("REQUIRE_SERVICES is not set: the suite may run on SQLite without Redis")
    assert settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
    assert redis_available()

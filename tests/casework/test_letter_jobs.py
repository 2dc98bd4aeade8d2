"""Letter PDF jobs when things go wrong: the broker down, lost messages, killed workers, the sweeper."""

import time
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.urls import reverse
from django.utils import timezone

from casework.models import LetterRender
from casework.services import letter as letter_service
from casework.services import pdf as pdf_service
from peerreview import jobs
from peerreview.celery import app
from peerreview.tasks import requeue_stale_jobs
from reviews import services as review_services
from reviews.models import Review, Role
from teams.models import PeerImport
from tests.casework.factories import LetterRenderFactory
from tests.casework.helpers import agree, clear_letter, final_approval, pdf_text
from tests.conftest import broker_unreachable, redis_available, require_service, running_worker
from tests.factories import AuthorityFactory, UserFactory

PDF_SERVICE_DOWN = "The PDF service cannot be reached just now; your letter is saved and its PDF will be made when it is back."


def test_with_the_broker_down_the_letter_is_saved_queued_and_made_when_it_is_back(
    transactional_db, client, letter_world
):
    # Transactional, so that jobs are sent on commit as in production, before the view answers.
    w = letter_world
    Review.objects.filter(pk=w.review.pk).update(stage=Review.Stage.LETTER)
    letter = clear_letter(w)
    final_approval(letter, w.people[Role.QUALITY_ASSURER])
    page_url = reverse("casework:letter", args=[w.review.pk])
    with broker_unreachable():
        client.force_login(w.leader)
        response = client.post(reverse("casework:letter-render", args=[w.review.pk]), follow=True)
        assert response.status_code == 200
        page = response.content.decode()
        assert "Version 1 of the PDF is queued. The PDF service cannot be reached just now" in page
        assert PDF_SERVICE_DOWN in page  # the outage is on the letter page, and in what the page polls
        assert PDF_SERVICE_DOWN in client.get(page_url, headers={"HX-Request": "true"}).content.decode()
        draft = LetterRender.objects.get()
        assert (draft.status, draft.attempts) == (LetterRender.Status.QUEUED, 0)
        assert "retried automatically" in draft.queue_problem
        assert "Waiting for the PDF service" in page

        # Asked for again while the broker is still down: the same job, sent again, still waiting.
        client.post(reverse("casework:letter-render", args=[w.review.pk]))
        assert LetterRender.objects.count() == 1

        client.force_login(w.manager)
        response = client.post(reverse("casework:letter-issue", args=[w.review.pk]), follow=True)
        assert response.status_code == 200
        assert (
            "The letter is issued. The PDF service cannot be reached just now: the final PDF is queued"
            in response.content.decode()
        )
        letter.refresh_from_db()
        w.review.refresh_from_db()
        assert letter.is_issued
        assert w.review.stage == Review.Stage.FOLLOW_UP
        final = letter.renders.get(final=True)
        assert final.status == LetterRender.Status.QUEUED
        assert final.queue_problem

        # A correction issued while the broker is down: issued all the same, its PDF queued.
        client.post(reverse("casework:letter-correction", args=[w.review.pk]))
        letter.refresh_from_db()
        letter_service.update_section(letter.sections.first(), body="Corrected text.", by=w.manager)
        response = client.post(
            reverse("casework:letter-correction-issue", args=[w.review.pk]),
            {"reason": "The dates were wrong."},
            follow=True,
        )
        assert (
            "issued as a new version. The PDF service cannot be reached just now" in response.content.decode()
        )
        corrected = letter.renders.filter(final=True).order_by("-number").first()
        assert corrected.queue_problem

    # The broker is back: the next sweep sends them all, without waiting for them to go stale.
    assert PDF_SERVICE_DOWN not in client.get(page_url).content.decode()
    report = jobs.sweep()
    assert report["casework.LetterRender"] == {"requeued": 3, "failed": 0}
    for render in (draft, final, corrected):
        render.refresh_from_db()
        assert (render.status, render.attempts, render.queue_problem) == (LetterRender.Status.READY, 1, "")
    _, pages = pdf_text(final)
    assert not any("DRAFT" in text for text in pages)


def test_a_stale_job_is_never_reused_and_the_sweeper_gives_up_after_its_attempts(
    client, letter_world, settings, django_capture_on_commit_callbacks
):
    w = letter_world
    settings.JOB_STALE_MINUTES = 5
    settings.JOB_MAX_ATTEMPTS = 3
    letter = letter_service.create_letter(w.review, by=w.leader)
    long_ago = timezone.now() - timedelta(minutes=6)
    # A job whose message was lost: queued, handed to the broker once, no sign of life since.
    lost = LetterRenderFactory(
        letter=letter, number=1, content_hash=letter_service._content_hash(letter, False), attempts=1
    )
    LetterRender.objects.filter(pk=lost.pk).update(heartbeat_at=long_ago)
    client.force_login(w.leader)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("casework:letter-render", args=[w.review.pk]))
    lost.refresh_from_db()
    fresh = letter.renders.get(number=2)
    assert fresh.status == LetterRender.Status.READY
    assert lost.status == LetterRender.Status.FAILED
    assert lost.failure == "It was not made in time and was replaced by version 2"

    # A job left "rendering" by a worker killed whole, already sent three times: failed, plainly.
    letter_service.update_section(letter.sections.first(), body="Changed text.", by=w.leader)
    stuck = LetterRenderFactory(
        letter=letter,
        number=3,
        content_hash=letter_service._content_hash(letter, False),
        status=LetterRender.Status.RENDERING,
        worker_token="a-worker-that-died",
        attempts=3,
    )
    LetterRender.objects.filter(pk=stuck.pk).update(heartbeat_at=long_ago)
    with django_capture_on_commit_callbacks(execute=True):
        assert jobs.sweep()["casework.LetterRender"] == {"requeued": 0, "failed": 1}
    stuck.refresh_from_db()
    assert stuck.status == LetterRender.Status.FAILED
    page = client.get(reverse("casework:letter", args=[w.review.pk])).content.decode()
    assert "The job did not finish after 3 attempts. The earlier PDFs are unaffected" in page


def test_a_render_is_made_once_whatever_messages_arrive(letter_world, monkeypatch):
    w = letter_world
    letter = letter_service.create_letter(w.review, by=w.leader)
    render = LetterRenderFactory(
        letter=letter, number=1, content_hash=letter_service._content_hash(letter, False)
    )
    # A worker took it and was killed whole: another message does nothing while the job is fresh...
    jobs.claim(LetterRender.objects.all(), render.pk, "first-message")
    assert letter_service.render_letter_pdf(render.pk, token="a-duplicate") is None
    # ...and the same message, redelivered, carries on.
    assert (
        letter_service.render_letter_pdf(render.pk, token="first-message").status == LetterRender.Status.READY
    )
    made = LetterRender.objects.get(pk=render.pk)
    assert letter_service.render_letter_pdf(render.pk, token="first-message") is None
    assert letter_service.render_letter_pdf(render.pk, token="a-duplicate") is None
    assert LetterRender.objects.get(pk=render.pk).finished_at == made.finished_at

    # A worker still rendering when the job was given up (stale) drops its copy.
    letter_service.update_section(letter.sections.first(), body="Changed text.", by=w.leader)
    slow = LetterRenderFactory(
        letter=letter, number=2, content_hash=letter_service._content_hash(letter, False)
    )
    real_render = pdf_service.render_to_string

    def given_up_meanwhile(*args, **kwargs):
        jobs.give_up(LetterRender.objects.get(pk=slow.pk), "It was not made in time")
        return real_render(*args, **kwargs)

    monkeypatch.setattr(pdf_service, "render_to_string", given_up_meanwhile)
    assert letter_service.render_letter_pdf(slow.pk, token="slow-worker") is None
    slow.refresh_from_db()
    assert (slow.status, slow.file.name) == (LetterRender.Status.FAILED, "")
    assert [p.name for p in (Path(django_settings.MEDIA_ROOT) / "letters").iterdir()] == [
        made.file.name.split("/")[-1]
    ]


def test_the_sweeper_is_one_beat_job_over_every_kind_of_job():
    entry = django_settings.CELERY_BEAT_SCHEDULE["requeue-stale-jobs"]
    assert entry["task"] == "peerreview.tasks.requeue_stale_jobs"
    app.loader.import_default_modules()  # what a worker does at start: find every app's tasks
    assert entry["task"] in app.tasks
    assert {LetterRender, PeerImport} <= set(jobs.registered())


@pytest.mark.real_worker
def test_a_real_worker_makes_each_pdf_once_after_lost_messages(transactional_db, shipped_data, settings):
    """Publish failed, message lost in the broker, message only late, worker killed whole: each PDF once."""
    require_service("Redis", redis_available(), "set REDIS_URL to a running Redis")

    manager = UserFactory(is_review_manager=True)
    review = review_services.create_review(
        authority=AuthorityFactory(name="Kestrel Vale Council"),
        created_by=manager,
        onsite_start=date.today() + timedelta(weeks=2),
    )
    agree(review, manager, "recommendation", "Record the child's voice.", review.themes.get(number=1))
    letter = letter_service.create_letter(review, by=manager)
    section = letter.sections.first()

    def new_version(text):
        letter_service.update_section(section, body=text, by=manager)
        return letter_service.request_render(letter, by=manager)

    app.conf.task_always_eager = False  # no worker yet: what is sent waits in Redis
    try:
        app.control.purge()
        with broker_unreachable():
            publish_failed = new_version("Version one.")
        lost_in_broker = new_version("Version two.")
        app.control.purge()  # the message reached Redis and was lost there
        late = new_version("Version three.")  # its message is still waiting: the sweeper's makes two
    finally:
        app.conf.task_always_eager = True
    renders = [publish_failed, lost_in_broker, late]
    assert [r.attempts for r in LetterRender.objects.order_by("number")] == [0, 1, 1]
    LetterRender.objects.update(
        heartbeat_at=timezone.now() - timedelta(minutes=settings.JOB_STALE_MINUTES + 1)
    )
    app.conf.task_always_eager = False
    try:
        assert jobs.sweep()["casework.LetterRender"] == {"requeued": 3, "failed": 0}
    finally:
        app.conf.task_always_eager = True

    def wait_until_ready(render):
        deadline = time.monotonic() + 60
        render.refresh_from_db()
        while render.status != "ready" and time.monotonic() < deadline:
            time.sleep(0.2)
            render.refresh_from_db()
        assert render.status == "ready", render.failure

    with running_worker():
        for render in renders:
            wait_until_ready(render)
        made = {r.pk: (r.sha256, r.finished_at) for r in LetterRender.objects.all()}
        # One more message for the late one, waited for: the solo worker has taken every earlier one by then.
        app.tasks["casework.tasks.render_letter"].apply_async((late.pk,), ignore_result=False).get(timeout=60)
        assert {r.pk: (r.sha256, r.finished_at) for r in LetterRender.objects.all()} == made
        letters = sorted(p.name for p in (Path(django_settings.MEDIA_ROOT) / "letters").iterdir())
        assert letters == sorted(r.file.name.split("/")[-1] for r in LetterRender.objects.all())
        assert [r.attempts for r in LetterRender.objects.order_by("number")] == [1, 2, 2]

        # A worker killed whole leaves its job "rendering": the beat job, on the real worker, sends it again.
        killed = new_version("Version four.")
        wait_until_ready(killed)
        LetterRender.objects.filter(pk=killed.pk).update(
            status="rendering", worker_token="a-worker-killed-whole", file="", sha256="",
            heartbeat_at=timezone.now() - timedelta(minutes=settings.JOB_STALE_MINUTES + 1),
        )  # fmt: skip
        report = requeue_stale_jobs.apply_async(ignore_result=False).get(timeout=60)
        assert report["casework.LetterRender"] == {"requeued": 1, "failed": 0}
        wait_until_ready(killed)
        assert killed.file
        assert killed.attempts == 2

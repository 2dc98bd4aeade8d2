"""The feedback letter: drafted from the agreed findings, rendered by Celery, checked by the council, issued."""

import hashlib
import io
import time
import uuid
from datetime import date, timedelta
from datetime import time as clock
from pathlib import Path

import pypdf
import pytest
from django.conf import settings as django_settings
from django.urls import reverse
from django.utils import timezone

from casework import services
from casework.models import Finding, Letter, LetterRender, Session
from peerreview import jobs
from reviews import services as review_services
from reviews.models import AuditEvent, Review, Role
from reviews.services import ActionRefused
from tests.conftest import broker_unreachable, redis_available, require_service, running_worker
from tests.factories import AuthorityFactory, UserFactory


def agree(review, by, kind, text, theme=None, notes=()):
    finding = services.save_finding(
        review, Finding(review=review),
        fields={"kind": kind, "text": text, "theme": theme, "priority": "high" if kind == "recommendation" else ""},
        notes=list(notes), by=by,
    )  # fmt: skip
    return services.set_agreed(finding, agreed=True, by=by)


@pytest.fixture
def letter_world(world):
    w = world
    w.leader = w.people[Role.TEAM_LEADER]
    w.manager = w.people[Role.REVIEW_MANAGER]
    theme = w.review.themes.get(number=3)
    w.secret_name = "Jordan Secretname"
    session = services.save_session(
        w.review, Session(review=w.review),
        fields={"kind": "interview", "day": w.review.onsite_start, "starts": clock(10), "ends": clock(11)},
        peers=[w.people[Role.PEER]], themes=[theme], by=w.manager,
    )  # fmt: skip
    services.add_participant(
        session, by=w.manager, role="Designated Nurse", agency="health", name=w.secret_name
    )
    # A draft note may carry a name; the letter must never reach it.
    services.save_note(w.review, author=w.people[Role.PEER], client_id=uuid.uuid4(), draft=True,
                       text=f"{w.secret_name} said referrals are slow.")  # fmt: skip
    agree(w.review, w.leader, "strength", "Strategy discussions are timely.", theme)
    agree(w.review, w.leader, "recommendation", "Involve schools in every strategy discussion.", theme)
    agree(
        w.review,
        w.leader,
        "recommendation",
        "Record the child's voice in every plan.",
        w.review.themes.get(number=1),
    )
    return w


def pdf_text(render):
    reader = pypdf.PdfReader(io.BytesIO(render.file.open("rb").read()))
    return reader, [page.extract_text() for page in reader.pages]


def test_no_letter_without_agreed_findings(client, world):
    client.force_login(world.people[Role.TEAM_LEADER])
    response = client.post(reverse("casework:letter-create", args=[world.review.pk]), follow=True)
    assert "Agree at least one finding before drafting the letter." in response.content.decode()
    assert not Letter.objects.exists()


def test_the_draft_starts_from_the_findings_and_every_section_is_editable(client, letter_world):
    w = letter_world
    client.force_login(w.leader)
    client.post(reverse("casework:letter-create", args=[w.review.pk]))
    letter = Letter.objects.get()
    titles = list(letter.sections.values_list("title", flat=True))
    assert titles[:2] == ["Introduction", "Scope and method"]
    assert "Working together" in titles
    body = letter.sections.get(title="Working together").body
    assert "Strengths\n\n- Strategy discussions are timely." in body
    assert "* Involve schools in every strategy discussion." in body

    section = letter.sections.get(title="Introduction")
    empty = client.post(reverse("casework:section-edit", args=[w.review.pk, section.pk]), {"body": "   "})
    assert "A section cannot be empty" in empty.content.decode()
    client.post(
        reverse("casework:section-edit", args=[w.review.pk, section.pk]),
        {"body": "<script>alert(1)</script> Hello."},
    )
    page = client.get(reverse("casework:letter", args=[w.review.pk])).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Hello." in page
    assert "<script>alert(1)</script>" not in page


def test_changed_findings_are_flagged_and_refreshed_one_section_at_a_time(client, letter_world):
    w = letter_world
    letter = services.create_letter(w.review, by=w.leader)
    intro = letter.sections.get(key="introduction")
    services.update_section(intro, body="Our own introduction.", by=w.leader)
    agree(w.review, w.leader, "consideration", "Caseloads are high.", w.review.themes.get(number=3))
    assert services.stale_sections(letter) == {"theme-3"}
    services.refresh_section(letter.sections.get(key="theme-3"), by=w.leader)
    assert "Caseloads are high." in letter.sections.get(key="theme-3").body
    assert letter.sections.get(key="introduction").body == "Our own introduction."
    assert services.stale_sections(letter) == set()


def test_make_pdf_twice_is_one_job_and_the_pdf_carries_the_draft_mark(
    client, letter_world, django_capture_on_commit_callbacks
):
    w = letter_world
    services.create_letter(w.review, by=w.leader)
    client.force_login(w.leader)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("casework:letter-render", args=[w.review.pk]))
        client.post(reverse("casework:letter-render", args=[w.review.pk]))
    render = LetterRender.objects.get()
    assert render.status == LetterRender.Status.READY
    reader, pages = pdf_text(render)
    assert render.pages == len(pages)
    assert all("DRAFT" in text for text in pages)
    whole = " ".join(pages)
    assert "Involve schools in every strategy discussion." in whole
    assert w.secret_name not in whole
    response = client.get(render.get_download_url())
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline")
    assert AuditEvent.objects.filter(action="letter_opened", user=w.leader, review=w.review).exists()


def test_a_failed_render_says_why_and_keeps_the_earlier_pdf(
    letter_world, monkeypatch, django_capture_on_commit_callbacks
):
    w = letter_world
    letter = services.create_letter(w.review, by=w.leader)
    with django_capture_on_commit_callbacks(execute=True):
        good = services.request_render(letter, by=w.leader)
    services.update_section(letter.sections.first(), body="Changed text.", by=w.leader)
    import casework.services.letter as letter_module

    monkeypatch.setattr(
        letter_module, "render_to_string", lambda *a, **k: (_ for _ in ()).throw(ValueError("template broke"))
    )
    with django_capture_on_commit_callbacks(execute=True):
        bad = services.request_render(letter, by=w.leader)
    bad.refresh_from_db()
    good.refresh_from_db()
    assert bad.status == LetterRender.Status.FAILED
    assert "template broke" in bad.failure
    assert good.status == LetterRender.Status.READY
    assert good.file


def test_the_council_checks_a_draft_and_the_manager_issues_the_letter(
    client, letter_world, django_capture_on_commit_callbacks
):
    w = letter_world
    Review.objects.filter(pk=w.review.pk).update(stage=Review.Stage.LETTER)
    letter = services.create_letter(w.review, by=w.leader)
    with django_capture_on_commit_callbacks(execute=True):
        draft = services.request_render(letter, by=w.leader)
    sponsor = w.people[Role.COUNCIL_SPONSOR]
    client.force_login(sponsor)
    assert (
        client.get(reverse("casework:letter-pdf", args=[w.review.pk, draft.pk])).status_code == 404
    )  # not sent yet

    draft.refresh_from_db()
    services.send_for_check(draft, by=w.leader)
    comment_url = reverse("casework:letter-comment", args=[w.review.pk, draft.pk])
    refused = client.post(comment_url, {"text": ""})
    assert "Write your comment, or tick that there are no factual errors" in refused.content.decode()
    client.post(
        comment_url,
        {"section": letter.sections.get(key="introduction").pk, "text": "The dates are a week out."},
    )
    comment = draft.comments.get()
    client.force_login(w.leader)
    client.post(reverse("casework:letter-respond", args=[w.review.pk, comment.pk]), {"text": "Corrected."})
    comment.refresh_from_db()
    assert comment.response == "Corrected."

    client.force_login(w.manager)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("casework:letter-issue", args=[w.review.pk]))
    letter.refresh_from_db()
    w.review.refresh_from_db()
    assert letter.is_issued
    assert w.review.stage == Review.Stage.FOLLOW_UP
    final = letter.renders.get(final=True)
    _, pages = pdf_text(final)
    assert not any("DRAFT" in text for text in pages)
    again = client.post(reverse("casework:letter-issue", args=[w.review.pk]), follow=True)
    assert "cannot be issued twice" in again.content.decode()
    with pytest.raises(ActionRefused, match="issued"):
        services.update_section(letter.sections.first(), body="Late edit", by=w.leader)

    client.force_login(sponsor)
    assert client.get(final.get_download_url()).status_code == 200

    # A correction: unlocked by the manager, edited, issued again as a new version with a reason.
    client.force_login(w.manager)
    client.post(reverse("casework:letter-correction", args=[w.review.pk]))
    letter.refresh_from_db()
    section = letter.sections.get(key="introduction")
    services.update_section(section, body="The on-site dates were 1 to 5 March.", by=w.leader)
    url = reverse("casework:letter-correction-issue", args=[w.review.pk])
    assert "Say what the correction changes and why" in client.post(url, {"reason": " "}).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"reason": "The dates in the introduction were wrong."})
    letter.refresh_from_db()
    assert letter.is_issued
    corrected = letter.renders.filter(final=True).order_by("-number").first()
    assert corrected.number > final.number
    _, pages = pdf_text(corrected)
    assert "The dates in the introduction were wrong." in " ".join(pages).replace("\n", " ")
    assert final.file  # the earlier issued version is kept


@pytest.mark.real_worker
def test_a_real_worker_renders_an_accessible_letter(real_celery_worker, shipped_data):
    manager = UserFactory(is_review_manager=True)
    review = review_services.create_review(
        authority=AuthorityFactory(name="Kestrel Vale Council"),
        created_by=manager,
        onsite_start=date.today() + timedelta(weeks=2),
    )
    texts = [f"Recommendation number {i} about early help." for i in range(1, 4)]
    for text in texts:
        agree(review, manager, "recommendation", text, review.themes.get(number=1))
    letter = services.create_letter(review, by=manager)
    render = services.request_render(letter, by=manager)
    deadline = time.monotonic() + 60
    while render.status not in ("ready", "failed") and time.monotonic() < deadline:
        time.sleep(0.2)
        render.refresh_from_db()
    assert render.status == "ready", render.failure
    reader, pages = pdf_text(render)
    assert len(pages) == render.pages >= 1
    whole = " ".join(pages)
    assert all(text in whole.replace("\n", " ") for text in texts)
    assert all("DRAFT" in page for page in pages)
    assert hashlib.sha256(render.file.open("rb").read()).hexdigest() == render.sha256
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root  # tagged for screen readers (PDF/UA)
    assert root["/Lang"] == "en-GB"
    assert "Kestrel Vale Council" in reader.metadata.title


# Jobs lost or stuck: a broker that cannot be reached, a message lost, a worker killed whole.

PDF_SERVICE_DOWN = "The PDF service cannot be reached just now; your letter is saved and its PDF will be made when it is back."


def test_with_the_broker_down_the_letter_is_saved_queued_and_made_when_it_is_back(
    transactional_db, client, letter_world
):
    # Transactional, so that jobs are sent on commit as in production, before the view answers.
    w = letter_world
    Review.objects.filter(pk=w.review.pk).update(stage=Review.Stage.LETTER)
    letter = services.create_letter(w.review, by=w.leader)
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
        services.update_section(letter.sections.first(), body="Corrected text.", by=w.manager)
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
    letter = services.create_letter(w.review, by=w.leader)
    long_ago = timezone.now() - timedelta(minutes=6)
    # A job whose message was lost: queued, handed to the broker once, no sign of life since.
    lost = LetterRender.objects.create(
        letter=letter, number=1, content_hash=services.letter._content_hash(letter, False), attempts=1
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
    services.update_section(letter.sections.first(), body="Changed text.", by=w.leader)
    stuck = LetterRender.objects.create(
        letter=letter,
        number=3,
        content_hash=services.letter._content_hash(letter, False),
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
    letter = services.create_letter(w.review, by=w.leader)
    render = LetterRender.objects.create(
        letter=letter, number=1, content_hash=services.letter._content_hash(letter, False)
    )
    # A worker took it and was killed whole: another message does nothing while the job is fresh...
    jobs.claim(LetterRender.objects.all(), render.pk, "first-message")
    assert services.render_pdf(render.pk, token="a-duplicate") is None
    # ...and the same message, redelivered, carries on.
    assert services.render_pdf(render.pk, token="first-message").status == LetterRender.Status.READY
    made = LetterRender.objects.get(pk=render.pk)
    assert services.render_pdf(render.pk, token="first-message") is None
    assert services.render_pdf(render.pk, token="a-duplicate") is None
    assert LetterRender.objects.get(pk=render.pk).finished_at == made.finished_at

    # A worker still rendering when the job was given up (stale) drops its copy.
    services.update_section(letter.sections.first(), body="Changed text.", by=w.leader)
    slow = LetterRender.objects.create(
        letter=letter, number=2, content_hash=services.letter._content_hash(letter, False)
    )
    import casework.services.letter as letter_module

    real_render = letter_module.render_to_string

    def given_up_meanwhile(*args, **kwargs):
        jobs.give_up(LetterRender.objects.get(pk=slow.pk), "It was not made in time")
        return real_render(*args, **kwargs)

    monkeypatch.setattr(letter_module, "render_to_string", given_up_meanwhile)
    assert services.render_pdf(slow.pk, token="slow-worker") is None
    slow.refresh_from_db()
    assert (slow.status, slow.file.name) == (LetterRender.Status.FAILED, "")
    assert [p.name for p in (Path(django_settings.MEDIA_ROOT) / "letters").iterdir()] == [
        made.file.name.split("/")[-1]
    ]


def test_the_sweeper_is_one_beat_job_over_every_kind_of_job():
    from casework.models import LetterRender as Letters
    from peerreview.celery import app
    from teams.models import PeerImport

    entry = django_settings.CELERY_BEAT_SCHEDULE["requeue-stale-jobs"]
    assert entry["task"] == "peerreview.tasks.requeue_stale_jobs"
    app.loader.import_default_modules()  # what a worker does at start: find every app's tasks
    assert entry["task"] in app.tasks
    assert {Letters, PeerImport} <= set(jobs.registered())


@pytest.mark.real_worker
def test_a_real_worker_makes_each_pdf_once_after_lost_messages(transactional_db, shipped_data, settings):
    """Publish failed, message lost in the broker, message only late, worker killed whole: each PDF once."""
    require_service("Redis", redis_available(), "set REDIS_URL to a running Redis")
    from peerreview.celery import app
    from peerreview.tasks import requeue_stale_jobs

    manager = UserFactory(is_review_manager=True)
    review = review_services.create_review(
        authority=AuthorityFactory(name="Kestrel Vale Council"),
        created_by=manager,
        onsite_start=date.today() + timedelta(weeks=2),
    )
    agree(review, manager, "recommendation", "Record the child's voice.", review.themes.get(number=1))
    letter = services.create_letter(review, by=manager)
    section = letter.sections.first()

    def new_version(text):
        services.update_section(section, body=text, by=manager)
        return services.request_render(letter, by=manager)

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

"""The feedback letter: drafted from the agreed findings, rendered by Celery, checked by the council, issued."""

import hashlib
import time
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from casework import queries
from casework.models import Letter, LetterRender
from casework.services import letter as letter_service
from casework.services import pdf as pdf_service
from casework.services import signoff
from reviews import services as review_services
from reviews.models import AuditEvent, Review, Role
from reviews.services import ActionRefused
from tests.casework.helpers import agree, clear_letter, pdf_text
from tests.factories import AuthorityFactory, UserFactory


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


def test_the_draft_names_the_focus_areas_as_the_council_wrote_them(letter_world):
    w = letter_world
    w.review.focus_areas = [
        "The Local Safeguarding Children Board (LSCB)",
        "Partnership with Greater Manchester Police",
    ]
    w.review.save(update_fields=["focus_areas"])
    scope = letter_service.create_letter(w.review, by=w.leader).sections.get(key="scope").body
    assert (
        "- The Local Safeguarding Children Board (LSCB)\n- Partnership with Greater Manchester Police"
        in scope
    )


def test_changed_findings_are_flagged_and_refreshed_one_section_at_a_time(client, letter_world):
    w = letter_world
    letter = letter_service.create_letter(w.review, by=w.leader)
    intro = letter.sections.get(key="introduction")
    letter_service.update_section(intro, body="Our own introduction.", by=w.leader)
    agree(w.review, w.leader, "consideration", "Caseloads are high.", w.review.themes.get(number=3))
    assert queries.stale_sections(letter) == {"theme-3"}
    letter_service.refresh_section(letter.sections.get(key="theme-3"), by=w.leader)
    assert "Caseloads are high." in letter.sections.get(key="theme-3").body
    assert letter.sections.get(key="introduction").body == "Our own introduction."
    assert queries.stale_sections(letter) == set()


def test_make_pdf_twice_is_one_job_and_the_pdf_carries_the_draft_mark(
    client, letter_world, django_capture_on_commit_callbacks
):
    w = letter_world
    letter_service.create_letter(w.review, by=w.leader)
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
    letter = letter_service.create_letter(w.review, by=w.leader)
    with django_capture_on_commit_callbacks(execute=True):
        good = letter_service.request_render(letter, by=w.leader)
    letter_service.update_section(letter.sections.first(), body="Changed text.", by=w.leader)
    monkeypatch.setattr(
        pdf_service,
        "render_to_string",
        lambda *a, **k: (_ for _ in ()).throw(ValueError("template broke")),
    )
    with django_capture_on_commit_callbacks(execute=True):
        bad = letter_service.request_render(letter, by=w.leader)
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
    letter = clear_letter(w)
    with django_capture_on_commit_callbacks(execute=True):
        draft = letter_service.request_render(letter, by=w.leader)
    assurer = w.people[Role.QUALITY_ASSURER]
    draft.refresh_from_db()
    signoff.approve(signoff.submit_for_sign_off(letter, by=w.leader, render=draft), by=assurer)
    sponsor = w.people[Role.COUNCIL_SPONSOR]
    client.force_login(sponsor)
    assert (
        client.get(reverse("casework:letter-pdf", args=[w.review.pk, draft.pk])).status_code == 404
    )  # not sent yet

    client.force_login(w.leader)
    client.post(reverse("casework:letter-send", args=[w.review.pk, draft.pk]))
    draft.refresh_from_db()
    assert draft.sent_for_check_by == w.leader  # who sent the draft to the council is on record
    page = client.get(reverse("casework:letter", args=[w.review.pk])).content.decode()
    assert f"Sent to the council {timezone.localdate():%-d %b %Y} by {escape(w.leader.full_name)}" in page
    client.force_login(sponsor)
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
    signoff.approve(signoff.submit_for_sign_off(letter, by=w.leader, final=True), by=assurer)

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
        letter_service.update_section(letter.sections.first(), body="Late edit", by=w.leader)

    client.force_login(sponsor)
    assert client.get(final.get_download_url()).status_code == 200

    # A correction: unlocked by the manager, edited, issued again as a new version with a reason.
    client.force_login(w.manager)
    client.post(reverse("casework:letter-correction", args=[w.review.pk]))
    letter.refresh_from_db()
    section = letter.sections.get(key="introduction")
    letter_service.update_section(section, body="The on-site dates were 1 to 5 March.", by=w.leader)
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
    letter = letter_service.create_letter(review, by=manager)
    render = letter_service.request_render(letter, by=manager)
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

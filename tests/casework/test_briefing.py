"""The briefing pack for the council's staff and partners: drafted from the review, edited, made a PDF, shared."""

import time
import uuid

import pytest
from django.urls import reverse

from casework.models import BriefingPack, BriefingRender, Venue
from casework.services import briefing as briefing_service
from casework.services import notes as notes_service
from peerreview import jobs
from reviews.models import Role
from teams import services as team_services
from teams.models import PeerRole, TeamSlot
from tests.casework.helpers import pdf_text
from tests.conftest import build_world_with_outsider
from tests.factories import PeerProfileFactory

PRIVATE = ["Private pool note about Ada", "Waiting on her director's answer", "Jordan Secretname"]


def _furnish(w):
    """A review with a team (one place still open), a venue, and private notes that must stay out."""
    w.manager = w.people[Role.REVIEW_MANAGER]
    w.organiser = w.people[Role.COUNCIL_ORGANISER]
    w.review.feedback_workshop = w.review.onsite_end
    w.review.save(update_fields=["feedback_workshop"])
    team_services.ensure_standard_slots(w.review)
    leader = PeerProfileFactory(
        full_name="Ada Leader",
        job_title="Director of Children's Services",
        organisation="Kestrel Vale Council",
        notes=PRIVATE[0],
    )
    TeamSlot.objects.filter(review=w.review, role=PeerRole.TEAM_LEADER).update(peer=leader)
    health = PeerProfileFactory(
        full_name="Sam Health", job_title="Designated Nurse", organisation="Wyre NHS Trust"
    )
    TeamSlot.objects.filter(review=w.review, role=PeerRole.HEALTH_PEER).update(peer=health)
    TeamSlot.objects.filter(review=w.review, role=PeerRole.OFFICER_PEER).update(tbc_note=PRIVATE[1])
    Venue.objects.create(review=w.review, name="Civic Centre", address="1 Town Square\nKestrel Vale")
    notes_service.save_note(w.review, author=w.people[Role.PEER], client_id=uuid.uuid4(), draft=False,
                            text=f"{PRIVATE[2]} said referrals are slow.")  # fmt: skip
    return w


@pytest.fixture
def briefing_world(world):
    return _furnish(world)


def test_the_pack_is_prefilled_from_the_review(briefing_world):
    w = briefing_world
    pack = briefing_service.create_pack(w.review, by=w.organiser)
    body = {s.key: s.body for s in pack.sections.all()}
    assert list(body) == ["purpose", "dates", "team", "themes", "interview", "confidentiality", "contacts"]
    assert "To see how well children are kept safe." in body["purpose"]
    assert "not an inspection" in body["purpose"]
    start, end = w.review.onsite_start, w.review.onsite_end
    assert f"{start:%A %-d %B}" in body["dates"]
    assert f"{end:%A %-d %B %Y}" in body["dates"]
    assert "workshop" in body["dates"]
    assert "- Civic Centre, 1 Town Square Kestrel Vale" in body["dates"]
    assert "- Team leader: Ada Leader (Director of Children's Services, Kestrel Vale Council)" in body["team"]
    assert "- Health peer: Sam Health (Designated Nurse, Wyre NHS Trust)" in body["team"]
    assert "- Officer peer: to be confirmed" in body["team"]
    for theme in w.review.themes.all():
        assert f"- {theme.title}" in body["themes"]
    assert "- Early help" in body["themes"]  # the council's focus area
    assert "non-attributable" in body["confidentiality"]
    assert w.organiser.email in body["contacts"]
    assert w.manager.email in body["contacts"]
    everything = "\n".join(body.values())
    assert not any(secret in everything for secret in PRIVATE)
    # Asked for twice, the first draft (and any edits to it) is kept.
    assert briefing_service.create_pack(w.review, by=w.manager) == pack
    assert pack.sections.count() == 7


def test_the_council_edits_a_section_and_is_told_what_is_wrong_next_to_it(client, briefing_world):
    w = briefing_world
    client.force_login(w.organiser)
    client.post(reverse("casework:briefing-create", args=[w.review.pk]))
    section = BriefingPack.objects.get().sections.get(key="contacts")
    url = reverse("casework:briefing-section-edit", args=[w.review.pk, section.pk])
    empty = client.post(url, {"body": "   "}).content.decode()
    assert "A section cannot be empty" in empty
    assert 'id="id_body-error"' in empty or "govuk-error-message" in empty
    client.post(url, {"body": "Council contact: Bridget Keane, bridget@example.org"})
    section.refresh_from_db()
    assert section.body == "Council contact: Bridget Keane, bridget@example.org"
    assert section.edited
    assert section.updated_by == w.organiser
    page = client.get(reverse("casework:briefing", args=[w.review.pk])).content.decode()
    assert "Bridget Keane" in page
    # Rewriting a section from the review replaces the edit.
    client.post(reverse("casework:briefing-section-refresh", args=[w.review.pk, section.pk]))
    section.refresh_from_db()
    assert not section.edited
    assert w.organiser.email in section.body


def _check_pdf(render, w):
    assert render.status == BriefingRender.Status.READY, render.failure
    reader, pages = pdf_text(render)
    text = " ".join(" ".join(pages).split())
    for expected in [
        w.review.authority.name,
        "briefing for staff and partners",
        "To see how well children are kept safe.",
        "Ada Leader (Director of Children's Services, Kestrel Vale Council)",
        "Sam Health",
        "What an interview is like",
        "Nothing you say is attributed to you",
        "Civic Centre",
        f"{w.review.onsite_start:%-d %B}",
        *[theme.title for theme in w.review.themes.all()],
    ]:
        assert expected in text, expected
    assert not any(secret in text for secret in PRIVATE)
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root
    assert root["/Lang"] == "en-GB"
    assert len(pages) == render.pages


def test_the_pdf_carries_the_pack_and_no_private_note(briefing_world, django_capture_on_commit_callbacks):
    w = briefing_world
    pack = briefing_service.create_pack(w.review, by=w.manager)
    with django_capture_on_commit_callbacks(execute=True):
        render = briefing_service.request_render(pack, by=w.manager)
    render.refresh_from_db()
    _check_pdf(render, w)
    # The same text asked for again gives the same PDF.
    assert briefing_service.request_render(pack, by=w.manager) == render


def test_drafts_are_for_editors_and_a_shared_version_for_everyone_on_the_review(
    client, briefing_world, django_capture_on_commit_callbacks
):
    w = briefing_world
    pack = briefing_service.create_pack(w.review, by=w.manager)
    with django_capture_on_commit_callbacks(execute=True):
        render = briefing_service.request_render(pack, by=w.manager)
    download = reverse("casework:briefing-pdf", args=[w.review.pk, render.pk])
    page = reverse("casework:briefing", args=[w.review.pk])

    client.force_login(w.people[Role.PEER])
    assert client.get(download).status_code == 404
    assert "has not been shared yet" in client.get(page).content.decode()

    client.force_login(w.people[Role.COUNCIL_SPONSOR])
    response = client.get(download)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    client.post(reverse("casework:briefing-share", args=[w.review.pk, render.pk]))
    render.refresh_from_db()
    assert render.is_shared
    assert render.shared_by == w.people[Role.COUNCIL_SPONSOR]

    client.force_login(w.people[Role.PEER])
    assert client.get(download).status_code == 200
    assert "Shared" in client.get(page).content.decode()
    assert client.post(reverse("casework:briefing-share", args=[w.review.pk, render.pk])).status_code == 403


def test_the_page_polls_while_the_pdf_is_being_made(client, briefing_world):
    w = briefing_world
    pack = briefing_service.create_pack(w.review, by=w.manager)
    BriefingRender.objects.create(pack=pack, number=1, content_hash="x", requested_by=w.manager)
    client.force_login(w.manager)
    page = client.get(reverse("casework:briefing", args=[w.review.pk])).content.decode()
    assert 'hx-trigger="every 2s"' in page
    assert "This page updates itself." in page
    fragment = client.get(reverse("casework:briefing", args=[w.review.pk]), headers={"HX-Request": "true"})
    assert 'id="briefing-renders"' in fragment.content.decode()
    assert BriefingRender in jobs.registered()


@pytest.mark.real_worker
def test_a_real_worker_makes_the_briefing_pdf(real_celery_worker, shipped_data):
    w = _furnish(build_world_with_outsider())
    pack = briefing_service.create_pack(w.review, by=w.manager)
    render = briefing_service.request_render(pack, by=w.manager)
    deadline = time.monotonic() + 60
    while render.status not in ("ready", "failed") and time.monotonic() < deadline:
        time.sleep(0.2)
        render.refresh_from_db()
    _check_pdf(render, w)

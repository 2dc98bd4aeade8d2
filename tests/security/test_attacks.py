"""Attacks a council's security team would try, each named for what it tries."""

import uuid

import pytest
from django.test import Client
from django.urls import reverse

from casework.models import Finding
from casework.services import notes as notes_service
from reviews import services as review_services
from reviews.models import Role
from tests.conftest import build_world
from tests.factories import PeerProfileFactory

from .matrix import MATRIX
from .world import furnish


class Mixed:
    """Our review, with every other object taken from someone else's review."""

    def __init__(self, ours, theirs):
        self._ours, self._theirs = ours, theirs

    def __getattr__(self, name):
        return self._ours.review if name == "review" else getattr(self._theirs, name)


@pytest.fixture
def furnished(world, settings):
    settings.REDIS_URL = ""
    settings.CELERY_TASK_ALWAYS_EAGER = True
    return furnish(world)


@pytest.fixture
def two_worlds(furnished):
    return furnished, furnish(build_world(tag="-other"), tag="-other")


# Rows naming an object that is not one review's, so there is no review to swap it under;
# who may open them is in the access matrix.
NOT_UNDER_A_REVIEW = {
    "casework:calendar-feed": "the secret address is the credential",
    "reviews:invitation-accept": "the invitation's token is the credential",
    "reviews:questionnaire-answer": "the questionnaire's token is the credential",
    "casework:family-answer": "the young people's form's token is the credential",
    "casework:family-answer-easy-read": "the young people's form's token is the credential",
    "teams:invitation-respond": "the team invitation's token is the credential",
    "reviews:inspection-delete": "a council's inspection window: a programme page for any review manager",
    "teams:peer-detail": "the peer pool: a programme page",
    "teams:peer-edit": "the peer pool: a programme page",
    "teams:conflict-create": "the peer pool: a programme page",
    "teams:unavailability-create": "the peer pool: a programme page",
    "teams:unavailability-delete": "a peer's own dates: the owner or a review manager (in the matrix)",
    "teams:import-detail": "a pool import: a programme page",
    "teams:employment-create": "the peer pool: a programme page",
    "teams:conflict-check": "the peer pool: a programme page",
    "teams:employment-delete": "the peer pool: a programme page",
    "teams:plan-detail": "a season plan spans reviews: a programme page",
    "teams:plan-accept": "a season plan spans reviews: a programme page",
    "teams:plan-replan": "a season plan spans reviews: a programme page",
    "teams:import-confirm": "a pool import: a programme page",
}
SWEPT_ROLES = [Role.REVIEW_MANAGER, Role.PEER, Role.COUNCIL_SPONSOR]


def idor_rows(ours, theirs):
    """Every row naming an object under our review, with the object's id taken from their review.

    A row that cannot be built fails here; a row whose address names no object but the
    review is left out (there is nothing to swap); any other row must be swept or listed above.
    """
    mixed = Mixed(ours, theirs)
    assert set(NOT_UNDER_A_REVIEW) <= set(MATRIX), "exclusions for rows that no longer exist"
    for name, row in sorted(MATRIX.items()):
        mine, swapped = row.url(ours), row.url(mixed)
        if name in NOT_UNDER_A_REVIEW:
            assert mine != swapped, f"{name} names no object: take it off NOT_UNDER_A_REVIEW"
        elif mine != swapped:
            assert f"/reviews/{ours.review.pk}/" in swapped, (
                f"{name}: sweep it or list it in NOT_UNDER_A_REVIEW"
            )
            yield name, row, swapped


def sweep(client, ours, theirs, refused):
    """(role, row, answer) for every object URL, as the roles that may (or, if refused, may not) use it."""
    for role in SWEPT_ROLES:
        client.force_login(ours.people[role.value])
        for name, row, url in idor_rows(ours, theirs):
            if (row.expected_for(role.value) == 403) == refused:
                yield f"{role.label} {row.method.upper()} {url} ({name})", getattr(client, row.method)(url)


def test_idor_sweep_every_object_url_with_another_reviews_id_is_not_found(client, two_worlds):
    """As anyone who may use the page (or is told 404 for it anyway): another review's object is not there."""
    answers = dict(sweep(client, *two_worlds, refused=False))
    assert {
        case: response.status_code for case, response in answers.items() if response.status_code != 404
    } == {}
    assert len({case.rsplit(" ", 1)[1] for case in answers}) >= 35  # the sweep really covered the object URLs


def test_idor_sweep_a_role_refused_a_page_is_refused_it_with_any_reviews_id(client, two_worlds):
    """As a role the matrix refuses the page (403): still 403, checked before any object is looked up."""
    answers = dict(sweep(client, *two_worlds, refused=True))
    assert {
        case: response.status_code for case, response in answers.items() if response.status_code != 403
    } == {}
    assert len(answers) >= 30


def test_csrf_every_url_refuses_a_post_without_the_token(furnished):
    client = Client(enforce_csrf_checks=True)
    client.force_login(furnished.people[Role.REVIEW_MANAGER.value])
    for name, row in MATRIX.items():
        url = row.url(furnished)
        assert client.post(url, {"anything": "1"}).status_code == 403, name


XSS = '<script>alert("xss")</script><img src=x onerror=alert(1)>'


def test_stored_xss_in_free_text_is_shown_as_text_everywhere(client, world):
    manager = world.people[Role.REVIEW_MANAGER]
    review_services.update_review(world.review, by=manager, purpose=XSS)
    review_services.add_local_line(world.review, theme=world.review.themes.first(), text=XSS, by=manager)
    note = notes_service.save_note(
        world.review, author=world.people[Role.PEER], client_id=uuid.uuid4(), text=XSS, draft=False
    )
    finding = notes_service.save_finding(
        world.review,
        Finding(review=world.review),
        fields={"kind": "strength", "text": XSS},
        notes=[note],
        by=manager,
    )
    notes_service.set_agreed(finding, agreed=True, by=manager)
    PeerProfileFactory(full_name=XSS, job_title=XSS)
    client.force_login(manager)
    pages = [
        f"/reviews/{world.review.pk}/scope/",
        f"/reviews/{world.review.pk}/evidence-board/",
        f"/reviews/{world.review.pk}/findings/",
        f"/reviews/{world.review.pk}/feedback/?handout=1",
        reverse("teams:peer-list"),
    ]
    for url in pages:
        html = client.get(url).content.decode()
        assert "&lt;script&gt;" in html, url
        assert XSS not in html, url


@pytest.mark.parametrize("payload", ["' OR 1=1 --", '"; DROP TABLE reviews_review; --', "%_\\", "\x00"])
def test_sql_metacharacters_in_every_search_and_filter_are_just_text(client, world, payload):
    client.force_login(world.people[Role.REVIEW_MANAGER])
    searches = [
        (reverse("teams:peer-list"), {"q": payload, "region": payload, "role": payload}),
        (reverse("reviews:list"), {"stage": payload, "year": payload, "council": payload}),
        (f"/reviews/{world.review.pk}/evidence-board/", {"q": payload, "agency": payload, "theme": payload}),
        (f"/reviews/{world.review.pk}/library/", {"category": payload, "theme": payload}),
        (f"/reviews/{world.review.pk}/audit/", {"action": payload}),
    ]
    for url, params in searches:
        response = client.get(url, params)
        assert response.status_code == 200, url
    assert world.review.__class__.objects.filter(pk=world.review.pk).exists()


def _zip_bomb():
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"0" * (60 * 1024 * 1024))
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("attack", "name", "content"),
    [
        ("disguised executable", "minutes.pdf", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" * 20),
        ("html page", "report.html", b"<html><body><script>steal()</script></body></html>"),
        (
            "svg with script",
            "chart.svg",
            b'<svg xmlns="http://www.w3.org/2000/svg"><script>steal()</script></svg>',
        ),
        ("zip bomb", "data.docx", None),
        ("empty file", "empty.pdf", b""),
        ("over-size file", "huge.pdf", None),
    ],
)
def test_upload_attacks_are_refused_and_nothing_is_stored(
    client, world, settings, storage, attack, name, content
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from reviews.models import Document

    if attack == "zip bomb":
        content = _zip_bomb()
    if attack == "over-size file":
        settings.UPLOAD_MAX_BYTES = 1024
        content = b"%PDF-1.4 " + b"0" * 2048
    client.force_login(world.people[Role.COUNCIL_ORGANISER])
    response = client.post(
        reverse("reviews:document-upload", args=[world.review.pk]),
        {"files": [SimpleUploadedFile(name, content)], "category": "other"},
    )
    assert response.status_code == 200, attack
    assert response.context["form"].errors["files"], attack
    assert not Document.objects.exists()
    assert storage.names() == []

"""Attacks a council's security team would try, each named for what it tries."""

import uuid

import pytest
from django.test import Client
from django.urls import reverse

from casework import services as casework_services
from casework.models import Finding
from reviews import services as review_services
from reviews.models import Role
from tests.conftest import build_world
from tests.factories import PeerProfileFactory

from .test_access_matrix import MATRIX, furnish


class Mixed:
    """Our review, with every other object taken from someone else's review."""

    def __init__(self, ours, theirs):
        self._ours, self._theirs = ours, theirs

    def __getattr__(self, name):
        return self._ours.review if name == "review" else getattr(self._theirs, name)


@pytest.fixture
def two_worlds(world, settings):
    settings.REDIS_URL = ""
    settings.CELERY_TASK_ALWAYS_EAGER = True
    ours = furnish(world)
    theirs = furnish(build_world(tag="-other"), tag="-other")
    return ours, theirs


def idor_rows(ours, theirs):
    mixed = Mixed(ours, theirs)
    for name, row in sorted(MATRIX.items()):
        try:
            mine, swapped = row.url(ours), row.url(mixed)
        except AttributeError:
            continue
        if mine != swapped and f"/reviews/{ours.review.pk}/" in swapped:
            yield name, row, swapped


def test_idor_sweep_every_object_url_with_another_reviews_id_is_not_found(client, two_worlds):
    ours, theirs = two_worlds
    checked = []
    for role in [Role.REVIEW_MANAGER, Role.PEER, Role.COUNCIL_SPONSOR]:
        client.force_login(ours.people[role.value])
        for name, row, url in idor_rows(ours, theirs):
            response = getattr(client, row.method)(url)
            assert response.status_code in (403, 404), f"{role.label} {row.method.upper()} {url} ({name})"
            checked.append(name)
    assert len(set(checked)) >= 30  # the sweep really covered the object URLs


def test_csrf_every_url_refuses_a_post_without_the_token(two_worlds):
    ours, _ = two_worlds
    client = Client(enforce_csrf_checks=True)
    client.force_login(ours.people[Role.REVIEW_MANAGER.value])
    for name, row in MATRIX.items():
        url = row.url(ours)
        assert client.post(url, {"anything": "1"}).status_code == 403, name


XSS = '<script>alert("xss")</script><img src=x onerror=alert(1)>'


def test_stored_xss_in_free_text_is_shown_as_text_everywhere(client, world):
    manager = world.people[Role.REVIEW_MANAGER]
    review_services.update_review(world.review, by=manager, purpose=XSS)
    review_services.add_local_line(world.review, theme=world.review.themes.first(), text=XSS, by=manager)
    note = casework_services.save_note(
        world.review, author=world.people[Role.PEER], client_id=uuid.uuid4(), text=XSS, draft=False
    )
    finding = casework_services.save_finding(
        world.review,
        Finding(review=world.review),
        fields={"kind": "strength", "text": XSS},
        notes=[note],
        by=manager,
    )
    casework_services.set_agreed(finding, agreed=True, by=manager)
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
def test_upload_attacks_are_refused_and_nothing_is_stored(client, world, settings, attack, name, content):
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

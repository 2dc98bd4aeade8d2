"""The benchmark's floor view: never served in normal operation; where mounted, signed in and CSRF-checked."""

import uuid

import pytest
from django.test import Client
from django.urls import reverse

from casework.models import Note
from reviews.models import Role

FLOOR = "/bench/floor/reviews/{}/notes/new/"


def note_form(token=None):
    form = {"client_id": str(uuid.uuid4()), "text": "A note-shaped post.", "kind": "strength"}
    return {**form, "csrfmiddlewaretoken": token} if token else form


def test_the_floor_is_not_served_in_normal_operation(client, world):
    client.force_login(world.people[Role.PEER])
    assert client.post(FLOOR.format(world.review.pk), note_form()).status_code == 404
    assert not Note.objects.exists()


@pytest.fixture
def floor_mounted(settings):
    settings.ROOT_URLCONF = "tests.casework.floor_urls"


def test_where_mounted_the_floor_needs_sign_in(client, world, floor_mounted):
    response = client.post(FLOOR.format(world.review.pk), note_form())
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("sign-in"))
    assert not Note.objects.exists()


def test_where_mounted_the_floor_checks_csrf(world, floor_mounted):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(world.people[Role.PEER])
    assert browser.post(FLOOR.format(world.review.pk), note_form()).status_code == 403
    assert not Note.objects.exists()


def test_where_mounted_the_floor_inserts_one_note_and_answers_like_the_note_form(
    client, world, floor_mounted
):
    client.force_login(world.people[Role.PEER])
    response = client.post(FLOOR.format(world.review.pk), note_form())
    assert response["Location"] == reverse("casework:my-notes", args=[world.review.pk])
    autosave = client.post(FLOOR.format(world.review.pk), note_form(), headers={"X-Autosave": "1"})
    assert autosave.json() == {"saved": True}
    assert [note.is_draft for note in Note.objects.order_by("pk")] == [False, True]

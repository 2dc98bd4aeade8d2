"""The offline web app's server side (issue 18): the queue's endpoint, note versions, and what a phone keeps."""

import json
import uuid

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from casework.models import Note, NoteRevision
from casework.services import notes as notes_service
from reviews.models import Review
from tests.casework.helpers import note_data


def send(client, site, **data):
    return client.post(reverse("casework:note-send", args=[site.review.pk]), note_data(site, **data))


def test_a_queued_note_sent_twice_is_stored_once(client, site):
    client.force_login(site.peer)
    client_id = uuid.uuid4()
    for _ in range(2):
        response = send(client, site, client_id=client_id)
        assert response.status_code == 200
        assert response.json()["stored"] is True
    note = Note.objects.get(client_id=client_id)
    assert not note.is_draft
    assert note.session == site.session


def test_signed_out_the_queue_gets_a_json_401_not_a_page(client, site):
    response = send(client, site)
    assert response.status_code == 401
    assert response["Content-Type"] == "application/json"
    assert response.json()["signed_in"] is False
    assert not Note.objects.exists()


def test_signed_out_autosave_gets_a_json_401_not_the_sign_in_page(client, site):
    url = reverse("casework:note-create", args=[site.review.pk])
    response = client.post(url, note_data(site), headers={"X-Autosave": "1"})
    assert response.status_code == 401
    assert response.json()["signed_in"] is False
    assert client.get(url).status_code == 302  # opening the page still goes to sign in


def test_a_note_naming_a_participant_is_refused_with_the_names_and_the_fix(client, site):
    client.force_login(site.peer)
    client_id = uuid.uuid4()
    response = send(client, site, client_id=client_id, text="Pat Example says thresholds are clear.")
    assert response.status_code == 409
    body = response.json()
    assert body["names"] == [
        {"name": "Pat Example", "replacement": "the Head of Service, Children's Social Care"}
    ]
    assert body["fix"] == "replace"
    response = send(
        client, site, client_id=client_id, text="Pat Example says thresholds are clear.", fix="replace"
    )
    assert response.status_code == 200
    assert Note.objects.get().text == "the Head of Service, Children's Social Care says thresholds are clear."


def test_a_note_whose_session_was_deleted_is_refused_with_the_fix(client, site):
    client.force_login(site.peer)
    session_pk = site.session.pk
    site.session.delete()
    response = client.post(
        reverse("casework:note-send", args=[site.review.pk]), note_data(site, session=session_pk)
    )
    assert response.status_code == 409
    assert response.json() == {
        "stored": False,
        "errors": "The session this note was written for is no longer in the timetable.",
        "fix": "no-session",
    }


def test_a_note_arriving_after_the_review_closed_is_refused(client, site):
    Review.objects.filter(pk=site.review.pk).update(stage=Review.Stage.CLOSED)
    client.force_login(site.peer)
    response = send(client, site)
    assert response.status_code == 409
    assert "The review has closed" in response.json()["errors"]
    assert not Note.objects.exists()


def test_a_save_from_an_older_version_never_overwrites_and_is_kept(site):
    note = notes_service.save_note(
        site.review, author=site.peer, client_id=uuid.uuid4(), text="First.", draft=False
    )
    phone, laptop = uuid.uuid4(), uuid.uuid4()
    fields = {"author": site.peer, "client_id": note.client_id, "draft": False}
    notes_service.save_note(
        site.review, **fields, text="From the phone.", version=1, edited_in=phone, device="Android phone"
    )
    with pytest.raises(notes_service.NoteConflict) as refused:
        notes_service.save_note(
            site.review, **fields, text="From the laptop.", version=1, edited_in=laptop, device="Mac"
        )
    assert refused.value.note.text == "From the phone."
    note.refresh_from_db()
    assert (note.text, note.version) == ("From the phone.", 2)
    assert list(NoteRevision.objects.values_list("text", "device", "applied")) == [
        ("First.", "", True),
        ("From the phone.", "Android phone", True),
        ("From the laptop.", "Mac", False),
    ]


def test_one_open_form_saving_again_is_one_amendment(site):
    note = notes_service.save_note(
        site.review, author=site.peer, client_id=uuid.uuid4(), text="First.", draft=False
    )
    form = uuid.uuid4()
    for version, text in [(1, "Second"), (2, "Second, finished.")]:
        notes_service.save_note(site.review, author=site.peer, client_id=note.client_id, draft=False, text=text,
                                version=version, edited_in=form)  # fmt: skip
    assert list(note.revisions.values_list("text", flat=True)) == ["First.", "Second, finished."]


def test_a_session_brief_lists_participants_by_role_never_by_name(client, site):
    client.force_login(site.peer)
    response = client.get(reverse("casework:session-brief", args=[site.review.pk, site.session.pk]))
    assert response.status_code == 200
    assert (
        "Head of Service, Children&#x27;s Social Care, Children&#x27;s social care"
        in response.content.decode()
    )
    assert "Pat Example" not in response.content.decode()


def test_my_day_lists_the_pages_a_phone_keeps_and_none_holds_a_note(client, site):
    notes_service.save_note(
        site.review, author=site.peer, client_id=uuid.uuid4(), text="Secret.", draft=False
    )
    client.force_login(site.peer)
    response = client.get(reverse("casework:my-day", args=[site.review.pk]))
    urls = json.loads(response.context["offline_urls"])
    assert reverse("casework:session-brief", args=[site.review.pk, site.session.pk]) in urls
    assert f"{reverse('casework:note-create', args=[site.review.pk])}?session={site.session.pk}" in urls
    for url in urls:
        page = client.get(url).content.decode()
        assert "Pat Example" not in page
        assert "Secret." not in page


def test_the_worker_is_served_from_the_root_with_its_version_and_the_csp_allows_it(client, db):
    response = client.get(reverse("service-worker"))
    assert response["Service-Worker-Allowed"] == "/"
    assert response["Cache-Control"] == "no-cache"
    assert response["Content-Type"].startswith("text/javascript")
    assert 'const VERSION = "' in response.content.decode()
    policy = response["Content-Security-Policy"]
    for directive in ["script-src 'self'", "worker-src 'self'", "manifest-src 'self'"]:
        assert directive in policy


def test_the_manifest_makes_the_site_installable(client, db):
    manifest = client.get(reverse("manifest")).json()
    assert (manifest["start_url"], manifest["scope"], manifest["display"]) == ("/", "/", "standalone")


def test_the_offline_page_names_nobody(client, site):
    client.force_login(site.peer)
    page = client.get(reverse("offline"))
    assert "You are offline. This page needs a connection." in page.content.decode()
    assert site.peer.email not in page.content.decode()
    assert isinstance(page.context["user"], AnonymousUser)


def test_the_device_state_names_a_key_not_the_person_and_the_reviews_past_their_week(client, site):
    client.force_login(site.peer)
    state = client.get(reverse("device-state")).json()
    assert state["user"]
    assert site.peer.email not in json.dumps(state)
    assert state["past_on_site"] == []
    Review.objects.filter(pk=site.review.pk).update(stage=Review.Stage.LETTER)
    assert client.get(reverse("device-state")).json()["past_on_site"] == [site.review.pk]

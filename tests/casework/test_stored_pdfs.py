"""Letter PDFs made by the worker are written through the storage API, on both storages."""

import hashlib

from casework.models import LetterRender
from casework.services import letter as letter_service


def test_a_letter_pdf_is_written_to_the_storage_and_downloads(
    client, letter_world, storage, django_capture_on_commit_callbacks
):
    w = letter_world
    letter = letter_service.create_letter(w.review, by=w.leader)
    with django_capture_on_commit_callbacks(execute=True):
        letter_service.request_render(letter, by=w.leader)
    render = LetterRender.objects.get()
    assert render.status == LetterRender.Status.READY, render.failure
    assert storage.names() == [render.file.name]
    client.force_login(w.leader)
    response = client.get(render.get_download_url())
    assert hashlib.sha256(b"".join(response.streaming_content)).hexdigest() == render.sha256

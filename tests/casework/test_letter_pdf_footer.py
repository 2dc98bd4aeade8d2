"""The letter's running footer names the council exactly as it is spelt, on every page."""

import io

import pypdf
import pytest

from casework.models import Finding, LetterRender
from casework.services import letter as letter_service
from casework.services import notes as notes_service
from peerreview.templatetags.css import cssstring
from reviews.models import Role


@pytest.mark.parametrize(
    "name",
    ["Stockton-on-Tees Borough Council", "Telford & Wrekin Council", 'O\'Brien "Test" Council \\ </style>'],
)
def test_the_footer_of_every_page_carries_the_council_name_as_spelt(
    world, name, django_capture_on_commit_callbacks
):
    world.review.authority.name = name
    world.review.authority.save(update_fields=["name"])
    leader = world.people[Role.TEAM_LEADER]
    # Enough recommendations to run the letter over several pages.
    for number in range(40):
        finding = notes_service.save_finding(
            world.review, Finding(review=world.review),
            fields={"kind": "recommendation", "text": f"Recommendation {number}: " + "Make it so. " * 12,
                    "priority": "high"},
            notes=[], by=leader,
        )  # fmt: skip
        notes_service.set_agreed(finding, agreed=True, by=leader)
    letter = letter_service.create_letter(world.review, by=leader)
    with django_capture_on_commit_callbacks(execute=True):
        letter_service.request_render(letter, by=leader)
    render = LetterRender.objects.get()
    assert render.status == LetterRender.Status.READY, render.failure
    pages = [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(render.file.open("rb").read())).pages]
    assert len(pages) > 2
    for text in pages:
        assert f"{name}, feedback letter, version 1 (draft)" in text
        assert "u002D" not in text
        assert "u0026" not in text


def test_a_css_string_cannot_be_closed_or_broken_by_the_text_in_it():
    escaped = cssstring("a\"b'c\\d\ne</style>é")
    assert escaped == "a\\22 b\\27 c\\5c d\\a e\\3c \\2f style\\3e é"

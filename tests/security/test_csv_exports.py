"""No CSV export hands a spreadsheet a formula: cells that would run as one start with a quote."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from casework.models import Finding
from casework.services import notes as notes_service
from peerreview.exports import csv_text, neutralise
from reviews import services
from reviews.models import Role

HYPERLINK = '=HYPERLINK("http://x","y")'


def rows(response):
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(response.content.decode())))


def test_a_document_title_written_as_a_formula_is_text_in_the_audit_trail_export(client, world):
    (version,) = services.upload_documents(
        world.review,
        files=[SimpleUploadedFile("plan.pdf", b"%PDF-1.4 plan")],
        title=HYPERLINK,
        by=world.people[Role.COUNCIL_ORGANISER],
        category="audit",
    )
    client.force_login(world.people[Role.PEER])
    assert client.get(version.get_download_url()).status_code == 200
    client.force_login(world.people[Role.REVIEW_MANAGER])
    exported = rows(client.get(reverse("reviews:audit", args=[world.review.pk]), {"format": "csv"}))
    (downloaded,) = [row for row in exported if row[2] == "Document downloaded"]
    assert downloaded[3] == "'" + HYPERLINK + " (version 1)"


def test_a_theme_title_starting_with_at_or_plus_is_text_in_the_programme_export(client, world):
    world.review.themes.filter(number=1).update(title="@SUM(1+1)*cmd|' /C calc'!A0")
    world.review.themes.filter(number=2).update(title="+Early help")
    leader = world.people[Role.TEAM_LEADER]
    for number in (1, 2):
        finding = notes_service.save_finding(
            world.review, Finding(review=world.review),
            fields={"kind": "recommendation", "text": "Do better.", "theme": world.review.themes.get(number=number),
                    "priority": "high"},
            notes=[], by=leader,
        )  # fmt: skip
        notes_service.set_agreed(finding, agreed=True, by=leader)
    client.force_login(world.people[Role.REVIEW_MANAGER])
    exported = rows(client.get(reverse("casework:programme"), {"format": "csv"}))
    themes = {row[1]: row[3] for row in exported if row[0] == "recommendations by theme"}
    assert themes == {"'@SUM(1+1)*cmd|' /C calc'!A0": "1", "'+Early help": "1"}


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_every_formula_start_gets_a_quote_and_the_rest_of_the_cell_is_kept(start):
    assert neutralise(start + "1+2") == "'" + start + "1+2"


def test_plain_text_and_numbers_are_written_as_they_are():
    assert list(csv.reader(io.StringIO(csv_text([["Telford & Wrekin", "a=b", 2, -3, 1.5, None]])))) == [
        ["Telford & Wrekin", "a=b", "2", "-3", "1.5", ""]
    ]

"""What the review's pages show whom: the week grid's order, the letter's versions to the council."""

import re
from datetime import datetime

from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from casework.models import LetterRender
from casework.services import letter as letter_service
from reviews.models import Role
from tests.factories import MembershipFactory, UserFactory


def row_headers(html):
    """The names heading the rows of the week grid, top to bottom."""
    body = html.split('<tbody class="govuk-table__body">', 1)[1].split("</tbody>", 1)[0]
    return [
        re.sub(r"<br>.*", "", cell, flags=re.S).strip()
        for cell in re.findall(r'<th scope="row"[^>]*>(.*?)</th>', body, re.S)
    ]


def test_the_week_grid_lists_the_team_leader_first_then_by_role_then_name(client, world):
    names = {
        Role.TEAM_LEADER: "Zoe Young",
        Role.REVIEW_MANAGER: "Yusuf Moore",
        Role.PEER: "Priya Shah",
        Role.ANALYST_PEER: "Adam Brook",
    }
    for role, name in names.items():
        world.people[role].full_name = name
        world.people[role].save()
    MembershipFactory(review=world.review, user=UserFactory(full_name="Ben Carter"), role=Role.PEER)
    client.force_login(world.people[Role.REVIEW_MANAGER])
    page = client.get(reverse("casework:timetable", args=[world.review.pk]))
    # Alphabetically (by name, or by role's code) the analyst would come first.
    assert row_headers(page.content.decode()) == [
        "Zoe Young",
        "Yusuf Moore",
        "Ben Carter",
        "Priya Shah",
        "Adam Brook",
    ]


def render(letter, number, **fields):
    return LetterRender.objects.create(
        letter=letter, number=number, content_hash=f"h{number}", status="ready", pages=4,
        sha256=f"{number}" * 64, file=ContentFile(b"%PDF-1.7 test", name=f"v{number}.pdf"), **fields,
    )  # fmt: skip


def march(day):
    return timezone.make_aware(datetime(2027, 3, day, 10))


def test_the_council_sees_versions_and_dates_and_the_team_the_checksums(client, letter_world):
    w = letter_world
    letter = letter_service.create_letter(w.review, by=w.leader)
    render(letter, 2, requested_at=march(9), sent_for_check_at=march(10))
    render(letter, 3, requested_at=march(12), final=True)
    url = reverse("casework:letter", args=[w.review.pk])

    for council in (Role.COUNCIL_SPONSOR, Role.COUNCIL_ORGANISER):
        client.force_login(w.people[council])
        page = client.get(url).content.decode()
        assert "Version 3, issued 12 March 2027" in page
        assert "Version 2, sent for checking 10 March 2027" in page
        assert "SHA-256" not in page
        assert "3333333333" not in page

    for team in (Role.REVIEW_MANAGER, Role.TEAM_LEADER):
        client.force_login(w.people[team])
        page = client.get(url).content.decode()
        assert "SHA-256 3333333333333333…" in page
        assert "SHA-256 2222222222222222…" in page

"""The feedback letter reads as a letter: to the council's lead, signed by the team leader, every theme named."""

import pytest

from casework.models import LetterRender
from casework.services import letter as letter_service
from reviews.models import Role
from teams.models import PeerRole, TeamSlot
from tests.casework.helpers import pdf_text
from tests.factories import PeerProfileFactory


@pytest.fixture
def signed(letter_world):
    """The letter world with a named sponsor and a team leader and peer in the team's places."""
    w = letter_world
    sponsor = w.people[Role.COUNCIL_SPONSOR]
    sponsor.full_name, sponsor.job_title = "Bridget Keane", "Director of Children's Services"
    sponsor.save(update_fields=["full_name", "job_title"])
    w.leader.full_name = "John Collings"
    w.leader.save(update_fields=["full_name"])
    leader_profile = PeerProfileFactory(
        email=w.leader.email, user=w.leader, full_name="John Collings",
        job_title="Strategic Director", organisation="Linford City Council",
    )  # fmt: skip
    health = PeerProfileFactory(
        full_name="Sheila Hogarth", job_title="Designated Nurse", organisation="Eastbrook NHS Trust"
    )
    TeamSlot.objects.create(review=w.review, role=PeerRole.TEAM_LEADER, peer=leader_profile)
    TeamSlot.objects.create(review=w.review, role=PeerRole.HEALTH_PEER, peer=health, position=1)
    return w


def rendered_text(world, django_capture_on_commit_callbacks):
    letter = letter_service.create_letter(world.review, by=world.leader)
    with django_capture_on_commit_callbacks(execute=True):
        letter_service.request_render(letter, by=world.leader)
    render = LetterRender.objects.get()
    assert render.status == LetterRender.Status.READY, render.failure
    _, pages = pdf_text(render)
    return " ".join(" ".join(pages).split())


def test_the_letter_is_addressed_to_the_councils_lead_by_name_and_title(
    signed, django_capture_on_commit_callbacks
):
    text = rendered_text(signed, django_capture_on_commit_callbacks)
    assert "Bridget Keane Director of Children's Services Harrowmere Metropolitan Borough Council" in text
    assert "Dear Bridget Keane," in text


def test_the_letter_is_signed_off_by_the_team_leader(signed, django_capture_on_commit_callbacks):
    text = rendered_text(signed, django_capture_on_commit_callbacks)
    assert (
        "Yours sincerely, John Collings Strategic Director, Linford City Council "
        "Team leader, on behalf of the peer review team" in text
    )


def test_the_team_is_listed_by_name_and_role(signed):
    scope = letter_service.create_letter(signed.review, by=signed.leader).sections.get(key="scope").body
    assert "- John Collings, team leader: Strategic Director, Linford City Council" in scope
    assert "- Sheila Hogarth, health peer: Designated Nurse, Eastbrook NHS Trust" in scope


def test_every_theme_of_the_scope_is_named_and_says_where_there_is_no_finding(
    signed, django_capture_on_commit_callbacks
):
    letter = letter_service.create_letter(signed.review, by=signed.leader)
    bodies = dict(letter.sections.filter(theme__isnull=False).values_list("theme__number", "body"))
    assert sorted(bodies) == [1, 2, 3, 4, 5]
    assert [number for number, body in bodies.items() if body == "No finding in this area."] == [2, 4, 5]
    text = rendered_text(signed, django_capture_on_commit_callbacks)
    assert "Capacity and managing resources No finding in this area." in text


def test_each_recommendation_says_its_priority(signed, django_capture_on_commit_callbacks):
    text = rendered_text(signed, django_capture_on_commit_callbacks)
    assert "Involve schools in every strategy discussion. (priority: high)" in text

"""The feedback page: the team projects the agreed findings; the council reads them once they are presented."""

from datetime import datetime, timedelta
from datetime import time as clock
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from casework.models import Finding, Session
from casework.services import notes as notes_service
from casework.services import timetable as timetable_service
from reviews.models import Review, Role

FINDING = "Strategy discussions are timely and include schools."
LONDON = ZoneInfo("Europe/London")


@pytest.fixture
def agreed(world):
    leader = world.people[Role.TEAM_LEADER]
    finding = notes_service.save_finding(
        world.review, Finding(review=world.review), fields={"kind": "strength", "text": FINDING},
        notes=[], by=leader,
    )  # fmt: skip
    notes_service.set_agreed(finding, agreed=True, by=leader)
    world.presentation_day = world.review.onsite_start + timedelta(days=4)
    timetable_service.save_session(
        world.review, Session(review=world.review),
        fields={"kind": Session.Kind.PRESENTATION, "day": world.presentation_day, "starts": clock(14),
                "ends": clock(15)},
        peers=[], themes=[], by=world.people[Role.REVIEW_MANAGER],
    )  # fmt: skip
    return world


def feedback_page(client, world, role):
    client.force_login(world.people[role])
    response = client.get(reverse("casework:feedback", args=[world.review.pk]), {"handout": "1"})
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("role", [Role.COUNCIL_SPONSOR, Role.COUNCIL_ORGANISER])
def test_council_contacts_read_agreed_findings_only_once_the_presentation_has_started(client, agreed, role):
    just_before = datetime.combine(agreed.presentation_day, clock(13, 59), tzinfo=LONDON)
    with time_machine.travel(just_before, tick=False):
        page = feedback_page(client, agreed, role)
        assert FINDING not in page
        assert "The team presents its findings at the feedback presentation" in page
        assert agreed.presentation_day.strftime("%-d %B %Y") + " at 14:00" in page
    with time_machine.travel(just_before + timedelta(minutes=1), tick=False):
        assert FINDING in feedback_page(client, agreed, role)


@pytest.mark.parametrize("role", [Role.REVIEW_MANAGER, Role.TEAM_LEADER, Role.PEER, Role.ANALYST_PEER])
def test_the_team_reads_agreed_findings_before_the_presentation(client, agreed, role):
    assert FINDING in feedback_page(client, agreed, role)


def test_without_a_presentation_the_council_reads_findings_from_the_letter_stage(client, agreed):
    Session.objects.filter(review=agreed.review).delete()
    assert FINDING not in feedback_page(client, agreed, Role.COUNCIL_SPONSOR)
    Review.objects.filter(pk=agreed.review.pk).update(stage=Review.Stage.LETTER)
    assert FINDING in feedback_page(client, agreed, Role.COUNCIL_SPONSOR)


def test_the_next_theme_link_shows_its_arrow(client, agreed):
    leader = agreed.people[Role.TEAM_LEADER]
    finding = notes_service.save_finding(
        agreed.review, Finding(review=agreed.review),
        fields={"kind": "strength", "text": "Children are seen alone.", "theme": agreed.review.themes.get(number=1)},
        notes=[], by=leader,
    )  # fmt: skip
    notes_service.set_agreed(finding, agreed=True, by=leader)
    client.force_login(leader)
    page = client.get(reverse("casework:feedback", args=[agreed.review.pk]), {"screen": "1"}).content.decode()
    next_link = page[page.index('rel="next"') : page.index("Next theme")]
    assert "govuk-pagination__icon--next" in next_link

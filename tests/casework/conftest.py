"""Fixtures shared by the casework tests."""

import uuid
from datetime import time
from datetime import time as clock

import pytest

from casework.models import Session
from casework.services import notes as notes_service
from casework.services import timetable as timetable_service
from reviews.models import Role
from tests.casework.helpers import agree


@pytest.fixture
def letter_world(world):
    w = world
    w.leader = w.people[Role.TEAM_LEADER]
    w.manager = w.people[Role.REVIEW_MANAGER]
    theme = w.review.themes.get(number=3)
    w.secret_name = "Jordan Secretname"
    session = timetable_service.save_session(
        w.review, Session(review=w.review),
        fields={"kind": "interview", "day": w.review.onsite_start, "starts": clock(10), "ends": clock(11)},
        peers=[w.people[Role.PEER]], themes=[theme], by=w.manager,
    )  # fmt: skip
    timetable_service.add_participant(
        session, by=w.manager, role="Designated Nurse", agency="health", name=w.secret_name
    )
    # A draft note may carry a name; the letter must never reach it.
    notes_service.save_note(w.review, author=w.people[Role.PEER], client_id=uuid.uuid4(), draft=True,
                       text=f"{w.secret_name} said referrals are slow.")  # fmt: skip
    agree(w.review, w.leader, "strength", "Strategy discussions are timely.", theme)
    agree(w.review, w.leader, "recommendation", "Involve schools in every strategy discussion.", theme)
    agree(
        w.review,
        w.leader,
        "recommendation",
        "Record the child's voice in every plan.",
        w.review.themes.get(number=1),
    )
    return w


@pytest.fixture
def site(world):
    """A session with a named participant, and the review team."""
    manager = world.people[Role.REVIEW_MANAGER]
    world.session = timetable_service.save_session(
        world.review,
        Session(review=world.review),
        fields={"kind": "interview", "day": world.review.onsite_start, "starts": time(10), "ends": time(11)},
        peers=[world.people[Role.PEER]],
        themes=[world.review.themes.get(number=3)],
        by=manager,
    )
    timetable_service.add_participant(
        world.session,
        by=manager,
        role="Head of Service, Children's Social Care",
        agency="social_care",
        name="Pat Example",
    )
    world.peer = world.people[Role.PEER]
    return world


@pytest.fixture
def clear(letter_world):
    """letter_world with a drafted letter the checks find nothing wrong with (see helpers.clear_letter)."""
    from tests.casework.helpers import clear_letter

    letter_world.letter = clear_letter(letter_world)
    return letter_world

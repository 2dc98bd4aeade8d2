"""The review manager and the council organiser build the week; peers follow it; it changes."""

from datetime import time, timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from casework import queries
from casework.models import Programme, Session, TimetableChange
from casework.services import timetable as timetable_service
from reviews.models import Role
from tests.casework.factories import VenueFactory
from tests.factories import MembershipFactory


@pytest.fixture
def week(world):
    """Two venues 45 minutes apart and the on-site days."""
    review = world.review
    world.hall = VenueFactory(review=review, name="Civic Centre", address="1 High Street")
    world.hub = VenueFactory(review=review, name="Northfield Family Hub")
    timetable_service.set_travel_time(review, venue_a=world.hub, venue_b=world.hall, minutes=45)
    world.day1 = review.onsite_start
    world.manager = world.people[Role.REVIEW_MANAGER]
    world.peer = world.people[Role.PEER]
    return world


def add(w, kind="interview", day=None, starts=10, ends=11, venue=None, peers=None, themes=(), **fields):
    return timetable_service.save_session(
        w.review,
        Session(review=w.review),
        fields={
            "kind": kind,
            "day": day or w.day1,
            "starts": time(starts),
            "ends": time(ends),
            "venue": venue,
            **fields,
        },
        peers=peers if peers is not None else [w.peer],
        themes=themes,
        by=w.manager,
    )


def messages(w):
    return [warning.message for warning in queries.warnings_for(w.review)]


def test_back_to_back_sessions_at_distant_venues_are_a_travel_clash(week):
    add(week, venue=week.hall, starts=10, ends=11)
    add(week, venue=week.hub, starts=11, ends=12)
    assert any(
        "has 0 minutes to get from Civic Centre to Northfield Family Hub" in m and "takes 45" in m
        for m in messages(week)
    )


def test_the_default_travel_time_applies_where_none_is_given(week):
    other = VenueFactory(review=week.review, name="Police Station")
    add(week, venue=week.hall, starts=10, ends=11)
    add(week, venue=other, starts=11, ends=12)
    assert any("the journey takes 30" in m for m in messages(week))


def test_a_peer_in_two_places_and_too_many_interview_hours(week):
    add(week, starts=9, ends=12)
    add(week, starts=11, ends=15)
    found = messages(week)
    assert any("is in two places at once" in m for m in found)
    assert any("hours of interviews" in m for m in found)


def test_days_without_reflection_or_catch_up_and_sessions_without_peers(week):
    add(week, kind="reflection", starts=16, ends=17)
    add(week, kind="site_visit", peers=[], starts=9, ends=10)
    found = messages(week)
    assert not any("No team reflection time on " + f"{week.day1:%A}" in m for m in found)
    assert any("No “no surprises” catch-up with the council on" in m for m in found)
    assert any("No peer is assigned to “Site visit”" in m for m in found)


def test_unserved_themes_focus_areas_and_agencies_are_flagged(week):
    found = messages(week)
    assert any("No session serves the theme “3. Working together”." in m for m in found)
    assert any("No session serves the focus area “Early help”." in m for m in found)
    assert any("No session hears from health." in m for m in found)
    assert any("No session hears from the voluntary and community sector." in m for m in found)
    session = add(week, themes=list(week.review.themes.all()), focus_areas=["Early help"])
    timetable_service.add_participant(session, by=week.manager, role="Designated Nurse", agency="health")
    found = messages(week)
    assert not any("serves the theme" in m or "focus area" in m or "hears from health" in m for m in found)


def session_data(w, **changes):
    day = changes.pop("day", w.day1)
    data = {
        "kind": "interview", "title": "Head of Service", "day": day.isoformat(),
        "starts": "10:00", "ends": "11:00", "venue": w.hall.pk, "peers": [w.peer.pk], "action": "save",
    }  # fmt: skip
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"ends": "09:00"}, "ends", "The end time must be after the start time"),
        ({"starts": "25:99"}, "starts", "Enter a time like 09:30 or 14:00"),
        ({"day": "2099-01-01"}, "day", "Choose one of the on-site days"),
        ({"venue": 999999}, "venue", "Choose one of this review's venues"),
        ({"peers": [999999]}, "peers", "Choose peers from this review's team"),
    ],
)
def test_bad_sessions_are_refused_next_to_the_field(client, week, changes, field, message):
    client.force_login(week.manager)
    data = session_data(week, **{k: v for k, v in changes.items() if k != "day"})
    if "day" in changes:
        data["day"] = changes["day"]
    response = client.post(reverse("casework:session-create", args=[week.review.pk]), data)
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert not Session.objects.exists()


def test_a_peer_of_another_review_cannot_be_assigned(client, week):
    stranger = MembershipFactory(role=Role.PEER).user
    client.force_login(week.manager)
    response = client.post(
        reverse("casework:session-create", args=[week.review.pk]), session_data(week, peers=[stranger.pk])
    )
    assert "Choose peers from this review's team" in " ".join(response.context["form"].errors["peers"])


def test_two_people_editing_one_session_never_overwrite_each_other(client, week):
    session = add(week, venue=week.hall)
    url = reverse("casework:session-edit", args=[week.review.pk, session.pk])
    client.force_login(week.manager)
    stale_version = session.version
    client.post(url, session_data(week, title="First edit", version=stale_version))
    response = client.post(url, session_data(week, title="Second edit", version=stale_version))
    assert "Someone else changed this session while you were editing it" in response.content.decode()
    session.refresh_from_db()
    assert session.title == "First edit"


@pytest.mark.parametrize(("minutes", "message"), [("-5", "cannot be negative"), ("600", "over 8 hours")])
def test_travel_times_must_be_sensible(client, week, minutes, message):
    client.force_login(week.people[Role.COUNCIL_ORGANISER])
    field = f"travel_{week.hall.pk}_{week.hub.pk}"
    response = client.post(reverse("casework:travel-times", args=[week.review.pk]), {field: minutes})
    assert message in " ".join(response.context["form"].errors[field])


def test_organiser_edits_before_the_week_but_not_during_it_unless_allowed(client, week):
    client.force_login(week.people[Role.COUNCIL_ORGANISER])
    url = reverse("casework:session-create", args=[week.review.pk])
    assert client.get(url).status_code == 200
    with time_machine.travel(week.day1 + timedelta(hours=12)):
        client.force_login(week.people[Role.COUNCIL_ORGANISER])
        assert client.get(url).status_code == 403
        Programme.objects.filter(pk=timetable_service.programme_of(week.review).pk).update(
            organiser_may_edit_on_site=True
        )
        assert client.get(url).status_code == 200


def test_publishing_needs_warnings_acknowledged_then_changes_are_logged_and_marked(client, week):
    add(week, venue=week.hall)
    client.force_login(week.manager)
    publish = reverse("casework:publish", args=[week.review.pk])
    refused = client.post(publish, {})
    assert "Confirm you have read the" in refused.content.decode()
    client.post(publish, {"acknowledged": "on"})
    assert timetable_service.programme_of(week.review).is_published
    assert week.review.milestones.get(kind="timetable_agreed").is_done

    client.force_login(week.peer)
    my_day = reverse("casework:my-day", args=[week.review.pk]) + f"?day={week.day1.isoformat()}"
    assert "Changed since you last looked" not in client.get(my_day).content.decode()
    add(week, title="Newly added", starts=14, ends=15)
    page = client.get(my_day).content.decode()
    assert "Newly added" in page
    assert "Changed since you last looked" in page
    assert "Changed since you last looked" not in client.get(my_day).content.decode()
    assert TimetableChange.objects.filter(summary__contains="Newly added").exists()
    assert "Newly added" in client.get(reverse("casework:changes", args=[week.review.pk])).content.decode()


def test_who_is_free_when_adding_a_session_mid_week(client, week):
    add(week, venue=week.hall, starts=9, ends=10)
    client.force_login(week.manager)
    data = session_data(week, starts="10:15", ends="11:00", venue=week.hub.pk, action="check")
    page = client.post(reverse("casework:session-create", args=[week.review.pk]), data).content.decode()
    assert "Who is free then" in page
    assert "45 min from Civic Centre" in page
    assert not Session.objects.filter(title="Head of Service").exists()


def test_participant_names_are_seen_only_by_the_manager_and_organiser(client, week):
    session = add(week, venue=week.hall)
    timetable_service.add_participant(
        session, by=week.manager, role="Head of Service", agency="social_care", name="Pat Example"
    )
    url = reverse("casework:print", args=[week.review.pk])
    client.force_login(week.people[Role.COUNCIL_ORGANISER])
    assert "Pat Example" in client.get(url).content.decode()
    client.force_login(week.peer)
    page = client.get(url).content.decode()
    assert "Head of Service" in page
    assert "Pat Example" not in page


def test_the_calendar_feed_round_trips_every_session_and_can_be_revoked(client, week):
    sessions = [
        add(week, venue=week.hall, starts=9, ends=10),
        add(week, venue=week.hub, starts=14, ends=15, day=week.day1 + timedelta(days=1)),
    ]
    timetable_service.add_participant(
        sessions[0], by=week.manager, role="Designated Nurse", agency="health", name="Pat Example"
    )
    feed = timetable_service.new_calendar_feed(week.review, week.peer)
    client.logout()
    response = client.get(feed.get_absolute_url())
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = Calendar.from_ical(response.content)
    events = sorted(calendar.walk("VEVENT"), key=lambda e: e.decoded("dtstart"))
    assert [str(e["uid"]) for e in events] == [f"{s.uid}@peer-reviews" for s in sessions]
    first = events[0]
    assert first.decoded("dtstart") == timezone.make_aware(
        timezone.datetime.combine(week.day1, time(9)), timezone.get_default_timezone()
    )
    assert str(first.decoded("dtstart").tzinfo) == "Europe/London"
    assert "Civic Centre" in str(first["location"])
    assert "Designated Nurse (Health)" in str(first["description"])
    assert "Pat Example" not in response.content.decode()

    first_sequence = int(first["sequence"])
    timetable_service.save_session(
        week.review, sessions[0], fields={"title": "Moved"}, peers=[week.peer], themes=[], by=week.manager
    )
    again = Calendar.from_ical(client.get(feed.get_absolute_url()).content)
    moved = next(e for e in again.walk("VEVENT") if str(e["uid"]) == f"{sessions[0].uid}@peer-reviews")
    assert int(moved["sequence"]) > first_sequence

    timetable_service.revoke_calendar_feed(feed)
    assert client.get(feed.get_absolute_url()).status_code == 404


def test_the_week_grid_keeps_a_flat_query_count(client, week, count_queries):
    team = [week.peer] + [MembershipFactory(review=week.review, role=Role.PEER).user for _ in range(9)]
    add(week, venue=week.hall)
    client.force_login(week.manager)
    pages = [
        reverse("casework:timetable", args=[week.review.pk]),
        reverse("casework:timetable", args=[week.review.pk]) + "?view=venues",
        reverse("casework:my-day", args=[week.review.pk]),
        reverse("casework:print", args=[week.review.pk]),
        reverse("casework:checks", args=[week.review.pk]),
    ]
    for url in pages:  # the first visit of "my day" records it; count from the second
        client.get(url)
    before = [count_queries(lambda url=url: client.get(url)) for url in pages]
    days = [week.day1 + timedelta(days=i) for i in range(5)]
    for i in range(79):
        session = add(
            week, day=days[i % 5], starts=8 + (i // 5) % 10, ends=9 + (i // 5) % 10,
            venue=[week.hall, week.hub][i % 2], peers=[team[i % 10], team[(i + 3) % 10]],
            themes=list(week.review.themes.all()[:2]),
        )  # fmt: skip
        timetable_service.add_participant(
            session, by=week.manager, role="Social worker", agency="social_care"
        )
    after = [count_queries(lambda url=url: client.get(url)) for url in pages]
    assert before == after
    assert max(after) <= 15, dict(zip(pages, after, strict=True))


def test_my_day_links_to_the_next_day_with_its_arrow(client, week):
    client.force_login(week.peer)
    page = client.get(
        reverse("casework:my-day", args=[week.review.pk]), {"day": week.day1.isoformat()}
    ).content.decode()
    next_link = page[page.index('rel="next"') : page.index("Next day")]
    assert "govuk-pagination__icon--next" in next_link

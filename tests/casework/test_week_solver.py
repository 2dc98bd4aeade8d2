"""The organiser enters requests, the manager asks the solver for a week, reads it, and accepts it."""

import time as time_module
from datetime import datetime, time, timedelta

import pytest
from celery.exceptions import SoftTimeLimitExceeded
from django.core.management import call_command
from django.urls import reverse
from icalendar import Calendar

from casework.models import PeerDay, Session, SessionRequest, TimetableChange, WeekPlan
from casework.scheduling.adapter import LONDON, problem_for
from casework.services import scheduling
from casework.services import timetable as timetable_service
from reviews.models import Role
from teams.models import PeerRole, TeamSlot
from tests.casework.factories import VenueFactory
from tests.conftest import build_world_with_outsider
from tests.factories import PeerProfileFactory


@pytest.fixture
def planning(world):
    w = world
    w.manager = w.people[Role.REVIEW_MANAGER]
    w.organiser = w.people[Role.COUNCIL_ORGANISER]
    w.peer = w.people[Role.PEER]
    w.leader = w.people[Role.TEAM_LEADER]
    w.hall = VenueFactory(review=w.review, name="Civic Centre")
    w.day1 = w.review.onsite_start
    # The peer fills the health slot, so "the health peer" is someone.
    TeamSlot.objects.create(
        review=w.review, role=PeerRole.HEALTH_PEER, peer=PeerProfileFactory(user=w.peer, email=w.peer.email)
    )
    return w


def ask(w, title="Designated nurse", **fields):
    data = {
        "kind": "interview",
        "minutes": 60,
        "participant_role": "Designated nurse",
        "agency": "health",
        "priority": SessionRequest.Priority.MUST,
        **fields,
    }
    return SessionRequest.objects.create(review=w.review, title=title, **data)


def form_data(w, **changes):
    return {
        "kind": "interview",
        "title": "Police focus group",
        "minutes": "90",
        "priority": "3",
        "participant_role": "Child protection officers",
        "agency": "police",
        "peers": "1",
        **changes,
    }


def post_request(client, w, **changes):
    client.force_login(w.organiser)
    return client.post(reverse("casework:request-create", args=[w.review.pk]), form_data(w, **changes))


def propose(client, w, capture, **data):
    client.force_login(w.manager)
    with capture(execute=True):
        response = client.post(
            reverse("casework:plan-create", args=[w.review.pk]), {"time_limit": "10", **data}
        )
    return WeekPlan.objects.filter(review=w.review).first(), response


def test_the_organiser_adds_a_request(client, planning):
    response = post_request(client, planning, windows=[f"{planning.day1.isoformat()} am"])
    assert response.status_code == 302
    saved = SessionRequest.objects.get(review=planning.review)
    assert (saved.title, saved.minutes, saved.windows) == ("Police focus group", 90, [f"{planning.day1} am"])


def test_a_request_longer_than_any_day_is_refused_next_to_its_length(client, planning):
    response = post_request(client, planning, minutes="600")
    assert "No on-site day is that long" in response.content.decode()
    assert not SessionRequest.objects.exists()


def test_a_peer_role_the_team_does_not_have_is_refused(client, planning):
    response = post_request(client, planning, roles=[PeerRole.POLICE_PEER])
    assert "The team has no police peer" in response.content.decode()
    assert not SessionRequest.objects.exists()


def test_participants_times_shorter_than_the_session_are_refused(client, planning):
    response = post_request(client, planning, minutes="300", windows=[f"{planning.day1.isoformat()} am"])
    assert "Each of these times is shorter than the session" in response.content.decode()
    assert not SessionRequest.objects.exists()


def test_a_venue_with_no_opening_hours_is_refused(client, planning):
    client.force_login(planning.organiser)
    response = client.post(
        reverse("casework:venue-create", args=[planning.review.pk]),
        {"name": "Library", "opens": "09:00", "closes": "09:00", "rooms": "1"},
    )
    assert "the venue needs opening hours" in response.content.decode()
    assert not planning.review.venues.filter(name="Library").exists()


def test_the_proposed_week_places_requests_around_the_fixed_sessions(
    client, planning, django_capture_on_commit_callbacks
):
    opening = timetable_service.save_session(
        planning.review, Session(review=planning.review),
        fields={"kind": "opening", "day": planning.day1, "starts": time(9), "ends": time(10), "venue": planning.hall},
        peers=[planning.peer, planning.leader, planning.manager], themes=[], by=planning.manager,
    )  # fmt: skip
    ask(planning, windows=[f"{planning.day1} am"], roles=[PeerRole.HEALTH_PEER])
    plan, response = propose(client, planning, django_capture_on_commit_callbacks)
    assert response.url == reverse("casework:plan", args=[planning.review.pk, plan.pk])
    plan.refresh_from_db()
    assert plan.status == WeekPlan.Status.DONE
    page = client.get(response.url).content.decode()
    assert "Designated nurse" in page
    assert "“Must” requests left out" in page
    # Nothing changes until the manager accepts.
    assert list(Session.objects.filter(review=planning.review)) == [opening]
    client.post(reverse("casework:plan-accept", args=[planning.review.pk, plan.pk]), {"scope": "all"})
    placed = Session.objects.get(review=planning.review, request__isnull=False)
    assert (placed.day, placed.starts) == (planning.day1, time(10))  # the opening meeting stayed put
    assert list(placed.peers.all()) == [planning.peer]
    assert placed.participants.get().agency == "health"


def test_a_request_left_out_shows_why(client, planning, django_capture_on_commit_callbacks):
    monday_nine = [f"{planning.day1} am"]
    health = {"minutes": 240, "windows": monday_nine, "roles": [PeerRole.HEALTH_PEER], "online": True}
    ask(planning, "Designated nurse", **health)
    ask(planning, "Named GP", **health)
    plan, response = propose(client, planning, django_capture_on_commit_callbacks)
    page = client.get(response.url).content.decode()
    assert "“Designated nurse” and “Named GP” cannot all be placed" in page
    assert "Another health peer free when" in page
    assert "Allow other times for" in page


def test_a_failed_solver_run_leaves_the_timetable_as_it_was(
    client, planning, django_capture_on_commit_callbacks, monkeypatch
):
    ask(planning)

    def broken(*args, **kwargs):
        raise RuntimeError("out of memory")

    monkeypatch.setattr(scheduling, "solve", broken)
    plan, response = propose(client, planning, django_capture_on_commit_callbacks)
    plan.refresh_from_db()
    assert plan.status == WeekPlan.Status.FAILED
    page = client.get(response.url).content.decode()
    assert "The current timetable is unchanged" in page
    assert not Session.objects.filter(review=planning.review).exists()


def test_a_run_out_of_time_says_so_and_leaves_the_timetable(
    client, planning, django_capture_on_commit_callbacks, monkeypatch
):
    ask(planning)

    def too_slow(*args, **kwargs):
        raise SoftTimeLimitExceeded()

    monkeypatch.setattr(scheduling, "solve", too_slow)
    plan, response = propose(client, planning, django_capture_on_commit_callbacks)
    page = client.get(response.url).content.decode()
    assert "The solver ran out of time" in page
    assert "The current timetable is unchanged" in page
    assert not Session.objects.filter(review=planning.review).exists()


@pytest.mark.real_worker
def test_a_real_worker_solves_the_week(real_celery_worker, shipped_data):
    w = build_world_with_outsider()
    w.manager = w.people[Role.REVIEW_MANAGER]
    ask(w, "Designated nurse")
    plan = scheduling.propose_week(w.review, by=w.manager, time_limit=10)
    deadline = time_module.monotonic() + 60
    while plan.status not in ("done", "failed") and time_module.monotonic() < deadline:
        time_module.sleep(0.2)
        plan.refresh_from_db()
    assert plan.status == "done"
    assert [p["request"] for p in plan.result["placements"]] == [SessionRequest.objects.get().pk]


def test_the_manager_accepts_one_session_of_the_proposal(
    client, planning, django_capture_on_commit_callbacks
):
    first, second = ask(planning, "Designated nurse"), ask(planning, "Named GP")
    plan, _ = propose(client, planning, django_capture_on_commit_callbacks)
    client.post(
        reverse("casework:plan-accept", args=[planning.review.pk, plan.pk]),
        {"scope": "chosen", "requests": [first.pk]},
    )
    assert list(Session.objects.filter(review=planning.review).values_list("request", flat=True)) == [
        first.pk
    ]
    assert second.sessions.count() == 0


def test_a_replan_after_a_peer_falls_ill_moves_only_their_session(
    client, planning, django_capture_on_commit_callbacks
):
    day2 = planning.day1 + timedelta(days=1)
    nurse = ask(planning, "Designated nurse", windows=[f"{day2} am"])
    gp = ask(planning, "Named GP", windows=[f"{day2} pm"])
    plan, _ = propose(client, planning, django_capture_on_commit_callbacks)
    client.post(reverse("casework:plan-accept", args=[planning.review.pk, plan.pk]), {"scope": "all"})
    timetable_service.publish_timetable(planning.review, by=planning.manager, acknowledged=True)
    before = {s.request_id: (s.day, s.starts, {p.pk for p in s.peers.all()}) for s in Session.objects.all()}
    ill = next(iter(before[nurse.pk][2]))
    PeerDay.objects.create(review=planning.review, peer_id=ill, day=day2, away=True)

    replan, _ = propose(client, planning, django_capture_on_commit_callbacks)
    assert replan.replan
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("casework:plan-accept", args=[planning.review.pk, replan.pk]), {"scope": "all"})
    after = {s.request_id: (s.day, s.starts, {p.pk for p in s.peers.all()}) for s in Session.objects.all()}
    # The nurse keeps her time with another peer; the rest of the week is as published.
    assert after[nurse.pk][:2] == before[nurse.pk][:2]
    assert ill not in after[nurse.pk][2]
    if ill not in before[gp.pk][2]:
        assert after[gp.pk] == before[gp.pk]
    assert TimetableChange.objects.filter(review=planning.review, session__request=nurse).exists()


def test_released_changes_email_each_affected_person_their_new_calendar(
    client, planning, django_capture_on_commit_callbacks, mailoutbox
):
    day2 = planning.day1 + timedelta(days=1)
    nurse = ask(planning, "Designated nurse", windows=[f"{day2} am"], participant_email="nurses@example.org")
    # The manager, who releases the change and so is not emailed, is elsewhere that day.
    PeerDay.objects.create(review=planning.review, peer=planning.manager, day=day2, away=True)
    plan, _ = propose(client, planning, django_capture_on_commit_callbacks)
    client.post(reverse("casework:plan-accept", args=[planning.review.pk, plan.pk]), {"scope": "all"})
    timetable_service.publish_timetable(planning.review, by=planning.manager, acknowledged=True)
    session = nurse.sessions.get()
    ill = session.peers.get()
    PeerDay.objects.create(review=planning.review, peer=ill, day=day2, away=True)
    mailoutbox.clear()

    replan, _ = propose(client, planning, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("casework:plan-accept", args=[planning.review.pk, replan.pk]), {"scope": "all"})
    session.refresh_from_db()
    new_peer = session.peers.get()
    sent = {m.to[0]: m for m in mailoutbox}
    # The peer who is ill, the one who takes over and the participants; the manager who released it knows.
    assert set(sent) == {ill.email, new_peer.email, "nurses@example.org"}
    assert "You are no longer on “Interview: Designated nurse”" in sent[ill.email].body
    name, content, kind = sent["nurses@example.org"].attachments[0]
    event = Calendar.from_ical(content).walk("VEVENT")[0]
    assert event.decoded("dtstart").time() == session.starts
    assert str(event["uid"]).startswith(str(session.uid))
    page = client.get(reverse("casework:plan", args=[planning.review.pk, replan.pk])).content.decode()
    assert "Emails about the released changes" in page


def test_the_demo_shows_requests_a_proposed_week_and_a_released_change(
    db, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo")
    plan = WeekPlan.objects.get()
    assert (plan.status, plan.replan, plan.accepted_at is not None) == ("done", True, True)
    assert SessionRequest.objects.filter(review=plan.review).count() == 4
    assert Session.objects.filter(review=plan.review, request__isnull=False).exists()
    assert TimetableChange.objects.filter(review=plan.review, session__request__isnull=False).exists()
    assert plan.emails.filter(status="sent").exists()


def test_a_replan_keeps_sessions_that_have_started_where_they_are(planning):
    started, later = ask(planning, "Designated nurse"), ask(planning, "Named GP")
    for request, hour in ((started, 10), (later, 15)):
        timetable_service.save_session(
            planning.review, Session(review=planning.review),
            fields={"kind": "interview", "title": request.title, "day": planning.day1, "starts": time(hour),
                    "ends": time(hour + 1),
                    "request": request},
            peers=[planning.peer], themes=[], by=planning.manager,
        )  # fmt: skip
    eleven = datetime.combine(planning.day1, time(11), tzinfo=LONDON)
    problem = problem_for(planning.review, replan=True, now=eleven)
    assert [f.label for f in problem.fixed] == ["Interview: Designated nurse"]
    assert [r.id for r in problem.requests] == [later.pk]
    assert list(problem.previous) == [later.pk]


def test_the_proposal_and_requests_pages_ask_the_same_queries_for_more_sessions(
    client, planning, count_queries, django_capture_on_commit_callbacks
):
    def pages():
        plan, _ = propose(client, planning, django_capture_on_commit_callbacks)
        client.post(reverse("casework:plan-accept", args=[planning.review.pk, plan.pk]), {"scope": "all"})
        again, _ = propose(client, planning, django_capture_on_commit_callbacks)
        return [
            count_queries(lambda: client.get(reverse("casework:plan", args=[planning.review.pk, again.pk]))),
            count_queries(lambda: client.get(reverse("casework:requests", args=[planning.review.pk]))),
        ]

    for number in range(2):
        ask(planning, f"Interview {number}")
    few = pages()
    for number in range(2, 8):
        ask(planning, f"Interview {number}")
    assert pages() == few

"""Planning a season: asking for a plan, what it shows, accepting it, planning again, and bad input."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.urls import reverse

from reviews.models import Role
from teams import services
from teams.models import PlannedPlace, SeasonPlan, SlotInvitation, TeamSlot, Unavailability
from teams.planning import adapter, solver
from tests.teams.season import build_season

pytestmark = pytest.mark.django_db


@pytest.fixture
def season(world):
    world.reviews, world.peers = build_season(world)
    world.manager = world.people[Role.REVIEW_MANAGER]
    return world


def _plan(season, capture):
    with capture(execute=True):
        plan = services.request_season_plan(season.reviews, by=season.manager)
    plan.refresh_from_db()
    return plan


def test_the_plan_fills_every_place_it_can_and_explains_the_one_it_cannot(
    season, django_capture_on_commit_callbacks
):
    plan = _plan(season, django_capture_on_commit_callbacks)
    assert plan.status == SeasonPlan.Status.DONE
    (blocked,) = plan.places.filter(status=PlannedPlace.Status.UNFILLABLE)
    assert (blocked.slot.review, blocked.slot.role) == (season.review, "health_peer")
    assert "No health peer free in week" in blocked.blocked_by
    assert "1 have a conflict of interest" in blocked.blocked_by
    assert "1 are not free in" in blocked.blocked_by
    assert plan.places.filter(status=PlannedPlace.Status.PROPOSED).count() == 3 * 6 - 1


def test_every_hard_rule_holds_in_the_plan_built_from_the_database(season):
    built = adapter.build_season(season.reviews)
    plan = solver.solve(built, seconds=5, workers=1)
    assert solver.broken_rules(built, plan) == []
    nia = next(peer for peer in built.peers if peer.id == season.peers["nia"].pk)
    assert nia.conflicts[season.review.pk][0].startswith("Worked for Harrowmere")


def test_load_is_spread_evenly_across_the_season(season, django_capture_on_commit_callbacks):
    plan = _plan(season, django_capture_on_commit_callbacks)
    # Three officers for two officer places on each of three reviews: six places, six officers, one each.
    assert max(plan.load.values()) == 1


def test_accepting_a_review_sends_its_invitations_and_replanning_keeps_them(
    client, season, django_capture_on_commit_callbacks
):
    plan = _plan(season, django_capture_on_commit_callbacks)
    client.force_login(season.manager)
    second = season.reviews[1]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("teams:plan-accept", args=[plan.pk]), {"review": second.pk}, follow=True
        )
    assert "6 invitations sent." in response.content.decode()
    invited = SlotInvitation.objects.filter(slot__review=second, status=SlotInvitation.Status.PENDING)
    assert invited.count() == 6
    assert len(mail.outbox) == 6
    again = _plan(season, django_capture_on_commit_callbacks)
    assert not again.places.filter(slot__review=second).exists()
    assert set(again.places.values_list("slot__review", flat=True)) == {
        season.reviews[0].pk,
        season.reviews[2].pk,
    }


def test_accepting_one_place_invites_only_that_peer(client, season, django_capture_on_commit_callbacks):
    plan = _plan(season, django_capture_on_commit_callbacks)
    place = plan.places.filter(status=PlannedPlace.Status.PROPOSED).first()
    client.force_login(season.manager)
    client.post(reverse("teams:plan-accept", args=[plan.pk]), {"place": place.pk})
    (invitation,) = SlotInvitation.objects.all()
    assert (invitation.slot, invitation.peer) == (place.slot, place.peer)


def test_a_proposal_that_no_longer_holds_is_refused_and_nothing_is_accepted(
    season, django_capture_on_commit_callbacks
):
    plan = _plan(season, django_capture_on_commit_callbacks)
    review = season.reviews[2]
    place = plan.places.filter(slot__review=review, status=PlannedPlace.Status.PROPOSED).last()
    Unavailability.objects.create(peer=place.peer, starts=review.onsite_start, ends=review.onsite_start)
    places = list(plan.places.filter(slot__review=review, status=PlannedPlace.Status.PROPOSED))
    with pytest.raises(
        services.ActionRefused, match="unavailable during the on-site week. Nothing was accepted"
    ):
        services.accept_planned_places(plan, places, by=season.manager)
    assert not SlotInvitation.objects.exists()
    assert not plan.places.filter(status=PlannedPlace.Status.ACCEPTED).exists()


def test_a_plan_over_no_reviews_is_refused_next_to_the_field(client, season):
    client.force_login(season.manager)
    response = client.post(reverse("teams:plan-list"), {})
    assert "Choose at least one review to plan" in response.content.decode()
    assert not SeasonPlan.objects.exists()


def test_a_plan_of_reviews_with_every_place_taken_is_refused(season):
    review = season.reviews[1]
    peers = list(season.peers.values())
    for slot, peer in zip(review.team_slots.exclude(role="review_manager"), peers, strict=False):
        TeamSlot.objects.filter(pk=slot.pk).update(peer=peer)
    with pytest.raises(services.ActionRefused, match="already filled or has an invitation out"):
        services.request_season_plan([review], by=season.manager)
    assert not SeasonPlan.objects.exists()


def test_the_plan_page_shows_reasons_runner_up_and_load(client, season, django_capture_on_commit_callbacks):
    plan = _plan(season, django_capture_on_commit_callbacks)
    client.force_login(season.manager)
    page = client.get(reverse("teams:plan-detail", args=[plan.pk])).content.decode()
    assert "Cannot be filled" in page
    assert "No health peer free in week" in page
    assert "Runner-up" in page
    assert "Load per peer across these reviews" in page


def test_the_upcoming_reviews_form_ticks_the_next_six_months(client, season):
    client.force_login(season.manager)
    late = season.reviews[2]
    late.onsite_start = late.onsite_start + timedelta(weeks=30)
    late.save()
    form = client.get(reverse("teams:plan-list")).context["form"]
    assert set(form.initial["reviews"]) == {season.reviews[0].pk, season.reviews[1].pk}


def test_the_demo_shows_a_planned_season_with_an_unfillable_place_explained(db):
    from django.core.management import call_command

    call_command("seed_demo", stdout=StringIO())
    plan = SeasonPlan.objects.get()
    assert plan.status == SeasonPlan.Status.DONE
    assert plan.reviews.count() == 3
    assert plan.places.filter(status=PlannedPlace.Status.PROPOSED).count() >= 12
    blocked = plan.places.get(status=PlannedPlace.Status.UNFILLABLE, slot__role="health_peer")
    assert "have a conflict of interest with Westhaven Borough Council" in blocked.blocked_by


def test_the_plan_page_keeps_a_flat_query_count(
    client, season, count_queries, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        small = services.request_season_plan(season.reviews[:1], by=season.manager)
    large = _plan(season, django_capture_on_commit_callbacks)
    client.force_login(season.manager)
    counts = [
        count_queries(lambda p=p: client.get(reverse("teams:plan-detail", args=[p.pk])))
        for p in (small, large)
    ]
    assert counts[0] == counts[1]
    assert counts[1] <= 12


def test_the_plan_holds_a_reciprocal_conflict(season):
    from datetime import date

    from teams.models import PeerRole
    from tests.factories import AuthorityFactory, PeerProfileFactory, ReviewFactory

    review = season.reviews[1]
    home = AuthorityFactory(name="Harbour Town Council")
    nurse = PeerProfileFactory(full_name="Rae Home", home_authority=home, roles=[PeerRole.HEALTH_PEER])
    earlier = ReviewFactory(authority=home, onsite_start=date.today() - timedelta(days=200))
    reviewer = PeerProfileFactory(home_authority=review.authority)
    TeamSlot.objects.create(review=earlier, role=PeerRole.OFFICER_PEER, peer=reviewer)
    built = adapter.build_season([review])
    rae = next(peer for peer in built.peers if peer.id == nurse.pk)
    assert rae.conflicts[review.pk][0].startswith(f"Staff of {review.authority.name} reviewed Harbour Town")


def test_a_plan_is_made_once_however_often_its_message_comes(season):
    plan = SeasonPlan.objects.create(created_by=season.manager)
    plan.reviews.set(season.reviews)
    services.run_season_plan(plan.pk, token="first-message")
    made = plan.places.count()
    services.run_season_plan(plan.pk, token="a-duplicate")
    assert plan.places.count() == made == 18


def test_a_failing_plan_says_so_and_leaves_no_proposals(season, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("solver crashed")

    monkeypatch.setattr(solver, "solve", broken)
    plan = SeasonPlan.objects.create(created_by=season.manager)
    plan.reviews.set(season.reviews)
    plan = services.run_season_plan(plan.pk, token="only")
    assert plan.status == SeasonPlan.Status.FAILED
    assert "solver crashed" in plan.failure
    assert not plan.places.exists()


@pytest.mark.real_worker
def test_a_real_worker_makes_the_plan(real_celery_worker, shipped_data):
    import time

    from tests.conftest import build_world

    world = build_world()
    reviews, _ = build_season(world)
    plan = services.request_season_plan(reviews, by=world.people[Role.REVIEW_MANAGER])
    deadline = time.monotonic() + 60
    while plan.status != SeasonPlan.Status.DONE and time.monotonic() < deadline:
        time.sleep(0.2)
        plan.refresh_from_db()
    assert plan.status == SeasonPlan.Status.DONE
    assert plan.places.count() == 18


def test_a_review_called_off_before_the_plan_is_made_is_left_out(season):
    from django.utils import timezone

    plan = SeasonPlan.objects.create(created_by=season.manager)
    plan.reviews.set(season.reviews)
    type(season.review).objects.filter(pk=season.review.pk).update(called_off_at=timezone.now())
    plan = services.run_season_plan(plan.pk, token="only")
    assert plan.status == SeasonPlan.Status.DONE
    assert not plan.places.filter(slot__review=season.review).exists()
    assert plan.places.count() == 12

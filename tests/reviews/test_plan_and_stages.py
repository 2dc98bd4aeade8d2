"""The 12-week plan and the review's stages."""

from datetime import date, timedelta

import pytest
import time_machine
from django.urls import reverse

from reviews import services
from reviews.models import Milestone, Review, Role, StageChange
from tests.factories import AuthorityFactory, MembershipFactory


def test_moving_the_on_site_week_moves_the_plan_except_dates_set_by_hand(client, world):
    manager = world.people[Role.REVIEW_MANAGER]
    client.force_login(manager)
    documents = world.review.milestones.get(kind="documents_due")
    by_hand = date.today() + timedelta(days=30)
    client.post(
        reverse("reviews:milestone-edit", args=[world.review.pk, documents.pk]),
        {"due_0": by_hand.day, "due_1": by_hand.month, "due_2": by_hand.year},
    )
    new_start = world.review.onsite_start + timedelta(weeks=2)
    services.update_review(world.review, by=manager, onsite_start=new_start)

    documents.refresh_from_db()
    assert documents.due == by_hand
    assert documents.due_set_by == manager
    assert world.review.milestones.get(kind="scope_agreed").due == new_start - timedelta(weeks=12)


def test_milestone_date_must_be_a_real_date(client, world):
    client.force_login(world.people[Role.REVIEW_MANAGER])
    milestone = world.review.milestones.first()
    response = client.post(
        reverse("reviews:milestone-edit", args=[world.review.pk, milestone.pk]),
        {"due_0": "", "due_1": "", "due_2": ""},
    )
    assert response.context["form"].errors["due"] == ["Enter the day, month and year"]


def test_marking_a_milestone_done_and_undone(client, world):
    client.force_login(world.people[Role.REVIEW_MANAGER])
    milestone = world.review.milestones.get(kind="team_agreed")
    url = reverse("reviews:milestone-toggle", args=[world.review.pk, milestone.pk])
    client.post(url)
    milestone.refresh_from_db()
    assert milestone.is_done
    assert milestone.done_by == world.people[Role.REVIEW_MANAGER]
    client.post(url)
    milestone.refresh_from_db()
    assert not milestone.is_done


def test_overdue_milestones_stand_out_on_the_plan_and_dashboard(client, world):
    with time_machine.travel(world.review.onsite_start - timedelta(weeks=10)):
        client.force_login(world.people[Role.PEER])
        plan = client.get(reverse("reviews:plan", args=[world.review.pk])).content.decode()
        dashboard = client.get(reverse("dashboard")).content.decode()
    assert plan.count("Overdue") == 1  # scope agreed, due 12 weeks before
    assert "Overdue" in dashboard
    assert "Mark as done" not in plan  # peers read the plan only


def test_stage_move_says_what_is_missing_then_moves_once_it_is_done(client, world):
    manager = world.people[Role.REVIEW_MANAGER]
    client.force_login(manager)
    url = reverse("reviews:stage", args=[world.review.pk])
    assert "The council has not agreed the scope yet." in client.get(url).content.decode()

    refused = client.post(url, {"to_stage": "team"})
    assert "The council has not agreed the scope yet." in refused.context["form"].errors["to_stage"][0]
    world.review.refresh_from_db()
    assert world.review.stage == Review.Stage.SCOPING

    services.send_scope(world.review, by=manager)
    services.respond_to_scope(world.review, by=world.people[Role.COUNCIL_SPONSOR], agree=True)
    assert client.post(url, {"to_stage": "team"}).status_code == 302
    world.review.refresh_from_db()
    assert world.review.stage == Review.Stage.TEAM
    assert StageChange.objects.get(review=world.review).by == manager


def test_a_stage_cannot_be_skipped(world):
    review = world.review
    services.send_scope(review, by=world.people[Role.REVIEW_MANAGER])
    services.respond_to_scope(review, by=world.people[Role.COUNCIL_SPONSOR], agree=True)
    with pytest.raises(services.ActionRefused, match="one stage at a time"):
        services.move_stage(review, to_stage="preparation", by=world.people[Role.REVIEW_MANAGER])
    review.refresh_from_db()
    assert review.stage == Review.Stage.SCOPING


def test_moving_back_needs_a_reason_which_is_recorded(client, world):
    Review.objects.filter(pk=world.review.pk).update(stage=Review.Stage.PREPARATION)
    client.force_login(world.people[Role.REVIEW_MANAGER])
    url = reverse("reviews:stage", args=[world.review.pk])
    response = client.post(url, {"to_stage": "team", "reason": ""})
    assert response.context["form"].errors["reason"] == ["Give a reason for moving the review back"]

    client.post(url, {"to_stage": "team", "reason": "The health peer withdrew."})
    world.review.refresh_from_db()
    assert world.review.stage == Review.Stage.TEAM
    assert "The health peer withdrew." in client.get(url).content.decode()


def test_council_contacts_cannot_move_the_stage(client, world):
    client.force_login(world.people[Role.COUNCIL_SPONSOR])
    assert (
        client.post(reverse("reviews:stage", args=[world.review.pk]), {"to_stage": "team"}).status_code == 403
    )


def test_review_hub_says_what_is_missing_for_the_next_stage(client, world):
    client.force_login(world.people[Role.COUNCIL_ORGANISER])
    page = client.get(world.review.get_absolute_url()).content.decode()
    assert "Before moving to “Team”" in page
    assert "The council has not agreed the scope yet." in page


def test_flat_query_counts_for_plan_scope_list_and_hub(client, world, count_queries):
    manager = world.people[Role.REVIEW_MANAGER]
    client.force_login(manager)
    pages = [
        reverse("reviews:plan", args=[world.review.pk]),
        reverse("reviews:scope", args=[world.review.pk]),
        reverse("reviews:stage", args=[world.review.pk]),
        reverse("reviews:list"),
        reverse("dashboard"),
        world.review.get_absolute_url(),
    ]
    before = [count_queries(lambda url=url: client.get(url)) for url in pages]

    for _ in range(15):
        other = services.create_review(
            authority=AuthorityFactory(), created_by=manager, onsite_start=world.review.onsite_start
        )
        MembershipFactory(review=other)
    for milestone in world.review.milestones.all()[:4]:
        services.mark_milestone(milestone, done=True, by=manager)
    services.send_scope(world.review, by=manager)
    services.respond_to_scope(
        world.review, by=world.people[Role.COUNCIL_SPONSOR], agree=False, comment="More on LSCB"
    )
    services.update_review(world.review, by=manager, purpose="Changed")
    Review.objects.filter(pk=world.review.pk).update(stage=Review.Stage.TEAM)
    services.move_stage(world.review, to_stage="scoping", by=manager, reason="Back")

    after = [count_queries(lambda url=url: client.get(url)) for url in pages]
    assert before == after
    assert max(after) <= 12, dict(zip(pages, after, strict=True))
    assert Milestone.objects.count() > 100

"""When an inspection starts: postponing a review to new dates, or calling it off."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse

from reviews import services
from reviews.models import Milestone, Review, Role, add_working_days


def _date_fields(day, name="new_start"):
    return {f"{name}_0": day.day, f"{name}_1": day.month, f"{name}_2": day.year}


def _monday_after(review, weeks):
    day = review.onsite_start + timedelta(weeks=weeks)
    return day - timedelta(days=day.weekday())


def test_postponing_moves_the_week_and_the_plan_and_keeps_hand_set_dates_as_far_from_it(
    client, world, django_capture_on_commit_callbacks
):
    review, manager = world.review, world.people[Role.REVIEW_MANAGER]
    documents = review.milestones.get(kind=Milestone.Kind.DOCUMENTS_DUE)
    by_hand = documents.due - timedelta(days=3)
    services.reschedule_milestone(documents, due=by_hand, by=manager)
    old_workshop, new_start = review.feedback_workshop, _monday_after(review, 6)
    shift = new_start - review.onsite_start
    client.force_login(manager)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("reviews:postpone", args=[review.pk]),
            {**_date_fields(new_start), "reason": "Ofsted announced an inspection for that week."},
        )

    assert response.status_code == 302
    review.refresh_from_db()
    assert review.onsite_start == new_start
    assert review.onsite_end == add_working_days(new_start, 4)
    assert review.feedback_workshop == old_workshop + shift
    assert review.milestones.get(kind=Milestone.Kind.SCOPE_AGREED).due == new_start - timedelta(weeks=12)
    assert review.milestones.get(kind=Milestone.Kind.DOCUMENTS_DUE).due == by_hand + shift
    page = client.get(review.get_absolute_url()).content.decode()
    assert "Ofsted announced an inspection for that week." in page


def test_everyone_on_a_postponed_review_gets_their_own_email_with_the_new_dates(
    world, django_capture_on_commit_callbacks
):
    review, manager = world.review, world.people[Role.REVIEW_MANAGER]
    new_start = _monday_after(review, 6)
    with django_capture_on_commit_callbacks(execute=True):
        services.postpone_review(review, new_start=new_start, reason="Inspection.", by=manager)

    assert sorted(m.to[0] for m in mail.outbox) == sorted(p.email for p in world.people.values())
    assert all(len(m.to) == 1 for m in mail.outbox)
    assert f"{new_start:%-d %B %Y}" in mail.outbox[0].subject
    assert "Inspection." not in mail.outbox[0].body  # the reason stays on the page, not in email


def test_postponing_needs_a_working_day_and_a_reason_said_next_to_the_field(client, world):
    review = world.review
    saturday = _monday_after(review, 6) - timedelta(days=2)
    client.force_login(world.people[Role.REVIEW_MANAGER])
    response = client.post(
        reverse("reviews:postpone", args=[review.pk]), {**_date_fields(saturday), "reason": ""}
    )

    errors = response.context["form"].errors
    assert errors["new_start"] == ["The first on-site day must be a working day (Monday to Friday)"]
    assert errors["reason"] == ["Say why the review is postponed"]
    review.refresh_from_db()
    assert review.onsite_start != saturday


def test_a_review_at_the_letter_can_no_longer_be_postponed_or_called_off(world):
    review, manager = world.review, world.people[Role.REVIEW_MANAGER]
    Review.objects.filter(pk=review.pk).update(stage=Review.Stage.LETTER)
    with pytest.raises(services.ActionRefused, match="started on the letter"):
        services.call_off_review(review, reason="Inspection.", by=manager)
    review.refresh_from_db()
    assert not review.is_called_off


def test_a_called_off_review_shows_as_called_off_on_the_dashboard_and_the_review_list(client, world):
    review, manager = world.review, world.people[Role.REVIEW_MANAGER]
    client.force_login(manager)
    response = client.post(
        reverse("reviews:call-off", args=[review.pk]), {"reason": "Ofsted started an inspection."}
    )
    assert response.status_code == 302

    review.refresh_from_db()
    assert review.stage == Review.Stage.CLOSED
    assert review.called_off_by == manager
    change = review.stage_changes.get(to_stage=Review.Stage.CLOSED)
    assert change.reason == "Called off: Ofsted started an inspection."
    assert "Called off" in client.get(reverse("dashboard")).content.decode()
    assert "Called off" in client.get(reverse("reviews:list")).content.decode()


def test_a_called_off_review_can_be_read_but_not_changed(client, world):
    review, manager = world.review, world.people[Role.REVIEW_MANAGER]
    services.call_off_review(review, reason="Inspection started.", by=manager)
    client.force_login(manager)

    page = client.get(review.get_absolute_url())
    refused = client.post(reverse("reviews:edit", args=[review.pk]), {"purpose": "Something else"})

    assert page.status_code == 200
    assert "Inspection started." in page.content.decode()
    assert "Call off the review" not in page.content.decode()
    assert refused.status_code == 403
    assert "nothing on it can be changed" in refused.content.decode()
    review.refresh_from_db()
    assert review.purpose == "To see how well children are kept safe."


def test_calling_off_withdraws_invitations_nobody_accepted_yet(world):
    review, manager = world.review, world.people[Role.REVIEW_MANAGER]
    invitation = services.invite_member(
        review=review, email="late@example.org", role=Role.PEER, invited_by=manager
    )
    services.call_off_review(review, reason="Inspection.", by=manager)
    invitation.refresh_from_db()
    assert invitation.status == invitation.Status.REVOKED

"""A postponed or called-off review, as the on-site work sees it."""

from datetime import timedelta

from casework.services import retention
from casework.services.followup import add_months
from reviews import services
from reviews.models import Role, add_working_days
from tests.casework.factories import NoteFactory, SessionFactory


def test_postponing_moves_each_session_to_the_same_working_day_of_the_new_week(world):
    review, manager = world.review, world.people[Role.REVIEW_MANAGER]
    first_day = SessionFactory(review=review, day=review.onsite_start)
    fourth_day = SessionFactory(review=review, day=add_working_days(review.onsite_start, 3))
    new_start = review.onsite_start + timedelta(weeks=5)
    new_start -= timedelta(days=new_start.weekday())  # a Monday

    services.postpone_review(review, new_start=new_start, reason="Inspection.", by=manager)

    first_day.refresh_from_db()
    fourth_day.refresh_from_db()
    assert first_day.day == new_start
    assert fourth_day.day == new_start + timedelta(days=3)
    assert fourth_day.sequence == 1  # calendars that subscribed see the change


def test_the_notes_of_a_called_off_review_are_deleted_a_retention_period_after_the_call_off(world, settings):
    review, manager = world.review, world.people[Role.REVIEW_MANAGER]
    NoteFactory(review=review, author=world.people[Role.PEER])
    services.call_off_review(review, reason="Inspection.", by=manager)
    called_off = review.__class__.objects.get(pk=review.pk).called_off_at.date()

    just_before = add_months(called_off, settings.RETENTION_MONTHS) - timedelta(days=1)
    assert retention.due_for_retention(today=just_before) == []
    due = retention.due_for_retention(today=add_months(called_off, settings.RETENTION_MONTHS))
    assert [item.review for item in due] == [review]

"""Emails that tell the council the scope waits for it, and the manager that the council answered."""

from django.core import mail

from reviews import services
from reviews.models import COUNCIL_ROLES, Role


def test_sending_the_scope_emails_each_council_contact_on_their_own(
    world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.send_scope(world.review, by=world.people[Role.REVIEW_MANAGER])
    assert sorted(m.to for m in mail.outbox) == sorted([[world.people[role].email] for role in COUNCIL_ROLES])
    assert all("waits for your agreement" in m.subject for m in mail.outbox)
    assert all(f"/reviews/{world.review.pk}/scope/" in m.body for m in mail.outbox)


def test_the_manager_is_emailed_when_the_council_asks_for_changes_without_its_comment(
    world, django_capture_on_commit_callbacks
):
    services.send_scope(world.review, by=world.people[Role.REVIEW_MANAGER])
    with django_capture_on_commit_callbacks(execute=True):
        services.respond_to_scope(
            world.review,
            by=world.people[Role.COUNCIL_SPONSOR],
            agree=False,
            comment="Please add our work with the Jubilee Street children's home.",
        )
    (email,) = mail.outbox
    assert email.to == [world.people[Role.REVIEW_MANAGER].email]
    assert "asked for changes to the scope" in email.subject
    assert "Jubilee Street" not in email.body

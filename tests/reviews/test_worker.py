"""The invitation email goes through a real Celery worker on the Redis broker."""

import time

import pytest
from django.core import mail

from reviews import services
from reviews.models import Role
from tests.factories import MembershipFactory


@pytest.mark.real_worker
def test_real_worker_sends_the_invitation_email(real_celery_worker):
    manager = MembershipFactory(role=Role.REVIEW_MANAGER)
    invitation = services.invite_member(
        review=manager.review, email="worker-test@example.org", role=Role.PEER, invited_by=manager.user
    )

    deadline = time.monotonic() + 20
    invitation.refresh_from_db()
    while invitation.sent_at is None and time.monotonic() < deadline:
        time.sleep(0.1)
        invitation.refresh_from_db()

    assert invitation.sent_at is not None, "the worker did not send the invitation within 20 seconds"
    assert [m.to for m in mail.outbox] == [["worker-test@example.org"]]
    assert invitation.get_absolute_url() in mail.outbox[0].body

"""Inviting people to a review, and accepting or withdrawing invitations."""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from .. import audit
from ..models import Invitation, Membership
from ..tasks import send_invitation_email

logger = logging.getLogger(__name__)


class InvitationUnusable(Exception):
    """The invitation was withdrawn, has expired or has been used."""

    def __init__(self, invitation):
        self.invitation = invitation
        super().__init__(invitation.status)


@transaction.atomic
def invite_member(*, review, email, role, invited_by):
    invitation = Invitation.objects.create(
        review=review,
        email=get_user_model().objects.normalize_email(email),
        role=role,
        invited_by=invited_by,
    )
    transaction.on_commit(lambda: send_invitation_email.delay(invitation.pk))
    audit.record(
        audit.Action.INVITATION_SENT,
        user=invited_by,
        review=review,
        target=f"{invitation.email} as {invitation.get_role_display()}",
    )
    return invitation


def deliver_invitation(invitation_id):
    """Email the invitation link. Safe to run twice: a sent or unusable invitation is skipped."""
    with transaction.atomic():
        invitation = (
            Invitation.objects.select_for_update(of=("self",))
            .select_related("review__authority", "invited_by")
            .filter(pk=invitation_id)
            .first()
        )
        if invitation is None or invitation.sent_at or not invitation.is_usable:
            return False
        context = {
            "invitation": invitation,
            "link": settings.SITE_URL + invitation.get_absolute_url(),
        }
        send_mail(
            subject=render_to_string("reviews/email/invitation_subject.txt", context).strip(),
            message=render_to_string("reviews/email/invitation_body.txt", context),
            from_email=None,
            recipient_list=[invitation.email],
        )
        invitation.sent_at = timezone.now()
        invitation.save(update_fields=["sent_at"])
    logger.info("Sent invitation %s", invitation_id)
    return True


def revoke_invitation(invitation, *, by):
    if invitation.accepted_at:
        raise InvitationUnusable(invitation)
    if not invitation.revoked_at:
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at"])
        audit.record(
            audit.Action.INVITATION_WITHDRAWN, user=by, review=invitation.review, target=invitation.email
        )
    return invitation


def _locked_usable(invitation):
    locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not locked.is_usable:
        raise InvitationUnusable(locked)
    return locked


def grant_membership(review, user, role):
    """Put a person on a review in a role: the one way access to a review is given."""
    membership, created = Membership.objects.get_or_create(review=review, user=user, defaults={"role": role})
    if not created and membership.role != role:
        membership.role = role
        membership.save(update_fields=["role"])
    audit.record(
        audit.Action.MEMBERSHIP_GRANTED, user=user, review=review, target=membership.get_role_display()
    )
    return membership


@transaction.atomic
def accept_invitation(invitation, user):
    """Make the user a member of the invitation's review. The link cannot be used again."""
    invitation = _locked_usable(invitation)
    membership = grant_membership(invitation.review, user, invitation.role)
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    return membership


@transaction.atomic
def register_from_invitation(invitation, *, full_name, password, job_title=""):
    """Create the invited person's account and accept the invitation in one step."""
    invitation = _locked_usable(invitation)
    user = get_user_model().objects.create_user(
        email=invitation.email, password=password, full_name=full_name, job_title=job_title
    )
    accept_invitation(invitation, user)
    return user

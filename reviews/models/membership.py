import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from .review import Review


class Role(models.TextChoices):
    """What a person is on one review. Decides what they may see of it."""

    REVIEW_MANAGER = "review_manager", "Review manager"
    TEAM_LEADER = "team_leader", "Team leader"
    PEER = "peer", "Peer"
    ANALYST_PEER = "analyst_peer", "Analyst peer"
    COUNCIL_SPONSOR = "council_sponsor", "Council sponsor"
    COUNCIL_ORGANISER = "council_organiser", "Council organiser"


TEAM_ROLES = frozenset({Role.REVIEW_MANAGER, Role.TEAM_LEADER, Role.PEER, Role.ANALYST_PEER})
COUNCIL_ROLES = frozenset({Role.COUNCIL_SPONSOR, Role.COUNCIL_ORGANISER})


class Membership(models.Model):
    """A person's place on a review: the one thing that grants access to it."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=30, choices=Role.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["review", "user"], name="one_membership_per_review")]
        ordering = ["review", "role", "user__full_name"]

    def __str__(self):
        return f"{self.user} – {self.get_role_display()} – {self.review}"


def new_invitation_token():
    return secrets.token_urlsafe(32)


def invitation_expiry():
    return timezone.now() + timedelta(days=settings.INVITATION_VALID_DAYS)


class Invitation(models.Model):
    """A one-time link that makes the person with this email a member of a review."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for reply"
        ACCEPTED = "accepted", "Accepted"
        REVOKED = "revoked", "Withdrawn"
        EXPIRED = "expired", "Expired"

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField()
    role = models.CharField(max_length=30, choices=Role.choices)
    token = models.CharField(max_length=64, unique=True, default=new_invitation_token, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(default=invitation_expiry)
    sent_at = models.DateTimeField(null=True, blank=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.email} as {self.get_role_display()} on {self.review_id}"

    def get_absolute_url(self):
        return reverse("invitation-accept", args=[self.token])

    @property
    def status(self):
        if self.accepted_at:
            return self.Status.ACCEPTED
        if self.revoked_at:
            return self.Status.REVOKED
        if self.expires_at <= timezone.now():
            return self.Status.EXPIRED
        return self.Status.PENDING

    @property
    def is_usable(self):
        return self.status == self.Status.PENDING

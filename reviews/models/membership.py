from datetime import timedelta

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from peerreview.tokens import new_token

from .review import Review


class Role(models.TextChoices):
    """What a person is on one review. Decides what they may see of it."""

    REVIEW_MANAGER = "review_manager", "Review manager"
    TEAM_LEADER = "team_leader", "Team leader"
    PEER = "peer", "Peer"
    ANALYST_PEER = "analyst_peer", "Analyst peer"
    COUNCIL_SPONSOR = "council_sponsor", "Council sponsor"
    COUNCIL_ORGANISER = "council_organiser", "Council organiser"
    # Named by the programme to approve the letter before the council sees it (the review manager
    # approves by default). Not on the team: reads the letter, its checks and its sources only.
    QUALITY_ASSURER = "quality_assurer", "Quality assurer"


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


def invitation_expiry():
    return timezone.now() + timedelta(days=settings.INVITATION_VALID_DAYS)


class InvitationLink(models.Model):
    """What every invitation shares: a secret link, sent by email, that stops working after
    INVITATION_VALID_DAYS. The person who sent it is named on the "expired" page, to ask for a new one.

    Two kinds build on it: ``Invitation`` (a place on a review, for any role) and
    ``teams.SlotInvitation`` (a peer's place on the team, which they may also decline).
    """

    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    expires_at = models.DateTimeField(default=invitation_expiry)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True

    @property
    def has_expired(self):
        return self.expires_at <= timezone.now()


class Invitation(InvitationLink):
    """A one-time link that makes the person with this email a member of a review."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for reply"
        ACCEPTED = "accepted", "Accepted"
        REVOKED = "revoked", "Withdrawn"
        EXPIRED = "expired", "Expired"

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField()
    role = models.CharField(max_length=30, choices=Role.choices)
    created_at = models.DateTimeField(auto_now_add=True)
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
        return reverse("reviews:invitation-accept", args=[self.token])

    @property
    def status(self):
        if self.accepted_at:
            return self.Status.ACCEPTED
        if self.revoked_at:
            return self.Status.REVOKED
        if self.has_expired:
            return self.Status.EXPIRED
        return self.Status.PENDING

    @property
    def is_usable(self):
        return self.status == self.Status.PENDING

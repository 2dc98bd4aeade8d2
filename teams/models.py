"""The peer pool and each review's team.

A PeerProfile is someone the programme can ask to review; they may not have an
account until they first accept a place. A TeamSlot is a place on one review's
team; a SlotInvitation asks one peer to fill one slot. Accepting grants the
peer membership of the review through reviews.services, the one place access
is given.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from peerreview.models import TrackedJob
from reviews.models import Authority, InvitationLink, Review, Role


class PeerRole(models.TextChoices):
    """What a peer can be on a team, and what a team slot asks for."""

    REVIEW_MANAGER = "review_manager", "Review manager"
    TEAM_LEADER = "team_leader", "Team leader"
    MEMBER_PEER = "member_peer", "Member peer"
    OFFICER_PEER = "officer_peer", "Officer peer"
    HEALTH_PEER = "health_peer", "Health peer"
    POLICE_PEER = "police_peer", "Police peer"
    VOLUNTARY_PEER = "voluntary_peer", "Voluntary-sector peer"
    ANALYST_PEER = "analyst_peer", "Analyst peer"
    SPECIALIST = "specialist", "Specialist peer"

    @property
    def review_role(self):
        """The role on the review that a place in this slot gives."""
        return {
            "review_manager": Role.REVIEW_MANAGER,
            "team_leader": Role.TEAM_LEADER,
            "analyst_peer": Role.ANALYST_PEER,
        }.get(self.value, Role.PEER)


# The slots every review starts with, in order; the others are added when wanted.
STANDARD_SLOTS = [
    PeerRole.REVIEW_MANAGER,
    PeerRole.TEAM_LEADER,
    PeerRole.MEMBER_PEER,
    PeerRole.OFFICER_PEER,
    PeerRole.OFFICER_PEER,
    PeerRole.HEALTH_PEER,
    PeerRole.ANALYST_PEER,
]
OPTIONAL_SLOTS = [PeerRole.POLICE_PEER, PeerRole.VOLUNTARY_PEER, PeerRole.SPECIALIST]


class Expertise(models.Model):
    name = models.CharField(max_length=80, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "expertise"

    def __str__(self):
        return self.name


class PeerProfile(models.Model):
    class OrganisationType(models.TextChoices):
        COUNCIL = "council", "Council children's services"
        HEALTH = "health", "Health"
        POLICE = "police", "Police"
        EDUCATION = "education", "Education"
        VOLUNTARY = "voluntary", "Voluntary sector"
        OTHER = "other", "Other"

    class Accreditation(models.TextChoices):
        ACCREDITED = "accredited", "Accredited"
        IN_TRAINING = "in_training", "In training"
        LAPSED = "lapsed", "Lapsed"

    # Partner agencies: a team needs at least one peer from outside council children's services.
    PARTNER_TYPES = frozenset({"health", "police", "education", "voluntary"})

    full_name = models.CharField(max_length=150)
    email = models.EmailField(unique=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="peer_profile",
    )
    job_title = models.CharField(max_length=150, blank=True)
    organisation = models.CharField("employing organisation", max_length=200, blank=True)
    organisation_type = models.CharField(
        max_length=20, choices=OrganisationType.choices, default=OrganisationType.COUNCIL
    )
    home_authority = models.ForeignKey(
        Authority, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        help_text="The council area the peer works in. Peers never review their own council or its neighbours.",
    )  # fmt: skip
    region = models.CharField(max_length=20, choices=Authority.Region.choices, blank=True)
    expertise = models.ManyToManyField(Expertise, blank=True, related_name="peers")
    trained_on = models.DateField("date trained", null=True, blank=True)
    accreditation = models.CharField(
        max_length=20, choices=Accreditation.choices, default=Accreditation.ACCREDITED
    )
    notes = models.TextField(blank=True, help_text="Seen by review managers only.")
    max_reviews_per_year = models.PositiveSmallIntegerField(
        "most reviews a year",
        default=3,
        help_text="The season plan never gives the peer more places on reviews on site in one calendar year.",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["full_name"]
        indexes = [models.Index(fields=["region"]), models.Index(fields=["trained_on"])]

    def __str__(self):
        return self.full_name

    def get_absolute_url(self):
        return reverse("teams:peer-detail", args=[self.pk])

    @property
    def is_partner_agency(self):
        return self.organisation_type in self.PARTNER_TYPES


class PeerCapability(models.Model):
    """One role a peer can take on a team."""

    peer = models.ForeignKey(PeerProfile, on_delete=models.CASCADE, related_name="capabilities")
    role = models.CharField(max_length=20, choices=PeerRole.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["peer", "role"], name="one_capability_per_role")]
        indexes = [models.Index(fields=["role", "peer"])]

    def __str__(self):
        return self.get_role_display()


class Unavailability(models.Model):
    peer = models.ForeignKey(PeerProfile, on_delete=models.CASCADE, related_name="unavailable")
    starts = models.DateField("first day")
    ends = models.DateField("last day")
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["starts"]
        verbose_name_plural = "unavailability"

    def __str__(self):
        return f"{self.starts:%d/%m/%Y}–{self.ends:%d/%m/%Y}"


class DeclaredConflict(models.Model):
    """A relationship with a council the peer has declared: it rules them out of reviewing that council."""

    class Relationship(models.TextChoices):
        FAMILY = "family", "A family member or partner works there"
        FRIEND = "friend", "A close friend works there"
        CONTRACT = "contract", "Has a contract or business with it"
        OTHER = "other", "Other"

    peer = models.ForeignKey(PeerProfile, on_delete=models.CASCADE, related_name="declared_conflicts")
    authority = models.ForeignKey(Authority, on_delete=models.CASCADE, related_name="+")
    relationship = models.CharField(max_length=20, choices=Relationship.choices, default=Relationship.OTHER)
    reason = models.CharField(max_length=200, help_text="For example, “worked there until 2024”.")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["peer", "authority"], name="one_conflict_per_council")]

    def __str__(self):
        return f"{self.authority}: {self.reason}"


class EmploymentPeriod(models.Model):
    """Where a peer worked (for a council, or with it), and when: recent links rule out reviewing that council."""

    class Link(models.TextChoices):
        WORKED_FOR = "for", "Worked for"
        WORKED_WITH = "with", "Worked with (seconded, contracted or in partnership)"

    peer = models.ForeignKey(PeerProfile, on_delete=models.CASCADE, related_name="employment")
    organisation = models.CharField(max_length=200)
    authority = models.ForeignKey(
        Authority, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="council"
    )
    link = models.CharField(max_length=10, choices=Link.choices, default=Link.WORKED_FOR)
    starts = models.DateField("from")
    ends = models.DateField("to", null=True, blank=True, help_text="Blank if the peer still works there.")

    class Meta:
        ordering = ["-starts", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends__isnull=True) | models.Q(ends__gte=models.F("starts")),
                name="employment_ends_after_it_starts",
            )
        ]

    def __str__(self):
        until = f"{self.ends:%m/%Y}" if self.ends else "now"
        return f"{self.organisation}, {self.starts:%m/%Y} to {until}"


class TeamSlot(models.Model):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="team_slots")
    role = models.CharField(max_length=20, choices=PeerRole.choices)
    position = models.PositiveSmallIntegerField(default=0)
    peer = models.ForeignKey(
        PeerProfile, on_delete=models.PROTECT, null=True, blank=True, related_name="slots"
    )
    tbc_note = models.CharField(
        "note", max_length=200, blank=True, help_text="Why the place is not filled yet, and what is planned."
    )
    tbc_note_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["review", "position", "pk"]

    def __str__(self):
        return f"{self.get_role_display()} on {self.review}"

    @property
    def is_optional(self):
        return self.role in OPTIONAL_SLOTS


class SlotInvitation(InvitationLink):
    """A peer's invitation to one place on a review's team, answered through its link.

    Like a review invitation, the link stops working after INVITATION_VALID_DAYS (a stale link must not
    give a place on a confidential review); the peer is reminded once before that.
    """

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for reply"
        ACCEPTED = "accepted", "Accepted"
        DECLINED = "declined", "Declined"
        WITHDRAWN = "withdrawn", "Withdrawn"

    slot = models.ForeignKey(TeamSlot, on_delete=models.CASCADE, related_name="invitations")
    peer = models.ForeignKey(PeerProfile, on_delete=models.CASCADE, related_name="invitations")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    conflict_override = models.TextField(
        blank=True, help_text="Why the peer is invited despite a conflict of interest."
    )
    decline_reason = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    reminded_at = models.DateTimeField(null=True, blank=True)
    responded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["slot"], condition=models.Q(status="pending"), name="one_pending_invitation_per_slot"
            )
        ]

    def __str__(self):
        return f"{self.peer} for {self.slot}"

    def get_absolute_url(self):
        return reverse("teams:invitation-respond", args=[self.token])

    @property
    def is_open(self):
        """Waiting for the peer's answer, and its link still works."""
        return self.status == self.Status.PENDING and not self.has_expired


class TeamAgreement(models.Model):
    """The council's view of the proposed team, and what happened to it."""

    class Kind(models.TextChoices):
        SENT = "sent", "Sent to the council"
        AGREED = "agreed", "Agreed by the council"
        CONCERN = "concern", "Council raised a concern"
        CHANGED = "changed", "Team changed after agreement"

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="team_events")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    comment = models.TextField(blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self):
        return self.get_kind_display()


class PeerImport(TrackedJob):
    """An uploaded CSV of peers: checked first, imported only when the manager confirms."""

    class Status(models.TextChoices):
        CHECKED = "checked", "Checked, waiting for confirmation"
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Importing"
        DONE = "done", "Imported"
        FAILED = "failed", "Failed"

    JOB_TASK = "teams.tasks.import_peers"
    JOB_WAITING = Status.QUEUED
    JOB_WORKING = Status.RUNNING
    JOB_FAILED = Status.FAILED

    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    file_name = models.CharField(max_length=200)
    content = models.TextField()
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.CHECKED)
    valid_rows = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    failure = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return self.file_name


class ConflictCheck(models.Model):
    """A record that someone checked one peer against one review, and what was found."""

    peer = models.ForeignKey(PeerProfile, on_delete=models.CASCADE, related_name="conflict_checks")
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="+")
    conflicts = models.JSONField(default=list)  # [{"rule", "record", "text"}]
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.peer} against {self.review}"

    @property
    def clear(self):
        return not self.conflicts


class SeasonPlan(TrackedJob):
    """A plan for the open places of several reviews at once, made by the solver in the background."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Planning"
        DONE = "done", "Ready"
        FAILED = "failed", "Failed"

    JOB_TASK = "teams.tasks.make_season_plan"
    JOB_WAITING = Status.QUEUED
    JOB_WORKING = Status.RUNNING
    JOB_FAILED = Status.FAILED

    reviews = models.ManyToManyField(Review, related_name="+")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.QUEUED)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    # What the solver said (optimal, feasible), how long it took, and each peer's load: {peer_id: places}.
    solver_status = models.CharField(max_length=30, blank=True)
    seconds = models.FloatField(null=True, blank=True)
    load = models.JSONField(default=dict)
    failure = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"Season plan of {timezone.localtime(self.created_at):%d/%m/%Y %H:%M}"

    def get_absolute_url(self):
        return reverse("teams:plan-detail", args=[self.pk])


class PlannedPlace(models.Model):
    """What the plan proposes for one open place: a peer with reasons and a runner-up, or why nobody fits."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", "Proposed"
        ACCEPTED = "accepted", "Accepted, invitation sent"
        UNFILLABLE = "unfillable", "Cannot be filled"

    plan = models.ForeignKey(SeasonPlan, on_delete=models.CASCADE, related_name="places")
    slot = models.ForeignKey(TeamSlot, on_delete=models.CASCADE, related_name="+")
    peer = models.ForeignKey(PeerProfile, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    reasons = models.JSONField(default=list)
    runner_up = models.ForeignKey(
        PeerProfile, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    runner_up_reasons = models.JSONField(default=list)
    blocked_by = models.TextField(blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PROPOSED)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    accepted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["slot__review__onsite_start", "slot__review_id", "slot__position", "slot_id"]
        constraints = [models.UniqueConstraint(fields=["plan", "slot"], name="one_proposal_per_place")]

    def __str__(self):
        return f"{self.slot}: {self.peer or self.get_status_display()}"

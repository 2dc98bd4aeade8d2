"""The on-site week: venues, travel between them, and the timetable of sessions.

Participants are recorded by role and agency; a name and contact are optional,
seen only by the review manager and the council organiser, and never reach
notes or findings.
"""

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from peerreview.models import TrackedJob
from reviews.models import AgencyType, Review, ReviewTheme


class Venue(models.Model):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="venues")
    name = models.CharField(max_length=150)
    address = models.TextField(blank=True)
    access_notes = models.TextField("notes on access", blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["review", "name"], name="unique_venue_name_per_review")
        ]

    def __str__(self):
        return self.name


class TravelTime(models.Model):
    """Minutes between two venues; one entry covers both directions (stored with the lower id first)."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="travel_times")
    venue_a = models.ForeignKey(Venue, on_delete=models.CASCADE, related_name="+")
    venue_b = models.ForeignKey(Venue, on_delete=models.CASCADE, related_name="+")
    minutes = models.PositiveSmallIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["venue_a", "venue_b"], name="one_travel_time_per_pair"),
            models.CheckConstraint(
                condition=models.Q(venue_a__lt=models.F("venue_b")), name="travel_pair_ordered"
            ),
        ]

    def __str__(self):
        return f"{self.venue_a} ↔ {self.venue_b}: {self.minutes} min"


class Programme(models.Model):
    """The timetable's settings and whether it has been published."""

    review = models.OneToOneField(Review, on_delete=models.CASCADE, related_name="programme")
    default_travel_minutes = models.PositiveSmallIntegerField(
        "default travel time (minutes)",
        default=30,
        help_text="Used between venues with no travel time of their own.",
    )
    max_interview_hours = models.PositiveSmallIntegerField(
        "most interview hours for a peer in a day", default=5
    )
    organiser_may_edit_on_site = models.BooleanField(
        "the council organiser may change the timetable during the on-site week", default=False
    )
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    def __str__(self):
        return f"Timetable of {self.review}"

    @property
    def is_published(self):
        return self.published_at is not None


class Session(models.Model):
    class Kind(models.TextChoices):
        OPENING = "opening", "Opening meeting with senior managers"
        INTERVIEW = "interview", "Interview"
        FOCUS_GROUP = "focus_group", "Focus group"
        OBSERVATION = "observation", "Practice observation"
        SITE_VISIT = "site_visit", "Site visit"
        CASE_DISCUSSION = "case_discussion", "Case discussion"
        CATCH_UP = "catch_up", "Daily catch-up with the council"
        REFLECTION = "reflection", "Team reflection"
        PRESENTATION = "presentation", "Feedback presentation"
        WORKSHOP = "workshop", "Feedback and prioritisation workshop"
        OTHER = "other", "Other"

    # Sessions in which peers question people: they count towards a peer's interview hours.
    QUESTIONING = frozenset({"interview", "focus_group", "case_discussion"})

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="sessions")
    kind = models.CharField("type", max_length=20, choices=Kind.choices)
    title = models.CharField(
        max_length=200, blank=True, help_text="For example, “Designated nurse and named GP”."
    )
    day = models.DateField()
    starts = models.TimeField()
    ends = models.TimeField()
    venue = models.ForeignKey(Venue, on_delete=models.PROTECT, null=True, blank=True, related_name="sessions")
    remote_link = models.URLField(
        "joining link", blank=True, help_text="For a remote session, instead of a venue."
    )
    themes = models.ManyToManyField(ReviewTheme, blank=True, related_name="sessions")
    focus_areas = models.JSONField(default=list, blank=True)
    peers = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="sessions")
    # For calendars: a stable identity and a sequence that rises with every change.
    uid = models.UUIDField(default=uuid.uuid4, editable=False, unique=True)
    sequence = models.PositiveIntegerField(default=0)
    # Optimistic locking: a save must name the version it started from.
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["day", "starts", "pk"]
        indexes = [models.Index(fields=["review", "day", "starts"])]

    def __str__(self):
        return self.title or self.get_kind_display()

    def get_absolute_url(self):
        return reverse("casework:session-edit", args=[self.review_id, self.pk])

    @property
    def label(self):
        return f"{self.get_kind_display()}: {self.title}" if self.title else self.get_kind_display()

    @property
    def minutes(self):
        return (self.ends.hour * 60 + self.ends.minute) - (self.starts.hour * 60 + self.starts.minute)


class Participant(models.Model):
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="participants")
    role = models.CharField(
        max_length=150, help_text="For example, “Head of Service, Children's Social Care”."
    )
    agency = models.CharField(max_length=20, choices=AgencyType.choices)
    name = models.CharField("name (optional)", max_length=150, blank=True)
    contact = models.CharField("contact (optional)", max_length=150, blank=True)

    class Meta:
        ordering = ["agency", "role"]

    def __str__(self):
        return f"{self.role}, {self.get_agency_display()}"


class TimetableChange(models.Model):
    """What changed after the timetable was published, for the change log and "changed" marks."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="timetable_changes")
    session = models.ForeignKey(
        Session, on_delete=models.SET_NULL, null=True, blank=True, related_name="changes"
    )
    day = models.DateField()
    summary = models.CharField(max_length=300)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self):
        return self.summary


class TimetableView(models.Model):
    """When a person last looked at their programme, to mark what changed since."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    seen_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["review", "user"], name="one_view_mark_per_person")]

    def __str__(self):
        return f"{self.user} saw {self.review} at {self.seen_at:%d/%m/%Y %H:%M}"


def new_feed_token():
    return secrets.token_urlsafe(32)


class CalendarFeed(models.Model):
    """A secret, revocable address for one person's calendar of one review."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="calendar_feeds")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feeds"
    )
    token = models.CharField(max_length=64, unique=True, default=new_feed_token, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"Calendar of {self.user} for {self.review}"

    def get_absolute_url(self):
        return reverse("calendar-feed", args=[self.token])


class NoteQuerySet(models.QuerySet):
    def shared(self):
        """Finished notes: the only ones anyone but their author sees. A draft may still name someone."""
        return self.filter(is_draft=False)


class Note(models.Model):
    """What a peer heard or read, in their own words: never attributed to a named person."""

    class Kind(models.TextChoices):
        STRENGTH = "strength", "Strength"
        DEVELOPMENT = "development", "Area for development"
        EVIDENCE = "evidence", "Evidence or data"
        PRACTICE = "practice", "Example of practice"
        QUOTE = "quote", "Quote to use without attribution"

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="notes")
    session = models.ForeignKey(
        Session, on_delete=models.SET_NULL, null=True, blank=True, related_name="notes"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="notes"
    )
    text = models.TextField()
    kind = models.CharField("kind of point", max_length=20, choices=Kind.choices, blank=True)
    agency = models.CharField("agency heard from", max_length=20, choices=AgencyType.choices, blank=True)
    themes = models.ManyToManyField(ReviewTheme, blank=True, related_name="notes")
    lines = models.ManyToManyField("reviews.ReviewLine", blank=True, related_name="notes")
    # Made by the browser when the note is first typed, so that saving it again (after a
    # dropped connection, say) updates the same note instead of making a second one.
    client_id = models.UUIDField(unique=True)
    is_draft = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    objects = NoteQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["review", "is_draft", "created_at"])]

    def __str__(self):
        return self.text[:60]

    def get_absolute_url(self):
        return reverse("casework:note-edit", args=[self.review_id, self.pk])


class HypothesisEvidence(models.Model):
    class Stance(models.TextChoices):
        SUPPORTS = "supports", "Supports"
        CHALLENGES = "challenges", "Challenges"

    note = models.ForeignKey(Note, on_delete=models.CASCADE, related_name="hypothesis_links")
    hypothesis = models.ForeignKey("reviews.Hypothesis", on_delete=models.CASCADE, related_name="evidence")
    stance = models.CharField(max_length=20, choices=Stance.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["note", "hypothesis"], name="one_link_per_note_and_hypothesis")
        ]

    def __str__(self):
        return f"{self.note} {self.get_stance_display().lower()} {self.hypothesis}"


class Finding(models.Model):
    class Kind(models.TextChoices):
        STRENGTH = "strength", "Strength"
        CONSIDERATION = "consideration", "Area for consideration"
        RECOMMENDATION = "recommendation", "Recommendation"

    class Priority(models.TextChoices):
        HIGH = "high", "High"
        MEDIUM = "medium", "Medium"
        LOW = "low", "Low"

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="findings")
    theme = models.ForeignKey(
        ReviewTheme, on_delete=models.SET_NULL, null=True, blank=True, related_name="findings",
        help_text="Leave blank for a finding outside the framework's themes.",
    )  # fmt: skip
    kind = models.CharField(max_length=20, choices=Kind.choices)
    text = models.TextField()
    priority = models.CharField(max_length=10, choices=Priority.choices, blank=True)
    position = models.PositiveIntegerField(default=0)
    notes = models.ManyToManyField(Note, blank=True, related_name="findings")
    agreed_at = models.DateTimeField(null=True, blank=True)
    agreed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    merged_into = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="merged"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["theme__number", "position", "pk"]

    def __str__(self):
        return self.text[:60]

    def get_absolute_url(self):
        return reverse("casework:finding-edit", args=[self.review_id, self.pk])

    @property
    def is_agreed(self):
        return self.agreed_at is not None


class DailySummary(models.Model):
    """The "no surprises" message for the council after a day on site: findings only, never notes."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="daily_summaries")
    day = models.DateField()
    text = models.TextField("emerging messages")
    findings = models.ManyToManyField(Finding, blank=True, related_name="+")
    shared_at = models.DateTimeField(default=timezone.now)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        ordering = ["day"]
        constraints = [models.UniqueConstraint(fields=["review", "day"], name="one_summary_a_day")]

    def __str__(self):
        return f"No surprises, {self.day:%d/%m/%Y}"


class Letter(models.Model):
    """The written feedback letter: sections of editable text drawn from the agreed findings."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        ISSUED = "issued", "Issued"
        CORRECTING = "correcting", "Being corrected"

    review = models.OneToOneField(Review, on_delete=models.CASCADE, related_name="letter")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    issued_at = models.DateTimeField(null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    def __str__(self):
        return f"Letter to {self.review.authority}"

    def get_absolute_url(self):
        return reverse("casework:letter", args=[self.review_id])

    @property
    def is_issued(self):
        return self.status == self.Status.ISSUED


class LetterSection(models.Model):
    letter = models.ForeignKey(Letter, on_delete=models.CASCADE, related_name="sections")
    key = models.CharField(max_length=40)
    title = models.CharField(max_length=200)
    body = models.TextField()
    position = models.PositiveSmallIntegerField()
    theme = models.ForeignKey(ReviewTheme, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    # A fingerprint of the findings the section was written from, to spot findings changed since.
    source_hash = models.CharField(max_length=64, blank=True)
    edited = models.BooleanField(default=False)

    class Meta:
        ordering = ["position"]
        constraints = [models.UniqueConstraint(fields=["letter", "key"], name="one_section_per_key")]

    def __str__(self):
        return self.title


class LetterRender(TrackedJob):
    """One PDF of the letter, made by a Celery job. Every one is kept, with its checksum."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RENDERING = "rendering", "Rendering"
        READY = "ready", "Ready"
        FAILED = "failed", "Failed"

    JOB_TASK = "casework.tasks.render_letter"
    JOB_WAITING = Status.QUEUED
    JOB_WORKING = Status.RENDERING
    JOB_FAILED = Status.FAILED

    letter = models.ForeignKey(Letter, on_delete=models.CASCADE, related_name="renders")
    number = models.PositiveIntegerField()
    final = models.BooleanField(default=False)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.QUEUED)
    failure = models.TextField(blank=True)
    content_hash = models.CharField(max_length=64)
    file = models.FileField(upload_to="letters/", blank=True, max_length=200)
    sha256 = models.CharField(max_length=64, blank=True)
    pages = models.PositiveIntegerField(null=True, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    requested_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    sent_for_check_at = models.DateTimeField(null=True, blank=True)
    # Set on a final version issued to correct an earlier one.
    correction_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["letter", "number"], name="one_render_number_per_letter")
        ]

    def __str__(self):
        return f"{self.letter}, version {self.number}"

    def get_download_url(self):
        return reverse("casework:letter-pdf", args=[self.letter.review_id, self.pk])

    @property
    def council_may_see(self):
        return self.status == self.Status.READY and (self.final or self.sent_for_check_at is not None)


class FactualComment(models.Model):
    """The council's factual-accuracy comment on a section of a draft, and the team's response."""

    render = models.ForeignKey(LetterRender, on_delete=models.CASCADE, related_name="comments")
    section = models.ForeignKey(
        LetterSection, on_delete=models.SET_NULL, null=True, blank=True, related_name="comments"
    )
    text = models.TextField()
    no_errors = models.BooleanField(default=False)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    response = models.TextField(blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["at"]

    def __str__(self):
        return self.text[:60]


class Action(models.Model):
    """What the council will do about one or more recommendations of the issued letter."""

    class Status(models.TextChoices):
        RED = "red", "Red: off track"
        AMBER = "amber", "Amber: at risk"
        GREEN = "green", "Green: on track"
        DONE = "done", "Done"

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="actions")
    recommendations = models.ManyToManyField(Finding, related_name="actions")
    title = models.CharField(max_length=300)
    steps = models.TextField("planned steps", blank=True)
    owner_name = models.CharField("owner's name", max_length=150, blank=True)
    owner_role = models.CharField("owner's role", max_length=150, blank=True)
    target_date = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.GREEN)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return self.title


class ProgressUpdate(models.Model):
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="updates")
    text = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=Action.Status.choices)
    evidence = models.FileField(upload_to="followup/", blank=True, max_length=200)
    # The name and type decided from the file's content when it was uploaded; downloads use only these.
    evidence_name = models.CharField(max_length=200, blank=True)
    evidence_content_type = models.CharField(max_length=120, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.action}: {self.get_status_display()}"


class CheckIn(models.Model):
    """A progress check at 3, 6 and 12 months after the letter."""

    class Progress(models.TextChoices):
        AHEAD = "ahead", "Ahead of plan"
        ON_TRACK = "on_track", "On track"
        BEHIND = "behind", "Behind plan"
        STALLED = "stalled", "Stalled"

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="checkins")
    months = models.PositiveSmallIntegerField()
    due = models.DateField()
    overall = models.CharField("overall progress", max_length=10, choices=Progress.choices, blank=True)
    what_changed = models.TextField(blank=True)
    what_is_stuck = models.TextField(blank=True)
    support_wanted = models.TextField("support wanted from the programme", blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["due"]
        constraints = [models.UniqueConstraint(fields=["review", "months"], name="one_checkin_per_interval")]
        indexes = [models.Index(fields=["submitted_at", "due"])]

    def __str__(self):
        return f"{self.months}-month check-in"

    @property
    def is_submitted(self):
        return self.submitted_at is not None

    @property
    def is_overdue(self):
        return not self.is_submitted and self.due < timezone.localdate()


class ReminderSent(models.Model):
    """A reminder already sent, so that running the job again sends nothing twice."""

    class Kind(models.TextChoices):
        DUE_SOON = "due_soon", "Due in a week"
        OVERDUE = "overdue", "Overdue"

    checkin = models.ForeignKey(CheckIn, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    recipient = models.EmailField()
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["checkin", "kind", "recipient"], name="one_reminder_of_a_kind_each"
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} reminder to {self.recipient}"


class Evaluation(models.Model):
    """How the review went, from a council contact or a peer."""

    class Rating(models.IntegerChoices):
        POOR = 1, "Poor"
        FAIR = 2, "Fair"
        GOOD = 3, "Good"
        VERY_GOOD = 4, "Very good"
        EXCELLENT = 5, "Excellent"

    QUESTIONS = [
        ("clarity", "Clarity of the review's purpose"),
        ("expertise", "The team's expertise"),
        ("timetable", "The on-site timetable"),
        ("catch_ups", "The daily “no surprises” catch-ups"),
        ("letter", "How useful the letter is"),
    ]

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="evaluations")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    role = models.CharField(max_length=30)
    clarity = models.PositiveSmallIntegerField(choices=Rating.choices)
    expertise = models.PositiveSmallIntegerField(choices=Rating.choices)
    timetable = models.PositiveSmallIntegerField(choices=Rating.choices)
    catch_ups = models.PositiveSmallIntegerField(choices=Rating.choices)
    letter = models.PositiveSmallIntegerField(choices=Rating.choices)
    comments = models.TextField(blank=True)
    submitted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["review", "user"], name="one_evaluation_per_person")]

    def __str__(self):
        return f"Evaluation of {self.review}"

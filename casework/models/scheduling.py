"""What the week's solver plans from and what it proposes: session requests, peers' days on site, and
the solver's runs (a tracked job whose result is a draft week beside the current timetable)."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from peerreview.models import TrackedJob
from reviews.models import AgencyType, Review, ReviewTheme

from .timetable import Session, Venue


class SessionRequest(models.Model):
    """Something that must happen during the week, not yet placed: the solver finds it a time, room and peers."""

    class Priority(models.IntegerChoices):
        MUST = 3, "Must happen"
        SHOULD = 2, "Should happen"
        NICE = 1, "Nice to have"

    KINDS = [
        (Session.Kind.INTERVIEW, Session.Kind.INTERVIEW.label),
        (Session.Kind.FOCUS_GROUP, Session.Kind.FOCUS_GROUP.label),
        (Session.Kind.OBSERVATION, Session.Kind.OBSERVATION.label),
        (Session.Kind.SITE_VISIT, Session.Kind.SITE_VISIT.label),
        (Session.Kind.CASE_DISCUSSION, Session.Kind.CASE_DISCUSSION.label),
    ]
    # Part-days the participants can come: "2026-03-03 am" is that Tuesday's morning.
    PARTS = {"am": "morning", "pm": "afternoon"}

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="session_requests")
    kind = models.CharField("type", max_length=20, choices=KINDS)
    title = models.CharField(max_length=200, help_text="For example, “Police child protection team”.")
    minutes = models.PositiveSmallIntegerField("length in minutes", default=60)
    venues = models.ManyToManyField(Venue, blank=True, related_name="+", verbose_name="venues it may use")
    online = models.BooleanField("online, with no venue", default=False)
    participant_role = models.CharField("participants", max_length=150)
    agency = models.CharField(max_length=20, choices=AgencyType.choices)
    participant_email = models.EmailField(
        "participants' email (optional)", blank=True, help_text="Told of changes after the timetable is out."
    )
    windows = models.JSONField("when the participants can come", default=list, blank=True)
    peers = models.PositiveSmallIntegerField("how many peers", default=1)
    roles = models.JSONField("peer roles needed", default=list, blank=True)
    themes = models.ManyToManyField(ReviewTheme, blank=True, related_name="+")
    priority = models.PositiveSmallIntegerField(choices=Priority.choices, default=Priority.MUST)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    # Its session was called off after the timetable came out: re-plans leave it out.
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-priority", "title", "pk"]

    def __str__(self):
        return self.title

    @property
    def questioning(self):
        return self.kind in Session.QUESTIONING


class PeerDay(models.Model):
    """A team member's time on site on one day when it is not the whole day: late, leaving early, or away."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="peer_days")
    peer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    away = models.BooleanField("away all day (for example, ill)", default=False)
    arrives = models.TimeField(null=True, blank=True)
    leaves = models.TimeField(null=True, blank=True)
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["day", "peer__full_name"]
        constraints = [models.UniqueConstraint(fields=["review", "peer", "day"], name="one_peer_day")]

    def __str__(self):
        return f"{self.peer} on {self.day:%d/%m/%Y}"


class WeekPlan(TrackedJob):
    """One run of the solver: a proposed week (or a re-plan of the rest of it) as a draft to accept."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        SOLVING = "solving", "Solving"
        DONE = "done", "Ready"
        FAILED = "failed", "Failed"

    JOB_TASK = "casework.tasks.plan_week"
    JOB_WAITING = Status.QUEUED
    JOB_WORKING = Status.SOLVING
    JOB_FAILED = Status.FAILED

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="week_plans")
    replan = models.BooleanField(default=False)
    # Re-plans keep everything before this moment fixed.
    from_time = models.DateTimeField(default=timezone.now)
    time_limit = models.PositiveSmallIntegerField("time limit in seconds", default=20)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.QUEUED)
    failure = models.TextField(blank=True)
    # 1 while placing the requests, 2 while improving the days; the score is that stage's.
    stage = models.PositiveSmallIntegerField(default=1)
    best_score = models.BigIntegerField(null=True, blank=True)
    best_bound = models.BigIntegerField(null=True, blank=True)
    progress_at = models.DateTimeField(null=True, blank=True)
    # The solver's answer: placements, score, left-out requests with reasons, conflicts.
    result = models.JSONField(default=dict, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    requested_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-requested_at", "-pk"]

    def __str__(self):
        return f"{'Re-plan' if self.replan else 'Proposed week'} {self.pk} for {self.review}"

    @property
    def finished(self):
        return self.status in (self.Status.DONE, self.Status.FAILED)


class ChangeEmail(TrackedJob):
    """One email telling one person what a released change does to their week, with the new .ics: the sent log."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"
        FAILED = "failed", "Not sent"

    JOB_TASK = "casework.tasks.send_change_email"
    JOB_WAITING = Status.QUEUED
    JOB_WORKING = Status.SENDING
    JOB_FAILED = Status.FAILED

    # The solver's re-plan it tells of; empty for a release of hand-drafted changes (then review says whose).
    plan = models.ForeignKey(WeekPlan, on_delete=models.CASCADE, null=True, blank=True, related_name="emails")
    review = models.ForeignKey(
        Review, on_delete=models.CASCADE, null=True, blank=True, related_name="change_emails"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    to = models.EmailField()
    subject = models.CharField(max_length=200)
    body = models.TextField()
    ics = models.TextField()
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.QUEUED)
    failure = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.subject} to {self.to}"

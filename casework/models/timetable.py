"""The on-site week: venues, travel between them, and the timetable of sessions.

Participants are recorded by role and agency; a name and contact are optional,
seen only by the review manager and the council organiser, and never reach
notes or findings.
"""

import uuid
from datetime import time

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from peerreview.tokens import new_token
from reviews.models import AgencyType, Review, ReviewTheme


class Venue(models.Model):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="venues")
    name = models.CharField(max_length=150)
    address = models.TextField(blank=True)
    access_notes = models.TextField("notes on access", blank=True)
    opens = models.TimeField("opens at", default=time(8, 30))
    closes = models.TimeField("closes at", default=time(18, 0))
    rooms = models.PositiveSmallIntegerField("rooms free at once", default=1)

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
    # The request the week's solver placed it for; hand-made and fixed sessions have none.
    request = models.ForeignKey(
        "casework.SessionRequest", on_delete=models.SET_NULL, null=True, blank=True, related_name="sessions"
    )

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


class CalendarFeed(models.Model):
    """A secret, revocable address for one person's calendar of one review."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="calendar_feeds")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feeds"
    )
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"Calendar of {self.user} for {self.review}"

    def get_absolute_url(self):
        return reverse("casework:calendar-feed", args=[self.token])


class SessionDraft(models.Model):
    """A hand change to a published timetable, held back until "Release changes" puts it live.

    Nothing reads drafts but the timetable page: my day, calendars, peers' views and the offline
    cache show the live sessions until the release applies the draft through the ordinary service.
    """

    class Action(models.TextChoices):
        ADD = "add", "New session"
        CHANGE = "change", "Change"
        CANCEL = "cancel", "Cancel"

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="session_drafts")
    action = models.CharField(max_length=10, choices=Action.choices)
    # Emptied if the session is deleted meanwhile: the release then refuses rather than guess.
    session = models.ForeignKey(
        Session, on_delete=models.SET_NULL, null=True, blank=True, related_name="drafts"
    )
    # The session's version when drafted: a change made since is never silently overwritten.
    base_version = models.PositiveIntegerField(null=True, blank=True)
    # The new values as plain JSON (ids for the venue, peers and themes), applied at release.
    fields = models.JSONField(default=dict, blank=True)
    peers = models.JSONField(default=list, blank=True)
    themes = models.JSONField(default=list, blank=True)
    summary = models.CharField(max_length=300)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self):
        return self.summary

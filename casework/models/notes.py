"""What peers heard on site, and what the team made of it: notes, findings, daily summaries."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from reviews.models import AgencyType, Review, ReviewTheme

from .timetable import Session


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
    # Optimistic locking across devices: a save names the version it started from, and one made
    # from an older version never overwrites (see services.notes.save_note).
    version = models.PositiveIntegerField(default=1)
    # The open form (one page on one device) that saved last: its own saves never conflict.
    edited_in = models.UUIDField(null=True, blank=True)

    objects = NoteQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["review", "is_draft", "created_at"])]

    def __str__(self):
        return self.text[:60]

    def get_absolute_url(self):
        return reverse("casework:note-edit", args=[self.review_id, self.pk])


class NoteRevision(models.Model):
    """One amendment of a finished note: when, from which device, and the text as it was saved.

    A save made from an older version is kept here too, as not current, until its author says
    which text stands.
    """

    note = models.ForeignKey(Note, on_delete=models.CASCADE, related_name="revisions")
    version = models.PositiveIntegerField(help_text="The note's version this text became, or was based on.")
    text = models.TextField()
    device = models.CharField(max_length=80, blank=True)
    saved_at = models.DateTimeField(default=timezone.now)
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    edited_in = models.UUIDField(null=True, blank=True)
    # False for a save that arrived based on an older version: kept, never applied silently.
    applied = models.BooleanField(default=True)

    class Meta:
        ordering = ["saved_at", "pk"]

    def __str__(self):
        return f"{self.note_id} v{self.version} at {self.saved_at:%d/%m/%Y %H:%M}"


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


class FindingQuerySet(models.QuerySet):
    def live(self):
        """Findings still standing: not merged into another."""
        return self.filter(merged_into__isnull=True)

    def agreed(self):
        """Findings the team has agreed (and that still stand): what the letter and the action plan draw on."""
        return self.live().filter(agreed_at__isnull=False)

    def recommendations(self):
        return self.filter(kind=Finding.Kind.RECOMMENDATION)


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
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = FindingQuerySet.as_manager()

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

"""After the letter: the council's actions and their progress, check-ins, reminders, evaluations."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from reviews.models import Review

from .notes import Finding


class Action(models.Model):
    """What the council will do about one or more recommendations of the issued letter."""

    class Status(models.TextChoices):
        NOT_UPDATED = "not_updated", "Not yet updated"
        RED = "red", "Red: off track"
        AMBER = "amber", "Amber: at risk"
        GREEN = "green", "Green: on track"
        DONE = "done", "Done"

    # What a progress update may say (all but the first): "not yet updated" is only where an action starts.
    UPDATE_STATUSES = Status.choices[1:]

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="actions")
    recommendations = models.ManyToManyField(Finding, related_name="actions")
    title = models.CharField(max_length=300)
    steps = models.TextField("planned steps", blank=True)
    owner_name = models.CharField("owner's name", max_length=150, blank=True)
    owner_role = models.CharField("owner's role", max_length=150, blank=True)
    target_date = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NOT_UPDATED)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return self.title


class ProgressUpdate(models.Model):
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="updates")
    text = models.TextField(blank=True)
    status = models.CharField(max_length=20, choices=Action.UPDATE_STATUSES)
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

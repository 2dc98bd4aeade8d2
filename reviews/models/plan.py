"""The 12-week plan, stage moves and the scope's agreement history of a review."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from .review import Review


class Milestone(models.Model):
    class Kind(models.TextChoices):
        SCOPE_AGREED = "scope_agreed", "Scope agreed"
        TEAM_AGREED = "team_agreed", "Team agreed"
        DOCUMENTS_DUE = "documents_due", "Documents and data due"
        SELF_EVALUATION_DUE = "self_evaluation_due", "Self-evaluation due"
        CASE_EXERCISES_DUE = (
            "case_exercises_due",
            "Case mapping, audit validation and case records review due",
        )
        TIMETABLE_AGREED = "timetable_agreed", "Timetable agreed"
        FEEDBACK_WORKSHOP = "feedback_workshop", "Feedback workshop"
        DRAFT_LETTER = "draft_letter", "Draft letter to the council"
        FINAL_LETTER = "final_letter", "Final letter issued"

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="milestones")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    due = models.DateField()
    # Once someone sets the date by hand, moving the on-site week leaves it alone.
    due_set_by_hand = models.BooleanField(default=False)
    due_set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["due", "pk"]
        constraints = [models.UniqueConstraint(fields=["review", "kind"], name="one_milestone_of_a_kind")]
        indexes = [models.Index(fields=["done_at", "due"])]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.due:%d/%m/%Y})"

    @property
    def is_done(self):
        return self.done_at is not None

    @property
    def is_overdue(self):
        return not self.is_done and self.due < timezone.localdate()


class StageChange(models.Model):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="stage_changes")
    from_stage = models.CharField(max_length=20, choices=Review.Stage.choices)
    to_stage = models.CharField(max_length=20, choices=Review.Stage.choices)
    reason = models.TextField(blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.get_from_stage_display()} → {self.get_to_stage_display()}"

    @property
    def is_backwards(self):
        stages = list(Review.Stage.values)
        return stages.index(self.to_stage) < stages.index(self.from_stage)


class Postponement(models.Model):
    """The on-site week moved to new dates, and why (an inspection started, say)."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="postponements")
    from_start = models.DateField()
    to_start = models.DateField()
    reason = models.TextField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.review}: {self.from_start} to {self.to_start}"


class ScopeEvent(models.Model):
    """Something that happened to the scope, with the scope as it then stood."""

    class Kind(models.TextChoices):
        SENT = "sent", "Sent to the council"
        AGREED = "agreed", "Agreed by the council"
        CHANGES_REQUESTED = "changes_requested", "Council asked for changes"
        REOPENED = "reopened", "Changed after agreement"

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="scope_events")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    comment = models.TextField(blank=True)
    snapshot = models.JSONField(default=dict)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self):
        return self.get_kind_display()

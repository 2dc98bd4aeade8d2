"""The progress review: about a year after the letter, a smaller review goes back to see what has changed."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from reviews.models import Review

from .notes import Finding


class ProgressReview(models.Model):
    """Links a progress review (itself a Review, with its own visit, team and letter) to the review it follows."""

    original = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="progress_reviews")
    review = models.OneToOneField(Review, on_delete=models.CASCADE, related_name="progress_of")
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    started_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["original"], name="one_progress_review_per_review"),
        ]

    def __str__(self):
        return f"Progress review of {self.original}"


class Judgement(models.Model):
    """What the progress review team found about one recommendation of the original letter."""

    class Verdict(models.TextChoices):
        MET = "met", "Met"
        PARTLY_MET = "partly_met", "Partly met"
        NOT_MET = "not_met", "Not met"

    progress_review = models.ForeignKey(ProgressReview, on_delete=models.CASCADE, related_name="judgements")
    recommendation = models.ForeignKey(Finding, on_delete=models.CASCADE, related_name="judgements")
    verdict = models.CharField(max_length=20, choices=Verdict.choices, blank=True)
    what_we_found = models.TextField(blank=True)
    # The progress review's own finding, written from the verdict: its letter is drafted from these.
    finding = models.OneToOneField(
        Finding, on_delete=models.SET_NULL, null=True, blank=True, related_name="judgement"
    )
    judged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    judged_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["recommendation__theme__number", "recommendation__position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["progress_review", "recommendation"], name="one_judgement_per_recommendation"
            ),
        ]

    def __str__(self):
        return f"{self.recommendation}: {self.get_verdict_display() or 'not yet judged'}"

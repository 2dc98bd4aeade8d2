"""The briefing pack: what the council tells its staff and partners about the review, and its PDFs."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from peerreview.models import TrackedJob
from reviews.models import Review


class BriefingPack(models.Model):
    """The briefing for the council's staff and partners: editable sections prefilled from the review."""

    review = models.OneToOneField(Review, on_delete=models.CASCADE, related_name="briefing_pack")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"Briefing pack for {self.review.authority}"

    def get_absolute_url(self):
        return reverse("casework:briefing", args=[self.review_id])


class BriefingSection(models.Model):
    pack = models.ForeignKey(BriefingPack, on_delete=models.CASCADE, related_name="sections")
    key = models.CharField(max_length=40)
    title = models.CharField(max_length=200)
    body = models.TextField()
    position = models.PositiveSmallIntegerField()
    edited = models.BooleanField(default=False)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["position"]
        constraints = [models.UniqueConstraint(fields=["pack", "key"], name="one_briefing_section_per_key")]

    def __str__(self):
        return self.title


class BriefingRender(TrackedJob):
    """One PDF of the briefing pack, made by a Celery job. Shared versions are what the council hands out."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RENDERING = "rendering", "Rendering"
        READY = "ready", "Ready"
        FAILED = "failed", "Failed"

    JOB_TASK = "casework.tasks.render_briefing"
    JOB_WAITING = Status.QUEUED
    JOB_WORKING = Status.RENDERING
    JOB_FAILED = Status.FAILED

    pack = models.ForeignKey(BriefingPack, on_delete=models.CASCADE, related_name="renders")
    number = models.PositiveIntegerField()
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.QUEUED)
    failure = models.TextField(blank=True)
    content_hash = models.CharField(max_length=64)
    file = models.FileField(upload_to="briefings/", blank=True, max_length=200)
    sha256 = models.CharField(max_length=64, blank=True)
    pages = models.PositiveIntegerField(null=True, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    requested_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    shared_at = models.DateTimeField(null=True, blank=True)
    shared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["pack", "number"], name="one_render_number_per_briefing")
        ]

    def __str__(self):
        return f"{self.pack}, version {self.number}"

    def get_download_url(self):
        return reverse("casework:briefing-pdf", args=[self.pack.review_id, self.pk])

    @property
    def is_shared(self):
        return self.status == self.Status.READY and self.shared_at is not None

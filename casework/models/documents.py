"""What the feedback letter and the briefing pack share: sections of editable text, and PDFs of them
made one version at a time by the worker."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from peerreview.models import TrackedJob


class EditableSection(models.Model):
    """A titled piece of text, drafted from the review and then edited by hand."""

    key = models.CharField(max_length=40)
    title = models.CharField(max_length=200)
    body = models.TextField()
    position = models.PositiveSmallIntegerField()
    edited = models.BooleanField(default=False)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        abstract = True
        ordering = ["position"]

    def __str__(self):
        return self.title


class PdfRender(TrackedJob):
    """One numbered PDF version, made by a Celery job (a concrete model adds its document and file)."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RENDERING = "rendering", "Rendering"
        READY = "ready", "Ready"
        FAILED = "failed", "Failed"

    JOB_WAITING = Status.QUEUED
    JOB_WORKING = Status.RENDERING
    JOB_FAILED = Status.FAILED

    number = models.PositiveIntegerField()
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.QUEUED)
    failure = models.TextField(blank=True)
    content_hash = models.CharField(max_length=64)
    sha256 = models.CharField(max_length=64, blank=True)
    pages = models.PositiveIntegerField(null=True, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    requested_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["-number"]

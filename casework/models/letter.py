"""The feedback letter: its sections, every PDF made of it, and the council's factual comments."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from reviews.models import Review, ReviewTheme

from .documents import EditableSection, PdfRender


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
    correction_started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    def __str__(self):
        return f"Letter to {self.review.authority}"

    def get_absolute_url(self):
        return reverse("casework:letter", args=[self.review_id])

    @property
    def is_issued(self):
        return self.status == self.Status.ISSUED


class LetterSection(EditableSection):
    letter = models.ForeignKey(Letter, on_delete=models.CASCADE, related_name="sections")
    theme = models.ForeignKey(ReviewTheme, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    # A fingerprint of the findings the section was written from, to spot findings changed since.
    source_hash = models.CharField(max_length=64, blank=True)

    class Meta(EditableSection.Meta):
        constraints = [models.UniqueConstraint(fields=["letter", "key"], name="one_section_per_key")]


class LetterRender(PdfRender):
    """One PDF of the letter, made by a Celery job. Every one is kept, with its checksum."""

    JOB_TASK = "casework.tasks.render_letter"

    letter = models.ForeignKey(Letter, on_delete=models.CASCADE, related_name="renders")
    final = models.BooleanField(default=False)
    file = models.FileField(upload_to="letters/", blank=True, max_length=200)
    sent_for_check_at = models.DateTimeField(null=True, blank=True)
    sent_for_check_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Set on a final version issued to correct an earlier one.
    correction_reason = models.TextField(blank=True)

    class Meta(PdfRender.Meta):
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

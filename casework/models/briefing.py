"""The briefing pack: what the council tells its staff and partners about the review, and its PDFs."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from reviews.models import Review

from .documents import EditableSection, PdfRender


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


class BriefingSection(EditableSection):
    pack = models.ForeignKey(BriefingPack, on_delete=models.CASCADE, related_name="sections")

    class Meta(EditableSection.Meta):
        constraints = [models.UniqueConstraint(fields=["pack", "key"], name="one_briefing_section_per_key")]


class BriefingRender(PdfRender):
    """One PDF of the briefing pack, made by a Celery job. Shared versions are what the council hands out."""

    JOB_TASK = "casework.tasks.render_briefing"

    pack = models.ForeignKey(BriefingPack, on_delete=models.CASCADE, related_name="renders")
    file = models.FileField(upload_to="briefings/", blank=True, max_length=200)
    shared_at = models.DateTimeField(null=True, blank=True)
    shared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta(PdfRender.Meta):
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

"""The review framework: themes and their key lines of enquiry.

Theme and LineOfEnquiry are the programme-wide framework that managers edit.
A review copies what it covers into ReviewTheme and ReviewLine when it is
created, so it keeps the version it was scoped with and can be tailored
without touching other reviews.
"""

from django.db import models


class Theme(models.Model):
    number = models.PositiveSmallIntegerField(unique=True)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["number"]

    def __str__(self):
        return f"{self.number}. {self.title}"


class LineOfEnquiry(models.Model):
    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="lines")
    text = models.TextField()
    position = models.PositiveSmallIntegerField(default=0)
    active = models.BooleanField(default=True, help_text="Only active lines are offered to new reviews.")

    class Meta:
        ordering = ["theme__number", "position", "pk"]
        verbose_name_plural = "lines of enquiry"

    def __str__(self):
        return self.text


class ReviewTheme(models.Model):
    review = models.ForeignKey("reviews.Review", on_delete=models.CASCADE, related_name="themes")
    source = models.ForeignKey(Theme, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    number = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=200)

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["review", "number"], name="one_theme_number_per_review")
        ]

    def __str__(self):
        return f"{self.number}. {self.title}"


class ReviewLine(models.Model):
    theme = models.ForeignKey(ReviewTheme, on_delete=models.CASCADE, related_name="lines")
    source = models.ForeignKey(
        LineOfEnquiry, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    text = models.TextField()
    position = models.PositiveSmallIntegerField(default=0)
    included = models.BooleanField(default=True)
    # Added for this review rather than taken from the framework, by the manager or by the council.
    is_local = models.BooleanField(default=False)
    added_by_council = models.BooleanField(default=False)

    class Meta:
        ordering = ["theme__number", "is_local", "position", "pk"]

    def __str__(self):
        return self.text

    @property
    def origin(self):
        """Where a line added for this review came from, as its label says; blank for the framework's."""
        if self.added_by_council:
            return "Added by the council"
        return "Added for this review" if self.is_local else ""

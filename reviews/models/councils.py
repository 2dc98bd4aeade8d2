from django.db import models
from django.urls import reverse


class Authority(models.Model):
    """A council whose children's services may be reviewed."""

    class Kind(models.TextChoices):
        COUNTY = "county", "County council"
        UNITARY = "unitary", "Unitary authority"
        METROPOLITAN = "metropolitan", "Metropolitan district"
        LONDON_BOROUGH = "london_borough", "London borough"
        OTHER = "other", "Other"

    class Region(models.TextChoices):
        NORTH_EAST = "north_east", "North East"
        NORTH_WEST = "north_west", "North West"
        YORKSHIRE = "yorkshire", "Yorkshire and the Humber"
        EAST_MIDLANDS = "east_midlands", "East Midlands"
        WEST_MIDLANDS = "west_midlands", "West Midlands"
        EAST = "east", "East of England"
        LONDON = "london", "London"
        SOUTH_EAST = "south_east", "South East"
        SOUTH_WEST = "south_west", "South West"

    name = models.CharField(
        max_length=200, unique=True, error_messages={"unique": "A council with this name already exists."}
    )
    kind = models.CharField("type", max_length=20, choices=Kind.choices, default=Kind.OTHER)
    region = models.CharField(max_length=20, choices=Region.choices, blank=True)
    # Used to spot conflicts of interest: a peer from a neighbour should not review.
    neighbours = models.ManyToManyField("self", blank=True, symmetrical=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "authorities"

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("reviews:council-detail", args=[self.pk])


class InspectionWindow(models.Model):
    """A period when an inspection of the council is known or expected; a review should avoid it."""

    class Certainty(models.TextChoices):
        KNOWN = "known", "Known"
        EXPECTED = "expected", "Expected"

    authority = models.ForeignKey(Authority, on_delete=models.CASCADE, related_name="inspection_windows")
    starts = models.DateField("first day")
    ends = models.DateField("last day")
    certainty = models.CharField(max_length=10, choices=Certainty.choices, default=Certainty.EXPECTED)
    note = models.CharField(
        max_length=200, blank=True, help_text="For example, “Ofsted ILACS inspection window”."
    )

    class Meta:
        ordering = ["starts"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends__gte=models.F("starts")), name="inspection_ends_after_start"
            )
        ]

    def __str__(self):
        return f"{self.get_certainty_display()} inspection {self.starts:%d/%m/%Y}–{self.ends:%d/%m/%Y}"

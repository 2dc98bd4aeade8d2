from datetime import timedelta

from django.conf import settings
from django.db import models
from django.urls import reverse

from .councils import Authority

COMMON_FOCUS_AREAS = [
    "Looked-after children",
    "The front door and referrals",
    "Child protection proceedings",
    "Early help",
    "Health partnership",
    "Education",
    "The Local Safeguarding Children Board (LSCB)",
]


def is_working_day(day):
    """Monday to Friday: the one rule for working days (bank holidays are not known to the app)."""
    return day.weekday() < 5


def add_working_days(start, days):
    """The date `days` working days after `start`."""
    current = start
    while days > 0:
        current += timedelta(days=1)
        if is_working_day(current):
            days -= 1
    return current


def move_working_days(start, days):
    """The date `days` working days after `start` (before it when `days` is negative)."""
    if days >= 0:
        return add_working_days(start, days)
    current = start
    while days < 0:
        current -= timedelta(days=1)
        if is_working_day(current):
            days += 1
    return current


def working_days_between(first, second):
    """How many working days `second` is after `first` (negative when it is before)."""
    if second < first:
        return -working_days_between(second, first)
    return sum(1 for n in range(1, (second - first).days + 1) if is_working_day(first + timedelta(days=n)))


def working_days(first, last):
    """The working days from `first` to `last`, both included, in order."""
    days = (last - first).days + 1 if first and last else 0
    return [day for day in (first + timedelta(days=n) for n in range(days)) if is_working_day(day)]


class Review(models.Model):
    class Stage(models.TextChoices):
        SCOPING = "scoping", "Scoping"
        TEAM = "team", "Team"
        PREPARATION = "preparation", "Preparation"
        ON_SITE = "on_site", "On site"
        LETTER = "letter", "Letter"
        FOLLOW_UP = "follow_up", "Follow-up"
        CLOSED = "closed", "Closed"

    class Kind(models.TextChoices):
        # The types the programme offers; each has its own default plan (reviews.services.plan.TYPE_PLANS).
        FULL = "full", "Full review across the five themes"
        SCOPING = "scoping", "Scoping review (short and wide)"
        IN_DEPTH = "in_depth", "In-depth review of one area"
        FOLLOW_UP = "follow_up", "Follow-up review of an earlier review's recommendations"

    class ScopeStatus(models.TextChoices):
        DRAFT = "draft", "Not yet sent to the council"
        SENT = "sent", "Waiting for the council"
        AGREED = "agreed", "Agreed by the council"
        CHANGES_REQUESTED = "changes_requested", "Council asked for changes"

    authority = models.ForeignKey(Authority, on_delete=models.PROTECT, related_name="reviews")
    title = models.CharField(max_length=200, default="Safeguarding children peer review")
    kind = models.CharField("review type", max_length=20, choices=Kind.choices, default=Kind.FULL)
    purpose = models.TextField(blank=True)
    focus_areas = models.JSONField(default=list, blank=True)
    stage = models.CharField(max_length=20, choices=Stage.choices, default=Stage.SCOPING)
    scope_status = models.CharField(max_length=20, choices=ScopeStatus.choices, default=ScopeStatus.DRAFT)
    onsite_start = models.DateField("first on-site day", null=True, blank=True)
    onsite_days = models.PositiveSmallIntegerField("number of on-site days", default=5)
    # Derived from the two above on save, so that clash checks can be done in the database.
    onsite_end = models.DateField("last on-site day", null=True, blank=True, editable=False)
    feedback_workshop = models.DateField("feedback workshop", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Calling a review off (an inspection started, say) closes it at once, before the letter.
    called_off_at = models.DateTimeField(null=True, blank=True)
    called_off_reason = models.TextField(blank=True)
    called_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-onsite_start", "-created_at"]
        indexes = [models.Index(fields=["stage", "onsite_start"])]

    def __str__(self):
        return f"{self.authority.name}: {self.title}"

    def save(self, *args, **kwargs):
        self.onsite_end = (
            add_working_days(self.onsite_start, max(self.onsite_days, 1) - 1) if self.onsite_start else None
        )
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "onsite_end"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("reviews:detail", args=[self.pk])

    def get_stage_display(self):
        """The stage as people read it: a called-off review says so wherever its stage is shown."""
        if self.called_off_at:
            return "Called off"
        return self._get_FIELD_display(self._meta.get_field("stage"))

    @property
    def is_called_off(self):
        return self.called_off_at is not None

    @property
    def may_be_called_off(self):
        """Postponing or calling off is possible until the team starts on the letter."""
        return not self.is_called_off and self.stage_index < list(self.Stage.values).index(self.Stage.LETTER)

    @property
    def stage_index(self):
        return list(self.Stage.values).index(self.stage)

    @property
    def next_stage(self):
        stages = list(self.Stage)
        return stages[self.stage_index + 1] if self.stage_index + 1 < len(stages) else None

    @property
    def earlier_stages(self):
        return list(self.Stage)[: self.stage_index]

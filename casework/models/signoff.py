"""Before the council sees the letter: warnings acknowledged, a quality assurer's sign-off, and the
frozen record of what each version sent or issued rested on."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from .letter import Letter, LetterRender, LetterSection


class CheckAcknowledgement(models.Model):
    """Someone read a warning from the letter's checks and gave a reason to go on regardless.

    `key` names the warning and what it is about (a paragraph's key changes with its text), so a new
    problem needs a new acknowledgement while an acknowledged one stays acknowledged."""

    letter = models.ForeignKey(Letter, on_delete=models.CASCADE, related_name="acknowledgements")
    key = models.CharField(max_length=200)
    message = models.TextField()
    reason = models.TextField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["letter", "key"], name="one_acknowledgement_per_warning")
        ]

    def __str__(self):
        return self.message[:60]


class SignOff(models.Model):
    """One request for a quality assurer's approval of the letter's text: a draft version before the
    council checks it, or the final text before it is issued."""

    class State(models.TextChoices):
        PENDING = "pending", "Waiting for approval"
        APPROVED = "approved", "Approved"
        RETURNED = "returned", "Returned with comments"
        WITHDRAWN = "withdrawn", "Approval withdrawn"

    letter = models.ForeignKey(Letter, on_delete=models.CASCADE, related_name="sign_offs")
    # The draft PDF the council will be sent; none for the final text, whose PDF is made on issue.
    render = models.ForeignKey(
        LetterRender, on_delete=models.CASCADE, null=True, blank=True, related_name="sign_offs"
    )
    final = models.BooleanField(default=False)
    # The sections' text when submitted: an approval holds for this text only.
    text_hash = models.CharField(max_length=64)
    state = models.CharField(max_length=20, choices=State.choices, default=State.PENDING)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    submitted_at = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_reason = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-submitted_at", "-pk"]

    def __str__(self):
        return (
            f"{'Final letter' if self.final else f'Version {self.render.number}'}: {self.get_state_display()}"
        )

    @property
    def what(self):
        return "the final letter" if self.final else f"version {self.render.number}"


class SignOffComment(models.Model):
    """The quality assurer's comment on one section (or the whole letter) when returning it."""

    sign_off = models.ForeignKey(SignOff, on_delete=models.CASCADE, related_name="comments")
    section = models.ForeignKey(
        LetterSection, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Kept as text too: a section may be deleted by a correction, the comment stays readable.
    section_title = models.CharField(max_length=200, blank=True)
    text = models.TextField()

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return self.text[:60]


class ProvenanceSnapshot(models.Model):
    """What a version sent to the council or issued rested on, frozen when it left the team.

    Kept with the letter, for the letter's retention period. It holds findings, counts, agencies,
    sessions, dates and peer roles, never a note's text or anyone's name, so it stays whole and
    harmless when retention deletes the notes."""

    render = models.OneToOneField(LetterRender, on_delete=models.CASCADE, related_name="provenance")
    data = models.JSONField()
    taken_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"Sources of {self.render}"

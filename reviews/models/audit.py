"""One audit trail for the security-relevant events of every app. Append-only from the application."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class AuditEvent(models.Model):
    class Action(models.TextChoices):
        SIGN_IN = "sign_in", "Signed in"
        SIGN_IN_FAILED = "sign_in_failed", "Failed to sign in"
        TWO_FACTOR_CHANGED = "two_factor_changed", "Two-step sign-in changed"
        INVITATION_SENT = "invitation_sent", "Invitation sent"
        INVITATION_WITHDRAWN = "invitation_withdrawn", "Invitation withdrawn"
        MEMBERSHIP_GRANTED = "membership_granted", "Given a place on the review"
        MEMBERSHIP_REMOVED = "membership_removed", "Removed from the review"
        STAGE_MOVED = "stage_moved", "Stage changed"
        REVIEW_POSTPONED = "review_postponed", "Review postponed"
        REVIEW_CALLED_OFF = "review_called_off", "Review called off"
        DOCUMENT_DOWNLOADED = "document_downloaded", "Document downloaded"
        LETTER_OPENED = "letter_opened", "Letter opened"
        EVIDENCE_BOARD_VIEWED = "evidence_board_viewed", "Evidence board viewed"
        EXPORTED = "exported", "Data exported"
        QUESTIONNAIRE_LINK_REPLACED = "questionnaire_link_replaced", "Questionnaire link replaced"
        QUESTIONNAIRE_CODES_ISSUED = "questionnaire_codes_issued", "Questionnaire codes made"
        DELETED = "deleted", "Something deleted"
        LETTER_WARNING_ACKNOWLEDGED = "letter_warning_acked", "Letter warning acknowledged"
        LETTER_SUBMITTED = "letter_submitted", "Letter submitted for sign-off"
        LETTER_APPROVED = "letter_approved", "Letter approved"
        LETTER_RETURNED = "letter_returned", "Letter returned with comments"
        LETTER_APPROVAL_WITHDRAWN = "letter_approval_withdrawn", "Letter approval withdrawn"

    at = models.DateTimeField(default=timezone.now, db_index=True)
    action = models.CharField(max_length=30, choices=Action.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Kept as text too, so the trail still says who after an account is removed.
    user_email = models.CharField(max_length=254, blank=True)
    review = models.ForeignKey(
        "reviews.Review", on_delete=models.SET_NULL, null=True, blank=True, related_name="audit_events"
    )
    target = models.CharField(max_length=300, blank=True)
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [
            models.Index(fields=["review", "action", "at"]),
            models.Index(fields=["action", "object_id"]),
        ]

    def __str__(self):
        return f"{self.at:%d/%m/%Y %H:%M} {self.user_email or 'someone'}: {self.get_action_display()} {self.target}"

    def save(self, *args, **kwargs):
        if self.pk:
            raise RuntimeError("Audit events are never changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise RuntimeError("Audit events are never deleted by the application.")

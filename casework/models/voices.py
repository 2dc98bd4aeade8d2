"""Hearing from children, young people, parents and carers: a short anonymous form, apart from the staff questionnaire."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from peerreview.tokens import new_token
from reviews.models import Review


class FamilyFeedback(models.Model):
    """The review's form for children, young people and families, answered through a secret link or QR code."""

    review = models.OneToOneField(Review, on_delete=models.CASCADE, related_name="family_feedback")
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    closes_on = models.DateField("last day for answers")
    # Shown on every page of the form: someone answering may need help today, not after the review.
    help_contact = models.CharField("who to talk to for help now", max_length=300)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"Young people's feedback for {self.review}"

    def get_absolute_url(self):
        return reverse("casework:family-answer", args=[self.token])

    @property
    def is_open(self):
        return timezone.localdate() <= self.closes_on


class FamilyAnswer(models.Model):
    """One anonymous set of answers: no name, no account, no address, only the day it came."""

    class Who(models.TextChoices):
        YOUNG_PERSON = "young_person", "A child or young person"
        PARENT_CARER = "parent_carer", "A parent or carer"

    class Reply(models.TextChoices):
        YES = "yes", "Yes"
        SOMETIMES = "sometimes", "Sometimes"
        NO = "no", "No"
        NOT_SURE = "not_sure", "I'm not sure"

    feedback = models.ForeignKey(FamilyFeedback, on_delete=models.CASCADE, related_name="answers")
    who = models.CharField(max_length=20, choices=Who.choices)
    listened_to = models.CharField(max_length=10, choices=Reply.choices)
    feel_safer = models.CharField(max_length=10, choices=Reply.choices)
    know_who_to_tell = models.CharField(max_length=10, choices=Reply.choices)
    what_is_good = models.TextField(blank=True)
    what_would_help = models.TextField(blank=True)
    submitted_on = models.DateField(default=timezone.localdate)

    def __str__(self):
        return f"Answers to {self.feedback}"

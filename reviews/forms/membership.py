"""Inviting someone to a review."""

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model

from peerreview.forms import GDSFormMixin

from ..models import Invitation, Membership, Role


class InvitationForm(GDSFormMixin, forms.Form):
    submit_label = "Send invitation"

    email = forms.EmailField(
        label="Email address",
        widget=forms.EmailInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    role = forms.ChoiceField(
        label="Role on this review",
        choices=Role.choices,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, review, **kwargs):
        self.review = review
        super().__init__(*args, **kwargs)
        days = settings.INVITATION_VALID_DAYS
        hint = f"We will email them a link that works once and expires after {days} days."
        self.fields["email"].help_text = hint

    def clean_email(self):
        email = get_user_model().objects.normalize_email(self.cleaned_data["email"])
        if Membership.objects.filter(review=self.review, user__email=email).exists():
            raise forms.ValidationError("This person is already on the review.")
        pending = [i for i in Invitation.objects.filter(review=self.review, email=email) if i.is_usable]
        if pending:
            raise forms.ValidationError(
                "This person already has an invitation waiting. Withdraw it first to send a new one."
            )
        return email

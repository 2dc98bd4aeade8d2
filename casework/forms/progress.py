from django import forms
from django.core.exceptions import ValidationError

from peerreview.forms import GDSFormMixin
from reviews.forms.fields import UKDateField

from ..models import Judgement
from ..services.progress import StartRefused, check_visit


class ProgressReviewStartForm(GDSFormMixin, forms.Form):
    submit_label = "Start the progress review"

    onsite_start = UKDateField(label="First on-site day")
    onsite_days = forms.IntegerField(
        label="Number of on-site days",
        help_text="One or two: a progress review's visit is short.",
        error_messages={"required": "Enter the number of on-site days", "invalid": "Enter 1 or 2"},
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-2"}),
    )
    team = forms.MultipleChoiceField(
        label="Invite from the original team",
        help_text="Suggested first: the peers who took part in the original review. Fill any other places "
        "from the pool on the team page afterwards.",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, original_team, **kwargs):
        super().__init__(*args, **kwargs)
        self.slots = {str(slot.pk): slot for slot in original_team}
        self.fields["team"].choices = [
            (key, f"{slot.peer.full_name}, {slot.get_role_display().lower()}")
            for key, slot in self.slots.items()
        ]
        if not self.slots:
            del self.fields["team"]
        elif not self.is_bound:
            self.initial["team"] = list(self.slots)

    def clean(self):
        data = super().clean()
        try:
            check_visit(data.get("onsite_start"), data.get("onsite_days"))
        except StartRefused as refusal:
            raise ValidationError({refusal.field: str(refusal)}) from None
        return data

    def chosen_team(self):
        """(role, peer) for each member of the original team chosen."""
        return [(self.slots[key].role, self.slots[key].peer) for key in self.cleaned_data.get("team", [])]


class JudgementForm(GDSFormMixin, forms.ModelForm):
    submit_label = "Save judgement"
    legend_size = "m"

    class Meta:
        model = Judgement
        fields = ["verdict", "what_we_found"]
        widgets = {"verdict": forms.RadioSelect, "what_we_found": forms.Textarea(attrs={"rows": 5})}
        labels = {"verdict": "How far has it been met?", "what_we_found": "What we found"}
        help_texts = {
            "what_we_found": "The evidence in a few sentences. It goes into the letter: name no one."
        }
        error_messages = {"verdict": {"required": "Choose met, partly met or not met"}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["verdict"].required = True
        self.fields["verdict"].choices = Judgement.Verdict.choices

"""A review's plan: milestone dates and the stage."""

from django import forms

from peerreview.forms import GDSFormMixin

from .fields import UKDateField


class MilestoneDateForm(GDSFormMixin, forms.Form):
    submit_label = "Save date"

    due = UKDateField(label="Due date")


class StageForm(GDSFormMixin, forms.Form):
    submit_label = "Move review"

    to_stage = forms.ChoiceField(
        label="Move the review to", widget=forms.RadioSelect, error_messages={"required": "Choose a stage"}
    )
    reason = forms.CharField(
        label="Reason",
        help_text="Required when moving the review back to an earlier stage.",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )

    def __init__(self, *args, review, **kwargs):
        super().__init__(*args, **kwargs)
        self.review = review
        choices = []
        if review.next_stage:
            choices.append((review.next_stage.value, f"Forward to “{review.next_stage.label}”"))
        choices += [(stage.value, f"Back to “{stage.label}”") for stage in reversed(review.earlier_stages)]
        self.fields["to_stage"].choices = choices

    def clean(self):
        cleaned = super().clean()
        to_stage = cleaned.get("to_stage")
        backwards = to_stage and to_stage != getattr(self.review.next_stage, "value", None)
        if backwards and not cleaned.get("reason", "").strip():
            self.add_error("reason", "Give a reason for moving the review back")
        return cleaned


class PostponeForm(GDSFormMixin, forms.Form):
    submit_label = "Postpone the review"

    new_start = UKDateField(label="New first on-site day", example="4 3 2027")
    reason = forms.CharField(
        label="Why is the review postponed?",
        help_text="For example, Ofsted announced an inspection for the on-site week. Everyone on the review reads this.",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Say why the review is postponed"},
    )

    def __init__(self, *args, review, **kwargs):
        super().__init__(*args, **kwargs)
        self.review = review

    def clean_new_start(self):
        new_start = self.cleaned_data["new_start"]
        if new_start.weekday() >= 5:
            raise forms.ValidationError("The first on-site day must be a working day (Monday to Friday)")
        if new_start == self.review.onsite_start:
            raise forms.ValidationError("Enter a date different from the current first on-site day")
        return new_start


class RemoveMemberForm(GDSFormMixin, forms.Form):
    submit_label = "Remove from the review"

    reason = forms.CharField(
        label="Why are they leaving the review?",
        help_text="For example, they changed jobs. The reason is kept in the review's audit trail.",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Say why they are leaving the review"},
    )


class CallOffForm(GDSFormMixin, forms.Form):
    submit_label = "Call off the review"

    reason = forms.CharField(
        label="Why is the review called off?",
        help_text="For example, Ofsted started an inspection of the council. Everyone on the review reads this.",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Say why the review is called off"},
    )

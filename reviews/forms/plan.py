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

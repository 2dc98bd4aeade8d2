"""Forms for follow-up: the council's actions and their progress, check-ins and evaluations."""

from django import forms

from peerreview.forms import GDSFormMixin
from reviews.forms.fields import UKDateField
from reviews.uploads import Refused, check

from ..models import Action, CheckIn, Evaluation, Finding


class ActionForm(GDSFormMixin, forms.ModelForm):
    submit_label = "Save action"

    target_date = UKDateField(label="Target date", required=False)

    class Meta:
        model = Action
        fields = ["recommendations", "title", "steps", "owner_name", "owner_role", "target_date"]
        widgets = {
            "recommendations": forms.CheckboxSelectMultiple,
            "steps": forms.Textarea(attrs={"rows": 4}),
        }
        labels = {"title": "Action", "recommendations": "Recommendations it answers"}
        help_texts = {"recommendations": "Tick more than one to merge them into one action."}
        error_messages = {
            "title": {"required": "Describe the action"},
            "recommendations": {"required": "Choose at least one recommendation"},
        }

    def __init__(self, *args, review, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recommendations"].queryset = (
            Finding.objects.agreed().recommendations().filter(review=review)
        )
        self.fields["recommendations"].label_from_instance = lambda f: f.text[:160]


class ProgressForm(GDSFormMixin, forms.Form):
    submit_label = "Save update"

    status = forms.ChoiceField(
        label="Status",
        choices=Action.UPDATE_STATUSES,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how the action is going"},
    )
    text = forms.CharField(
        label="What has happened", widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    evidence = forms.FileField(
        label="Evidence (optional)", required=False, help_text="A document that shows the progress."
    )

    def clean_evidence(self):
        """Refuse an unsafe file here, beside the file field (the service checks it again before saving)."""
        evidence = self.cleaned_data.get("evidence")
        if evidence:
            try:
                check(evidence)
            except Refused as refusal:
                raise forms.ValidationError(f"{refusal} Nothing was saved.") from None
        return evidence


class CheckInForm(GDSFormMixin, forms.ModelForm):
    submit_label = "Submit the check-in"

    class Meta:
        model = CheckIn
        fields = ["overall", "what_changed", "what_is_stuck", "support_wanted"]
        widgets = {
            "overall": forms.RadioSelect,
            "what_changed": forms.Textarea(attrs={"rows": 4}),
            "what_is_stuck": forms.Textarea(attrs={"rows": 3}),
            "support_wanted": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {"what_changed": "What has changed since the letter", "what_is_stuck": "What is stuck"}
        error_messages = {
            "overall": {"required": "Choose the overall progress"},
            "what_changed": {"required": "Say what has changed"},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["overall"].choices = CheckIn.Progress.choices
        self.fields["overall"].required = True
        self.fields["what_changed"].required = True


class EvaluationForm(GDSFormMixin, forms.ModelForm):
    submit_label = "Send evaluation"

    class Meta:
        model = Evaluation
        fields = ["clarity", "expertise", "timetable", "catch_ups", "letter", "comments"]
        widgets = {name: forms.RadioSelect for name, _ in Evaluation.QUESTIONS} | {
            "comments": forms.Textarea(attrs={"rows": 4})
        }
        labels = dict(Evaluation.QUESTIONS) | {"comments": "Anything else (optional)"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, _ in Evaluation.QUESTIONS:
            self.fields[name].choices = Evaluation.Rating.choices
            self.fields[name].error_messages["required"] = "Give a rating"

"""The programme's councils and their inspection windows."""

from django import forms

from peerreview.forms import GDSFormMixin

from ..models import Authority, InspectionWindow
from .fields import UKDateField


class CouncilForm(GDSFormMixin, forms.ModelForm):
    submit_label = "Save council"

    class Meta:
        model = Authority
        fields = ["name", "kind", "region", "neighbours"]
        widgets = {"kind": forms.RadioSelect, "neighbours": forms.CheckboxSelectMultiple}
        labels = {"name": "Name of the council", "neighbours": "Neighbouring councils"}
        help_texts = {
            "neighbours": "Peers from a neighbouring council are flagged as a conflict of interest."
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].widget.attrs["spellcheck"] = "false"
        self.fields["region"].choices = [("", "Choose a region"), *Authority.Region.choices]
        neighbours = self.fields["neighbours"]
        neighbours.queryset = Authority.objects.exclude(pk=self.instance.pk).order_by("name")
        neighbours.error_messages["invalid_choice"] = (
            "Choose neighbours from the list. If a council is missing, add it first."
        )
        neighbours.error_messages["invalid_pk_value"] = neighbours.error_messages["invalid_choice"]

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        clash = Authority.objects.filter(name__iexact=name).exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError("A council with this name already exists.")
        return name


class InspectionWindowForm(GDSFormMixin, forms.ModelForm):
    submit_label = "Add inspection window"

    starts = UKDateField(label="First day")
    ends = UKDateField(label="Last day")

    class Meta:
        model = InspectionWindow
        fields = ["starts", "ends", "certainty", "note"]
        widgets = {"certainty": forms.RadioSelect}
        labels = {"certainty": "Is the inspection known or expected?"}

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("starts"), cleaned.get("ends")
        if starts and ends and ends < starts:
            self.add_error("ends", "The last day must be the same as or after the first day")
        return cleaned

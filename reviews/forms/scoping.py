"""Starting and scoping a review: its details, lines of enquiry, the council's reply; the review list's filter."""

from django import forms
from django.utils import timezone

from peerreview.forms import GDSFormMixin

from ..models import COMMON_FOCUS_AREAS, Authority, Review
from ..services.plan import usual_onsite_days
from .fields import UKDateField


class ReviewFilterForm(forms.Form):
    """Filters for the list of reviews; read from the query string."""

    stage = forms.ChoiceField(required=False, choices=[("", "All stages"), *Review.Stage.choices])
    council = forms.ModelChoiceField(
        required=False, queryset=Authority.objects.all(), empty_label="All councils"
    )
    year = forms.TypedChoiceField(required=False, coerce=int, empty_value=None)
    sort = forms.ChoiceField(
        required=False,
        choices=[("soonest", "On-site date, soonest first"), ("latest", "On-site date, latest first")],
    )

    def __init__(self, *args, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", "All years"), *[(year, year) for year in years]]


class ReviewForm(GDSFormMixin, forms.ModelForm):
    """The review's purpose, focus and dates. Used to create a review and to change it."""

    submit_label = "Save"

    focus_areas = forms.MultipleChoiceField(
        label="The council's focus areas",
        choices=[(area, area) for area in COMMON_FOCUS_AREAS],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    other_focus_areas = forms.CharField(
        label="Other focus areas",
        help_text="One on each line.",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    onsite_start = UKDateField(label="First on-site day")
    onsite_days = forms.IntegerField(
        label="Number of on-site days",
        help_text="Leave blank for the usual length of this type of review: "
        + "; ".join(f"{kind.label.lower()}, {usual_onsite_days(kind)} days" for kind in Review.Kind)
        + ".",
        required=False,
        min_value=1,
        max_value=10,
        error_messages={
            "min_value": "The visit must last at least 1 day",
            "max_value": "The visit can last at most 10 days",
            "invalid": "Enter the number of days as a number, like 5",
        },
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-2"}),
    )
    feedback_workshop = UKDateField(
        label="Feedback workshop",
        required=False,
        help_text="Usually on the last on-site day. Leave blank for that.",
    )

    class Meta:
        model = Review
        fields = ["authority", "kind", "purpose", "onsite_start", "onsite_days", "feedback_workshop"]
        widgets = {"kind": forms.RadioSelect, "purpose": forms.Textarea(attrs={"rows": 4})}
        labels = {"authority": "Council", "purpose": "Purpose of the review"}
        help_texts = {"purpose": "What the council wants to learn from the review, in its own words."}

    def __init__(self, *args, creating=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.creating = creating
        if creating:
            self.submit_label = "Create review"
            self.fields["authority"].empty_label = "Choose a council"
        else:
            del self.fields["authority"]
            common = [area for area in self.instance.focus_areas if area in COMMON_FOCUS_AREAS]
            self.initial["focus_areas"] = common
            self.initial["other_focus_areas"] = "\n".join(
                area for area in self.instance.focus_areas if area not in COMMON_FOCUS_AREAS
            )

    def clean_onsite_start(self):
        start = self.cleaned_data["onsite_start"]
        if self.creating and start and start < timezone.localdate():
            raise forms.ValidationError("The first on-site day must be today or in the future")
        return start

    def clean(self):
        cleaned = super().clean()
        start, workshop = cleaned.get("onsite_start"), cleaned.get("feedback_workshop")
        if start and workshop and workshop < start:
            self.add_error(
                "feedback_workshop", "The feedback workshop must be on or after the first on-site day"
            )
        if cleaned.get("onsite_days") is None and "onsite_days" not in self.errors:
            cleaned["onsite_days"] = usual_onsite_days(cleaned.get("kind"))
        others = [line.strip() for line in cleaned.get("other_focus_areas", "").splitlines() if line.strip()]
        cleaned["focus_areas"] = list(dict.fromkeys([*cleaned.get("focus_areas", []), *others]))
        return cleaned

    def scope_fields(self):
        """The cleaned values to hand to the services."""
        names = ["kind", "purpose", "focus_areas", "onsite_start", "onsite_days", "feedback_workshop"]
        return {name: self.cleaned_data[name] for name in names}


class LinesForm(GDSFormMixin, forms.Form):
    """Which lines of enquiry the review covers, one group of checkboxes per theme."""

    submit_label = "Save lines of enquiry"
    legend_size = "m"

    def __init__(self, *args, themes, **kwargs):
        super().__init__(*args, **kwargs)
        for theme in themes:
            lines = list(theme.lines.all())
            self.fields[f"theme_{theme.number}"] = forms.MultipleChoiceField(
                label=str(theme),
                choices=[
                    (line.pk, line.text + (f" ({line.origin.lower()})" if line.origin else ""))
                    for line in lines
                ],
                initial=[line.pk for line in lines if line.included],
                widget=forms.CheckboxSelectMultiple,
                required=False,
            )

    def included_ids(self):
        return [int(pk) for name, pks in self.cleaned_data.items() if name.startswith("theme_") for pk in pks]


class LocalLineForm(GDSFormMixin, forms.Form):
    submit_label = "Add line of enquiry"

    theme = forms.ModelChoiceField(
        label="Theme",
        queryset=None,
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={
            "required": "Choose the theme it belongs to",
            "invalid_choice": "Choose one of the themes",
        },
    )
    text = forms.CharField(
        label="Line of enquiry",
        help_text="A question the council wants the team to explore, for example “How well do schools use early help?”",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter the line of enquiry"},
    )

    def __init__(self, *args, review, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].queryset = review.themes.all()


class ScopeResponseForm(GDSFormMixin, forms.Form):
    submit_label = "Send reply"

    decision = forms.ChoiceField(
        label="Do you agree this scope?",
        choices=[("agree", "Yes, we agree the scope"), ("changes", "No, we would like changes")],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether you agree the scope"},
    )
    comment = forms.CharField(
        label="Comments",
        help_text="Required if you would like changes: say what and why.",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == "changes" and not cleaned.get("comment", "").strip():
            self.add_error("comment", "Say what you would like changed")
        return cleaned

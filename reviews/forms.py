import re

from crispy_forms_gds.fields import DateInputField
from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone

from peerreview.forms import GDSFormMixin

from .models import (
    COMMON_FOCUS_AREAS,
    AgencyType,
    Answer,
    Authority,
    CaseExercise,
    Category,
    DocumentRequest,
    EarlyFinding,
    Hypothesis,
    InspectionWindow,
    Invitation,
    LineOfEnquiry,
    Membership,
    Questionnaire,
    Review,
    Role,
    RoleLevel,
    SelfEvaluationEntry,
    Statement,
    Theme,
)


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


class UKDateField(DateInputField):
    """The GOV.UK date input (day, month, year) with plain messages."""

    def __init__(self, *, example="27 3 2027", **kwargs):
        kwargs.setdefault("help_text", f"For example, {example}")
        super().__init__(**kwargs)
        self.error_messages["required"] = self.error_messages["incomplete"] = "Enter the day, month and year"

    def compress(self, data_list):
        try:
            return super().compress(data_list)
        except forms.ValidationError:
            raise forms.ValidationError("Enter a real date, for example 27 3 2027") from None


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
        initial=5,
        min_value=1,
        max_value=10,
        error_messages={
            "min_value": "The visit must last at least 1 day",
            "max_value": "The visit can last at most 10 days",
            "required": "Enter the number of on-site days",
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
                    (line.pk, line.text + (" (added by the council)" if line.is_local else ""))
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


class ThemeForm(GDSFormMixin, forms.ModelForm):
    submit_label = "Save theme"

    class Meta:
        model = Theme
        fields = ["title", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class LineOfEnquiryForm(GDSFormMixin, forms.ModelForm):
    submit_label = "Save line of enquiry"

    class Meta:
        model = LineOfEnquiry
        fields = ["text", "active"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}
        labels = {"text": "Line of enquiry", "active": "Offer this line to new reviews"}


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


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            if not data and self.required:
                raise forms.ValidationError(self.error_messages["required"], code="required")
            return [super(MultipleFileField, self).clean(item, initial) for item in data]
        return [super().clean(data, initial)] if data or self.required else []


class UploadForm(GDSFormMixin, forms.Form):
    submit_label = "Upload"
    form_attrs = {"data-upload-progress": "upload-progress"}

    files = MultipleFileField(
        label="Files",
        help_text="You can choose several files at once. Each becomes a document titled with its file name; "
        "a file with the title of a document already here becomes its new version.",
        error_messages={"required": "Choose at least one file", "empty": "One of the files is empty"},
    )
    title = forms.CharField(
        label="Title (optional)",
        required=False,
        max_length=200,
        help_text="Only used when you upload one file.",
    )
    category = forms.ChoiceField(
        choices=Category.choices, widget=forms.RadioSelect, error_messages={"required": "Choose a category"}
    )
    description = forms.CharField(
        label="Short description (optional)", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    themes = forms.ModelMultipleChoiceField(
        label="Themes it is evidence for (optional)",
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    request = forms.ModelChoiceField(
        label="Is this something the review manager asked for?", queryset=None, required=False,
        empty_label="No, or not sure",
    )  # fmt: skip

    def __init__(self, *args, review, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["themes"].queryset = review.themes.all()
        self.fields["request"].queryset = review.document_requests.all()
        self.fields["files"].widget.attrs["multiple"] = True


class DocumentRequestForm(GDSFormMixin, forms.ModelForm):
    submit_label = "Ask the council"

    class Meta:
        model = DocumentRequest
        fields = ["title", "description", "category"]
        widgets = {"category": forms.RadioSelect, "description": forms.Textarea(attrs={"rows": 2})}
        labels = {"title": "What do you need?"}
        help_texts = {"title": "For example, “Last 3 months' referral data”."}


class SelfEvaluationEntryForm(forms.ModelForm):
    """One theme of the self-evaluation. Laid out by its page, several to a form."""

    class Meta:
        model = SelfEvaluationEntry
        fields = ["grade", "strengths", "areas_for_development", "evidence", "documents"]
        widgets = {
            "grade": forms.RadioSelect,
            "strengths": forms.Textarea(attrs={"rows": 3}),
            "areas_for_development": forms.Textarea(attrs={"rows": 3}),
            "evidence": forms.Textarea(attrs={"rows": 2}),
            "documents": forms.CheckboxSelectMultiple,
        }
        labels = {
            "grade": "Your own grading",
            "evidence": "Evidence you rely on",
            "documents": "Documents in the library that show it",
        }

    def __init__(self, *args, review, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["grade"].choices = SelfEvaluationEntry.Grade.choices
        self.fields["documents"].queryset = review.documents.all()


class QuestionnaireOpenForm(GDSFormMixin, forms.ModelForm):
    submit_label = "Save"

    closes_on = UKDateField(label="Last day for answers")

    class Meta:
        model = Questionnaire
        fields = ["closes_on", "introduction"]
        widgets = {"introduction": forms.Textarea(attrs={"rows": 3})}
        labels = {"introduction": "Introduction shown to respondents (optional)"}


class StatementForm(GDSFormMixin, forms.ModelForm):
    submit_label = "Add statement"

    class Meta:
        model = Statement
        fields = ["theme", "text"]
        labels = {"text": "Statement", "theme": "Theme (optional)"}
        help_texts = {
            "text": "Something staff can agree or disagree with, for example “I get regular supervision.”"
        }

    def __init__(self, *args, review, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].queryset = review.themes.all()
        self.fields["theme"].empty_label = "No particular theme"


class QuestionnaireAnswerForm(GDSFormMixin, forms.Form):
    submit_label = "Send my answers"
    legend_size = "s"

    agency_type = forms.ChoiceField(
        label="Where do you work?", choices=AgencyType.choices, widget=forms.RadioSelect,
        error_messages={"required": "Choose where you work"},
    )  # fmt: skip
    role_level = forms.ChoiceField(
        label="What is your role?", choices=RoleLevel.choices, widget=forms.RadioSelect,
        error_messages={"required": "Choose your role"},
    )  # fmt: skip
    comments = forms.CharField(
        label="Anything else you would like the review team to know? (optional)",
        help_text="Please do not name yourself, colleagues or children.",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )

    def __init__(self, *args, statements, **kwargs):
        super().__init__(*args, **kwargs)
        for statement in statements:
            self.fields[f"statement_{statement.pk}"] = forms.TypedChoiceField(
                label=statement.text,
                choices=Answer.Agreement.choices,
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={"required": "Choose how far you agree with this statement"},
            )
        # Statements first, then who is answering, then comments.
        self.order_fields([name for name in self.fields if name.startswith("statement_")])

    def answers(self):
        return {
            int(name.split("_")[1]): value
            for name, value in self.cleaned_data.items()
            if name.startswith("statement_")
        }


class CaseExerciseForm(GDSFormMixin, forms.ModelForm):
    submit_label = "Save"

    class Meta:
        model = CaseExercise
        fields = ["case_references", "agencies", "findings", "documents"]
        widgets = {
            "case_references": forms.Textarea(attrs={"rows": 3}),
            "agencies": forms.Textarea(attrs={"rows": 2}),
            "findings": forms.Textarea(attrs={"rows": 6}),
            "documents": forms.CheckboxSelectMultiple,
        }
        error_messages = {"findings": {"required": "Describe what the exercise found"}}

    def __init__(self, *args, review, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["documents"].queryset = review.documents.all()
        self.fields["documents"].required = False

    def clean_case_references(self):
        lines = [line.strip() for line in self.cleaned_data["case_references"].splitlines() if line.strip()]
        if any(not re.search(r"\d", line) for line in lines):
            raise forms.ValidationError(
                "Give case reference numbers only, one on each line, like CR-20931. Never a child's name."
            )
        return "\n".join(lines)


class HypothesisForm(GDSFormMixin, forms.ModelForm):
    submit_label = "Save hypothesis"

    class Meta:
        model = Hypothesis
        fields = ["theme", "statement", "status", "documents", "exercises"]
        widgets = {
            "statement": forms.Textarea(attrs={"rows": 3}),
            "status": forms.RadioSelect,
            "documents": forms.CheckboxSelectMultiple,
            "exercises": forms.CheckboxSelectMultiple,
        }
        labels = {
            "statement": "Hypothesis to test on site",
            "documents": "Documents behind it",
            "exercises": "Case exercises behind it",
        }
        error_messages = {"statement": {"required": "Write the hypothesis"}}

    def __init__(self, *args, review, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].queryset = review.themes.all()
        self.fields["theme"].empty_label = "Across themes"
        self.fields["documents"].queryset = review.documents.all()
        self.fields["exercises"].queryset = review.case_exercises.all()


class EarlyFindingForm(GDSFormMixin, forms.ModelForm):
    submit_label = "Add early finding"

    class Meta:
        model = EarlyFinding
        fields = ["theme", "text"]
        widgets = {"theme": forms.RadioSelect, "text": forms.Textarea(attrs={"rows": 4})}
        labels = {"text": "Early finding"}
        error_messages = {
            "text": {"required": "Write the early finding"},
            "theme": {"required": "Choose a theme"},
        }

    def __init__(self, *args, review, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].queryset = review.themes.all()
        self.fields["theme"].empty_label = None

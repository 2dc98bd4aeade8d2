"""Pre-visit evidence: documents, self-evaluation, questionnaire, case exercises, hypotheses."""

import re

from django import forms
from django.utils import timezone

from peerreview.forms import GDSFormMixin

from ..models import (
    AgencyType,
    Answer,
    CaseExercise,
    Category,
    DocumentRequest,
    EarlyFinding,
    Hypothesis,
    Questionnaire,
    RoleLevel,
    SelfEvaluationEntry,
    Statement,
)
from .fields import MultipleFileField, UKDateField


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
        self.fields["request"].queryset = review.document_requests.exclude(
            status__in=[DocumentRequest.Status.ACCEPTED, DocumentRequest.Status.CLOSED]
        )
        self.fields["files"].widget.attrs["multiple"] = True


class DocumentRequestForm(GDSFormMixin, forms.ModelForm):
    submit_label = "Ask the council"

    due = UKDateField(label="Due by")
    owner = forms.ModelChoiceField(
        label="Who at the council answers it?", queryset=None, widget=forms.RadioSelect,
        help_text="They are reminded by email before it is due, and again if it is overdue.",
        error_messages={"required": "Choose the council contact who answers it"},
    )  # fmt: skip

    class Meta:
        model = DocumentRequest
        fields = ["title", "description", "category", "due", "owner"]
        widgets = {"category": forms.RadioSelect, "description": forms.Textarea(attrs={"rows": 2})}
        labels = {"title": "What do you need?"}
        help_texts = {"title": "For example, “Last 3 months' referral data”."}
        error_messages = {"title": {"required": "Say what you need"}}

    def __init__(self, *args, review, default_due=None, owners, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = owners
        if default_due:
            self.fields["due"].initial = default_due
            self.fields[
                "due"
            ].help_text = f"The plan has documents due by {default_due:%-d %B %Y}. For example, {default_due:%-d %-m %Y}"

    def clean_due(self):
        due = self.cleaned_data["due"]
        if due < timezone.localdate():
            raise forms.ValidationError("The due date must be today or later")
        return due


class ReturnRequestForm(GDSFormMixin, forms.Form):
    submit_label = "Return to the council"

    reason = forms.CharField(
        label="Why does it go back?", widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The council sees this. Say what is missing or what you need instead.",
        error_messages={"required": "Say why the request goes back"},
    )  # fmt: skip


class NotAvailableForm(GDSFormMixin, forms.Form):
    submit_label = "Say it is not available"

    explanation = forms.CharField(
        label="Why is it not available?", widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example, when it will exist, or what the team could read instead.",
        error_messages={"required": "Explain why it is not available"},
    )  # fmt: skip


class RequestsUploadForm(GDSFormMixin, forms.Form):
    """Files for several requests at once: one file field for each request still open to answers."""

    submit_label = "Upload"
    form_attrs = {"data-upload-progress": "upload-progress"}

    def __init__(self, *args, requests, **kwargs):
        super().__init__(*args, **kwargs)
        self.requests = {f"request_{request.pk}": request for request in requests}
        for name, request in self.requests.items():
            hint = f"Due by {request.due:%-d %B %Y}. {request.get_status_display()}."
            self.fields[name] = MultipleFileField(label=request.title, help_text=hint, required=False)
            self.fields[name].widget.attrs["multiple"] = True

    def batches(self):
        return [(request, self.cleaned_data[name]) for name, request in self.requests.items()]

    def field_for(self, request_pk):
        return f"request_{request_pk}"


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

    def __init__(self, *args, statements, codes=False, code_required=False, **kwargs):
        """`codes`: one-time codes were handed out, so offer the box; `code_required`: someone has already
        answered from this browser, so only a code lets another person answer from it."""
        super().__init__(*args, **kwargs)
        if codes:
            self.fields["code"] = forms.CharField(
                label="Your one-time code" if code_required else "Your one-time code (if you were given one)",
                help_text="It is on the slip you were given, like ABCDE-23456. It does not identify you.",
                required=code_required,
                max_length=20,
                error_messages={"required": "Enter the one-time code you were given"},
            )
        for statement in statements:
            self.fields[f"statement_{statement.pk}"] = forms.TypedChoiceField(
                label=statement.text,
                choices=Answer.Agreement.choices,
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={"required": "Choose how far you agree with this statement"},
            )
        # The code first when it is needed, then statements, then who is answering, then comments.
        self.order_fields(
            [
                *(["code"] if code_required else []),
                *(name for name in self.fields if name.startswith("statement_")),
            ]
        )

    def answers(self):
        return {
            int(name.split("_")[1]): value
            for name, value in self.cleaned_data.items()
            if name.startswith("statement_")
        }


class QuestionnaireCodesForm(GDSFormMixin, forms.Form):
    submit_label = "Make codes"

    count = forms.IntegerField(
        label="How many codes?",
        help_text="One for each person who will answer from a shared computer.",
        min_value=1,
        max_value=500,
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-4"}),
        error_messages={
            "required": "Enter how many codes to make",
            "invalid": "Enter a number, like 20",
            "min_value": "Make at least 1 code",
            "max_value": "Make 500 codes or fewer at a time",
        },
    )


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

"""Forms for notes, their links to hypotheses, the evidence board, findings and daily summaries."""

import uuid
from datetime import date

from django import forms

from peerreview.forms import GDSFormMixin
from reviews.models import AgencyType, ReviewLine

from ..checks import day_label
from ..models import Finding, HypothesisEvidence, Note
from .choices import ReviewThemesField


class NoteForm(forms.ModelForm):
    """A note, made for typing on a phone between sessions. Laid out by its own template."""

    client_id = forms.UUIDField(widget=forms.HiddenInput)
    # The version the form started from, and the open form itself (see services.notes.save_note).
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)
    editor = forms.UUIDField(widget=forms.HiddenInput, required=False)
    # A form field, not the model's: its choices are this review's sessions, so the model
    # need not look the chosen one up again when the form is checked.
    session = forms.ModelChoiceField(label="Session (optional)", queryset=None, required=False)

    class Meta:
        model = Note
        fields = ["text", "kind", "agency", "themes", "lines"]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 8, "spellcheck": "true"}),
            # A list, not radios: on a phone the form must fit two screens (issue 18).
            "kind": forms.Select,
            "themes": forms.CheckboxSelectMultiple,
            "lines": forms.CheckboxSelectMultiple,
        }
        field_classes = {"themes": ReviewThemesField}
        labels = {"text": "Note"}
        help_texts = {"text": "Never write a person's name: describe them by their role."}
        error_messages = {"text": {"required": "Write the note before saving it"}}

    def __init__(self, *args, review, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial.setdefault("session", self.instance.session_id)
            self.initial.setdefault("version", self.instance.version)
        self.initial.setdefault("editor", uuid.uuid4())
        # Only the review's own lists are set for each form; what never changes is set once, below.
        self.fields["session"].queryset = review.sessions.order_by("day", "starts")
        self.fields["themes"].queryset = review.themes.all()
        self.fields["themes"].review = review
        self.fields["lines"].queryset = ReviewLine.objects.filter(
            theme__review=review, included=True
        ).select_related("theme")

    def line_choices(self):
        """The lines as the template lists them, each with its theme, so a phone offers only the chosen themes'."""
        chosen = {str(value) for value in (self["lines"].value() or [])}
        return [
            {
                "pk": line.pk,
                "theme": line.theme_id,
                "label": _line_label(line),
                "checked": str(line.pk) in chosen,
            }
            for line in self.fields["lines"].queryset
        ]


def _line_label(line):
    return f"{line.theme.number}. {line.text}"


def _settle_note_form(fields):
    """The note form's fixed choices, labels and messages, set once on the class (each form copies
    them) rather than rebuilt for every note saved."""
    fields["session"].empty_label = "Not from a session (a document, say)"
    fields["session"].error_messages["invalid_choice"] = "Choose one of this review's sessions"
    fields["agency"].choices = [("", "Not from one agency"), *AgencyType.choices]
    fields["kind"].choices = [("", "Not a particular kind"), *Note.Kind.choices]
    fields["kind"].required = False
    fields["themes"].error_messages["invalid_choice"] = "Choose this review's themes"
    fields["lines"].label_from_instance = _line_label
    fields["lines"].error_messages["invalid_choice"] = "Choose this review's lines of enquiry"
    fields["lines"].label = "Lines of enquiry"
    # Each form sets the review's lists: none on the class, so copying it clones no queryset.
    fields["themes"].queryset = fields["lines"].queryset = None
    first = ["text", "session"]
    return {name: fields[name] for name in [*first, *(name for name in fields if name not in first)]}


NoteForm.base_fields = _settle_note_form(NoteForm.base_fields)


class HypothesisLinkForm(GDSFormMixin, forms.Form):
    submit_label = "Link to the hypothesis"

    hypothesis = forms.ModelChoiceField(
        label="Hypothesis", queryset=None, empty_label="Choose a hypothesis",
        error_messages={"required": "Choose a hypothesis"},
    )  # fmt: skip
    stance = forms.ChoiceField(
        label="Does this note support or challenge it?",
        choices=HypothesisEvidence.Stance.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether it supports or challenges the hypothesis"},
    )

    def __init__(self, *args, review, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["hypothesis"].queryset = review.hypotheses.all()


class BoardFilterForm(forms.Form):
    """Filters for the evidence board, read from the query string. Choices are plain lists, fetched
    once: the page's template loop would otherwise count and then read each model list again."""

    q = forms.CharField(label="Search the notes", required=False)
    theme = forms.TypedChoiceField(required=False, coerce=int, empty_value=None)
    line = forms.TypedChoiceField(label="Line of enquiry", required=False, coerce=int, empty_value=None)
    agency = forms.ChoiceField(required=False, choices=[("", "All agencies"), *AgencyType.choices])
    kind = forms.ChoiceField(
        label="Kind of point", required=False, choices=[("", "All kinds"), *Note.Kind.choices]
    )
    day = forms.TypedChoiceField(required=False, coerce=date.fromisoformat, empty_value=None)
    session = forms.TypedChoiceField(required=False, coerce=int, empty_value=None)

    def __init__(self, *args, review, team, days, **kwargs):
        super().__init__(*args, **kwargs)
        lines = ReviewLine.objects.filter(theme__review=review, included=True)
        self.fields["theme"].choices = [("", "All themes"), *[(t.pk, str(t)) for t in review.themes.all()]]
        self.fields["line"].choices = [("", "All lines"), *[(line.pk, line.text[:80]) for line in lines]]
        self.fields["peer"] = forms.TypedChoiceField(
            label="Peer", required=False, coerce=int, empty_value=None,
            choices=[("", "All peers"), *[(p.pk, p.full_name) for p in team]],
        )  # fmt: skip
        self.fields["day"].choices = [("", "All days"), *[(d.isoformat(), day_label(d)) for d in days]]
        self.fields["session"].choices = [
            ("", "All sessions"), *[(s.pk, str(s)) for s in review.sessions.all()]
        ]  # fmt: skip


class FindingForm(GDSFormMixin, forms.ModelForm):
    submit_label = "Save finding"

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Finding
        fields = ["theme", "kind", "text", "priority", "notes"]
        widgets = {
            "kind": forms.RadioSelect,
            "text": forms.Textarea(attrs={"rows": 5}),
            "priority": forms.RadioSelect,
            "notes": forms.CheckboxSelectMultiple,
        }
        labels = {
            "text": "Finding",
            "notes": "The notes behind it",
            "priority": "Priority (recommendations only)",
        }
        error_messages = {
            "text": {"required": "Write the finding"},
            "kind": {"required": "Choose the kind of finding"},
        }

    def __init__(self, *args, review, note_ids=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].queryset = review.themes.all()
        self.fields["theme"].empty_label = "Outside the framework's themes"
        self.fields["priority"].choices = Finding.Priority.choices
        self.fields["priority"].required = False
        linked = set(note_ids) | ({n.pk for n in self.instance.notes.all()} if self.instance.pk else set())
        if self.data:
            linked |= {int(pk) for pk in self.data.getlist("notes") if str(pk).isdigit()}
        self.fields["notes"].queryset = Note.objects.shared().filter(review=review, pk__in=linked)
        self.fields["notes"].label_from_instance = lambda note: note.text[:140]
        self.fields["notes"].error_messages["invalid_choice"] = "Link only this review's saved notes"
        if not self.instance.pk:
            self.initial["notes"] = list(linked)
        if self.instance.pk:
            self.initial["version"] = self.instance.version

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("kind") == Finding.Kind.RECOMMENDATION and not cleaned.get("priority"):
            self.add_error("priority", "Give the recommendation a priority")
        return cleaned


class MergeForm(GDSFormMixin, forms.Form):
    submit_label = "Merge"

    into = forms.ModelChoiceField(
        label="Merge into which finding?", queryset=None, widget=forms.RadioSelect,
        error_messages={"required": "Choose the finding to keep"},
    )  # fmt: skip

    def __init__(self, *args, finding, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["into"].queryset = (
            Finding.objects.live().filter(review=finding.review_id).exclude(pk=finding.pk)
        )
        self.fields["into"].label_from_instance = lambda f: f.text[:140]


class DailySummaryForm(GDSFormMixin, forms.Form):
    submit_label = "Share with the council"

    day = forms.TypedChoiceField(label="Day", coerce=date.fromisoformat, widget=forms.RadioSelect,
                                 error_messages={"required": "Choose the day"})  # fmt: skip
    text = forms.CharField(
        label="Emerging messages",
        help_text="What the team is hearing, in a few lines. No names, no notes.",
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": "Write the emerging messages"},
    )
    findings = forms.ModelMultipleChoiceField(
        label="Findings to share (optional)",
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args, review, days, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["day"].choices = [(d.isoformat(), day_label(d)) for d in days]
        self.fields["findings"].queryset = Finding.objects.live().filter(review=review)
        self.fields["findings"].label_from_instance = lambda f: f.text[:140]

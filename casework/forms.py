from datetime import date

from django import forms

from peerreview.forms import GDSFormMixin
from reviews.forms import UKDateField
from reviews.models import AgencyType, ReviewLine

from .checks import day_label
from .models import (
    Action,
    CheckIn,
    Evaluation,
    Finding,
    HypothesisEvidence,
    LetterSection,
    Note,
    Participant,
    Programme,
    Session,
    Venue,
)

TIME_FORMATS = ["%H:%M", "%H.%M", "%H%M"]


def time_field(label):
    return forms.TimeField(
        label=label,
        input_formats=TIME_FORMATS,
        help_text="24-hour clock, for example 09:30 or 14:00",
        widget=forms.TimeInput(
            format="%H:%M", attrs={"class": "govuk-input--width-5", "inputmode": "numeric"}
        ),
        error_messages={
            "required": f"Enter the {label.lower()}",
            "invalid": "Enter a time like 09:30 or 14:00",
        },
    )


class VenueForm(GDSFormMixin, forms.ModelForm):
    submit_label = "Save venue"

    class Meta:
        model = Venue
        fields = ["name", "address", "access_notes"]
        widgets = {
            "address": forms.Textarea(attrs={"rows": 3}),
            "access_notes": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, review, **kwargs):
        super().__init__(*args, **kwargs)
        self.review = review

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if Venue.objects.filter(review=self.review, name__iexact=name).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError("There is already a venue with this name")
        return name


class TravelTimesForm(GDSFormMixin, forms.Form):
    """Minutes between each pair of venues, one field a pair; blank means the default applies."""

    submit_label = "Save travel times"

    def __init__(self, *args, venues, table, default, **kwargs):
        super().__init__(*args, **kwargs)
        self.pairs = {}
        venues = list(venues)
        for i, a in enumerate(venues):
            for b in venues[i + 1 :]:
                name = f"travel_{a.pk}_{b.pk}"
                self.pairs[name] = (a, b)
                self.fields[name] = forms.IntegerField(
                    label=f"{a} and {b}",
                    required=False,
                    min_value=0,
                    max_value=480,
                    initial=table.get((a.pk, b.pk)),
                    help_text=f"Minutes, either way. Leave blank for the default of {default}.",
                    widget=forms.NumberInput(attrs={"class": "govuk-input--width-3"}),
                    error_messages={
                        "min_value": "A travel time cannot be negative",
                        "max_value": "A travel time over 8 hours is not a day trip: check the number",
                        "invalid": "Enter whole minutes, like 25",
                    },
                )


class ProgrammeForm(GDSFormMixin, forms.ModelForm):
    submit_label = "Save settings"

    class Meta:
        model = Programme
        fields = ["default_travel_minutes", "max_interview_hours", "organiser_may_edit_on_site"]


class SessionForm(GDSFormMixin, forms.ModelForm):
    submit_label = "Save session"

    starts = time_field("Start time")
    ends = time_field("End time")
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    remote_link = forms.URLField(
        label="Joining link",
        required=False,
        assume_scheme="https",
        help_text="For a remote session, instead of a venue.",
        error_messages={"invalid": "Enter a web address, like https://meet.example.org/abc"},
    )

    class Meta:
        model = Session
        fields = [
            "kind",
            "title",
            "day",
            "starts",
            "ends",
            "venue",
            "remote_link",
            "peers",
            "themes",
            "focus_areas",
        ]
        widgets = {
            "kind": forms.Select,
            "day": forms.RadioSelect,
            "peers": forms.CheckboxSelectMultiple,
            "themes": forms.CheckboxSelectMultiple,
        }
        labels = {"peers": "Peers", "themes": "Themes it serves"}
        error_messages = {
            "kind": {"required": "Choose the type of session"},
            "day": {"required": "Choose the day"},
        }

    focus_areas = forms.MultipleChoiceField(
        label="Focus areas it serves", widget=forms.CheckboxSelectMultiple, required=False
    )

    def __init__(self, *args, review, team, days, **kwargs):
        super().__init__(*args, **kwargs)
        self.review = review
        self.fields["day"] = forms.TypedChoiceField(
            label="Day",
            choices=[(d.isoformat(), day_label(d)) for d in days],
            coerce=date.fromisoformat,
            widget=forms.RadioSelect,
            error_messages={
                "required": "Choose the day",
                "invalid_choice": "Choose one of the on-site days",
            },
        )
        if self.instance.pk:
            self.initial["day"] = self.instance.day.isoformat()
            self.initial["version"] = self.instance.version
        self.fields["venue"].queryset = review.venues.all()
        self.fields["venue"].empty_label = "Remote, or no venue yet"
        self.fields["venue"].error_messages["invalid_choice"] = "Choose one of this review's venues"
        self.fields["peers"].queryset = self.fields["peers"].queryset.filter(pk__in=[p.pk for p in team])
        self.fields["peers"].label_from_instance = lambda user: user.full_name
        self.fields["peers"].error_messages["invalid_choice"] = "Choose peers from this review's team"
        self.fields["themes"].queryset = review.themes.all()
        self.fields["focus_areas"].choices = [(area, area) for area in review.focus_areas]

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("starts"), cleaned.get("ends")
        if starts and ends and ends <= starts:
            self.add_error("ends", "The end time must be after the start time")
        return cleaned

    def session_fields(self):
        names = ["kind", "title", "day", "starts", "ends", "venue", "remote_link", "focus_areas"]
        return {name: self.cleaned_data[name] for name in names}


class ParticipantForm(GDSFormMixin, forms.ModelForm):
    submit_label = "Add participant"

    class Meta:
        model = Participant
        fields = ["role", "agency", "name", "contact"]
        labels = {"role": "Role", "agency": "Agency"}
        help_texts = {
            "name": "Seen only by the review manager and the council organiser. Never in notes or findings.",
        }
        error_messages = {
            "role": {"required": "Enter the participant's role"},
            "agency": {"required": "Choose the agency"},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].choices = [("", "Choose an agency"), *AgencyType.choices]


class PublishForm(GDSFormMixin, forms.Form):
    submit_label = "Publish the timetable"

    acknowledged = forms.BooleanField(
        label="I have read the warnings and want to publish anyway", required=False
    )


class NoteForm(forms.ModelForm):
    """A note, made for typing on a phone between sessions. Laid out by its own template."""

    client_id = forms.UUIDField(widget=forms.HiddenInput)
    # A form field, not the model's: its choices are this review's sessions, so the model
    # need not look the chosen one up again when the form is checked.
    session = forms.ModelChoiceField(label="Session (optional)", queryset=None, required=False)

    class Meta:
        model = Note
        fields = ["text", "kind", "agency", "themes", "lines"]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 8, "spellcheck": "true"}),
            "kind": forms.RadioSelect,
            "themes": forms.CheckboxSelectMultiple,
            "lines": forms.CheckboxSelectMultiple,
        }
        labels = {"text": "Note"}
        help_texts = {"text": "Never write a person's name: describe them by their role."}
        error_messages = {"text": {"required": "Write the note before saving it"}}

    def __init__(self, *args, review, **kwargs):
        super().__init__(*args, **kwargs)
        self.order_fields(["text", "session"])
        if self.instance.pk:
            self.initial.setdefault("session", self.instance.session_id)
        self.fields["session"].queryset = review.sessions.order_by("day", "starts")
        self.fields["session"].empty_label = "Not from a session (a document, say)"
        self.fields["session"].error_messages["invalid_choice"] = "Choose one of this review's sessions"
        self.fields["agency"].choices = [("", "Not from one agency"), *AgencyType.choices]
        self.fields["kind"].choices = Note.Kind.choices
        self.fields["kind"].required = False
        self.fields["themes"].queryset = review.themes.all()
        self.fields["themes"].error_messages["invalid_choice"] = "Choose this review's themes"
        self.fields["lines"].queryset = ReviewLine.objects.filter(
            theme__review=review, included=True
        ).select_related("theme")
        self.fields["lines"].label_from_instance = lambda line: f"{line.theme.number}. {line.text}"
        self.fields["lines"].error_messages["invalid_choice"] = "Choose this review's lines of enquiry"
        self.fields["lines"].label = "Lines of enquiry"


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
        self.fields["into"].queryset = Finding.objects.filter(
            review=finding.review_id, merged_into__isnull=True
        ).exclude(pk=finding.pk)
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
        self.fields["findings"].queryset = Finding.objects.filter(review=review, merged_into__isnull=True)
        self.fields["findings"].label_from_instance = lambda f: f.text[:140]


class SectionForm(GDSFormMixin, forms.ModelForm):
    submit_label = "Save section"

    class Meta:
        model = LetterSection
        fields = ["body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 18})}
        labels = {"body": "Text"}
        help_texts = {
            "body": "Leave a blank line between paragraphs. Start a line with “- ” for a bullet point and “* ” for "
            "a recommendation (they are numbered across the letter)."
        }
        error_messages = {
            "body": {"required": "A section cannot be empty. Write something, or keep the text it had."}
        }


class FactualCommentForm(GDSFormMixin, forms.Form):
    submit_label = "Send comment"

    section = forms.ModelChoiceField(
        label="Section", queryset=None, required=False, empty_label="The letter as a whole"
    )
    text = forms.CharField(label="Comment", widget=forms.Textarea(attrs={"rows": 4}), required=False)
    no_errors = forms.BooleanField(label="We found no factual errors in this draft", required=False)

    def __init__(self, *args, letter, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["section"].queryset = letter.sections.all()

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("no_errors") and not cleaned.get("text", "").strip():
            self.add_error("text", "Write your comment, or tick that there are no factual errors")
        return cleaned


class ResponseForm(GDSFormMixin, forms.Form):
    submit_label = "Save response"

    text = forms.CharField(
        label="The team's response", widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Write the team's response"},
    )  # fmt: skip


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
        self.fields["recommendations"].queryset = Finding.objects.filter(
            review=review, kind=Finding.Kind.RECOMMENDATION, agreed_at__isnull=False, merged_into__isnull=True
        )
        self.fields["recommendations"].label_from_instance = lambda f: f.text[:160]


class ProgressForm(GDSFormMixin, forms.Form):
    submit_label = "Save update"

    status = forms.ChoiceField(label="Status", choices=Action.Status.choices, widget=forms.RadioSelect)
    text = forms.CharField(
        label="What has happened", widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    evidence = forms.FileField(
        label="Evidence (optional)", required=False, help_text="A document that shows the progress."
    )


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


class CorrectionForm(GDSFormMixin, forms.Form):
    submit_label = "Issue the correction"

    reason = forms.CharField(
        label="What does the correction change, and why?",
        help_text="This is printed on the corrected letter and kept with it.",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Say what the correction changes and why"},
    )

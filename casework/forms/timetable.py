"""Forms for the on-site week: venues, travel times, the timetable's settings, sessions, publishing."""

from datetime import date

from django import forms

from peerreview.forms import GDSFormMixin
from reviews.models import AgencyType

from ..checks import day_label
from ..models import Participant, Programme, Session, Venue

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

    opens = time_field("Opens at")
    closes = time_field("Closes at")

    class Meta:
        model = Venue
        fields = ["name", "address", "access_notes", "opens", "closes", "rooms"]
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

    def clean_rooms(self):
        rooms = self.cleaned_data["rooms"]
        if rooms < 1:
            raise forms.ValidationError("Enter how many rooms are free at once: at least 1")
        return rooms

    def clean(self):
        data = super().clean()
        opens, closes = data.get("opens"), data.get("closes")
        if opens and closes and closes <= opens:
            self.add_error(
                "closes", "Enter a closing time after the opening time: the venue needs opening hours"
            )
        return data


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

"""Forms for the week's solver: session requests, a peer's day on site, accepting a proposal.

Each refuses, next to the field, what no week could satisfy: a session longer than the day, a peer
role the team does not have, participants' times shorter than the session.
"""

from datetime import date

from django import forms

from peerreview.forms import GDSFormMixin
from teams.models import PeerRole

from ..checks import day_label
from ..models import SessionRequest
from ..scheduling.adapter import DAY_CLOSES, DAY_OPENS, MIDDAY, minutes
from .timetable import time_field

PART_MINUTES = {"am": MIDDAY - DAY_OPENS, "pm": DAY_CLOSES - MIDDAY}


class SessionRequestForm(GDSFormMixin, forms.ModelForm):
    submit_label = "Save request"

    windows = forms.MultipleChoiceField(
        label="When the participants can come",
        help_text=f"Leave all unticked if they can come at any time. Mornings are 09:00 to 13:00, afternoons "
        f"13:00 to {DAY_CLOSES // 60}:{DAY_CLOSES % 60:02d}.",
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    roles = forms.MultipleChoiceField(
        label="Peer roles it needs",
        help_text="For example, “one officer peer and the health peer”: tick both. The rest can be anyone.",
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = SessionRequest
        fields = [
            "kind",
            "title",
            "minutes",
            "priority",
            "participant_role",
            "agency",
            "participant_email",
            "windows",
            "venues",
            "online",
            "peers",
            "roles",
            "themes",
        ]
        widgets = {
            "kind": forms.Select,
            "priority": forms.RadioSelect,
            "venues": forms.CheckboxSelectMultiple,
            "themes": forms.CheckboxSelectMultiple,
        }
        help_texts = {
            "venues": "Tick one, or several if any of them will do. Leave all unticked for any venue.",
            "participant_role": "Roles and agency, not names. For example, “Designated nurse and named GP”.",
        }
        labels = {"themes": "Themes it serves"}
        error_messages = {
            "kind": {"required": "Choose the type of session"},
            "title": {"required": "Enter a title"},
            "participant_role": {"required": "Enter who the participants are"},
            "agency": {"required": "Choose the participants' agency"},
            "minutes": {"required": "Enter how long it lasts, in minutes"},
        }

    def __init__(self, *args, review, days, team_roles, **kwargs):
        super().__init__(*args, **kwargs)
        self.review = review
        self.team_roles = team_roles
        self.fields["windows"].choices = [
            (f"{d.isoformat()} {part}", f"{day_label(d)}, {name}")
            for d in days
            for part, name in SessionRequest.PARTS.items()
        ]
        self.fields["roles"].choices = [
            (role.value, role.label)
            for role in PeerRole
            if role not in (PeerRole.REVIEW_MANAGER, PeerRole.ANALYST_PEER)
        ]
        self.fields["venues"].queryset = review.venues.all()
        self.fields["themes"].queryset = review.themes.all()
        self.fields["minutes"].widget.attrs["class"] = "govuk-input--width-4"
        self.fields["peers"].widget.attrs["class"] = "govuk-input--width-2"

    def clean_minutes(self):
        length = self.cleaned_data["minutes"]
        longest = DAY_CLOSES - DAY_OPENS
        if length < 15:
            raise forms.ValidationError("A session lasts at least 15 minutes")
        if length > longest:
            raise forms.ValidationError(
                f"No on-site day is that long: the day runs from 09:00 to 17:30 ({longest} minutes)"
            )
        return length

    def clean_peers(self):
        count = self.cleaned_data["peers"]
        if count < 1:
            raise forms.ValidationError("At least one peer takes part")
        return count

    def clean_roles(self):
        roles = self.cleaned_data["roles"]
        missing = [r for r in roles if r not in self.team_roles]
        if missing:
            raise forms.ValidationError(
                f"The team has no {PeerRole(missing[0]).label.lower()}. Untick it, or add one to the team first"
            )
        return roles

    def clean(self):
        data = super().clean()
        length, windows = data.get("minutes"), data.get("windows")
        if length and windows and all(PART_MINUTES[w.split(" ")[1]] < length for w in windows):
            self.add_error(
                "windows",
                f"Each of these times is shorter than the session ({length} minutes): tick a longer time "
                "or make the session shorter",
            )
        roles, peers = data.get("roles") or [], data.get("peers")
        if peers and len(roles) > peers:
            self.add_error("peers", f"It needs {len(roles)} roles, so at least {len(roles)} peers")
        if data.get("online") and data.get("venues"):
            self.add_error("venues", "An online session has no venue: untick the venues or “online”")
        venues = data.get("venues")
        if length and venues and not any(minutes(v.closes) - minutes(v.opens) >= length for v in venues):
            self.add_error("venues", "None of these venues is open long enough for the session")
        return data


class PeerDayForm(GDSFormMixin, forms.Form):
    submit_label = "Save"

    peer = forms.TypedChoiceField(label="Team member", coerce=int)
    day = forms.TypedChoiceField(label="Day", coerce=date.fromisoformat, widget=forms.RadioSelect)
    away = forms.BooleanField(label="Away all day (for example, ill)", required=False)
    arrives = time_field("Arrives at")
    leaves = time_field("Leaves at")
    note = forms.CharField(label="Note (optional)", required=False, max_length=200)

    def __init__(self, *args, team, days, **kwargs):
        super().__init__(*args, **kwargs)
        self.team = {person.pk: person for person in team}
        self.fields["peer"].choices = [(p.pk, p.full_name) for p in team]
        self.fields["day"].choices = [(d.isoformat(), day_label(d)) for d in days]
        self.fields["day"].error_messages["required"] = "Choose the day"
        for name in ("arrives", "leaves"):
            self.fields[name].required = False
        self.fields["arrives"].help_text = "Leave blank for the start of the day. 24-hour clock, like 11:00"
        self.fields["leaves"].help_text = "Leave blank for the end of the day. 24-hour clock, like 13:00"

    def clean(self):
        data = super().clean()
        arrives, leaves = data.get("arrives"), data.get("leaves")
        if arrives and leaves and leaves <= arrives:
            self.add_error("leaves", "Enter a time after they arrive")
        if data.get("peer") in self.team:
            data["peer"] = self.team[data["peer"]]
        return data


class ProposeForm(GDSFormMixin, forms.Form):
    submit_label = "Propose a week"

    time_limit = forms.TypedChoiceField(
        label="Time the solver may take",
        choices=[(10, "10 seconds"), (20, "20 seconds"), (60, "1 minute")],
        coerce=int,
        initial=20,
        widget=forms.RadioSelect,
        help_text="It stops with the best week found by then, and says how close to the best possible it is.",
    )

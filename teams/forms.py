import re

from django import forms
from django.contrib.auth import get_user_model, password_validation

from peerreview.forms import GDSFormMixin
from reviews.forms.fields import UKDateField
from reviews.models import Authority, Review

from . import queries
from .models import (
    OPTIONAL_SLOTS,
    DeclaredConflict,
    EmploymentPeriod,
    Expertise,
    PeerProfile,
    PeerRole,
    Unavailability,
)


class PeerSearchForm(forms.Form):
    """Filters for the pool; read from the query string."""

    q = forms.CharField(label="Name, organisation or email", required=False)
    role = forms.ChoiceField(
        label="Can take the role", required=False, choices=[("", "Any role"), *PeerRole.choices]
    )
    expertise = forms.ModelChoiceField(
        label="Expertise", required=False, queryset=Expertise.objects.all(), empty_label="Any expertise"
    )
    region = forms.ChoiceField(required=False, choices=[("", "Any region"), *Authority.Region.choices])
    organisation_type = forms.ChoiceField(
        label="Organisation type",
        required=False,
        choices=[("", "Any type"), *PeerProfile.OrganisationType.choices],
    )
    trained_within = forms.TypedChoiceField(
        label="Trained within",
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "Any time"), (6, "6 months"), (12, "12 months"), (24, "2 years"), (36, "3 years")],
    )
    available_from = forms.DateField(
        label="Available in the week starting",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        error_messages={"invalid": "Enter a date like 01/03/2027"},
    )


class CandidateSearchForm(PeerSearchForm):
    """The pool search on a place's page: the place decides the role, and availability is shown anyway."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["role"]
        del self.fields["available_from"]


class PeerForm(GDSFormMixin, forms.ModelForm):
    submit_label = "Save peer"

    roles = forms.MultipleChoiceField(
        label="Roles they can take",
        choices=[c for c in PeerRole.choices if c[0] != PeerRole.REVIEW_MANAGER],
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one role the peer can take"},
    )
    trained_on = UKDateField(label="Date trained", required=False, example="14 3 2025")

    class Meta:
        model = PeerProfile
        fields = [
            "full_name", "email", "job_title", "organisation", "organisation_type", "home_authority", "region",
            "roles", "expertise", "trained_on", "accreditation", "max_reviews_per_year", "notes",
        ]  # fmt: skip
        widgets = {
            "organisation_type": forms.RadioSelect,
            "expertise": forms.CheckboxSelectMultiple,
            "accreditation": forms.RadioSelect,
            "notes": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {"home_authority": "Council they work in"}
        error_messages = {"email": {"unique": "A peer with this email address is already in the pool."}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["home_authority"].empty_label = "Not a council, or not known"
        self.fields["region"].choices = [("", "Choose a region"), *Authority.Region.choices]
        if self.instance.pk:
            self.initial["roles"] = list(self.instance.capabilities.values_list("role", flat=True))

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()

    def clean_max_reviews_per_year(self):
        cap = self.cleaned_data["max_reviews_per_year"]
        if self.instance.pk:
            year, held = queries.busiest_year(self.instance)
            if held > cap:
                raise forms.ValidationError(
                    f"{self.instance} already has places on {held} reviews on site in {year}. "
                    f"Enter {held} or more, or take them off a review first"
                )
        return cap


class OwnProfileForm(GDSFormMixin, forms.ModelForm):
    """What a peer keeps up to date themselves."""

    submit_label = "Save my profile"

    class Meta:
        model = PeerProfile
        fields = ["job_title", "organisation", "organisation_type", "region", "expertise"]
        widgets = {"organisation_type": forms.RadioSelect, "expertise": forms.CheckboxSelectMultiple}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = [("", "Choose a region"), *Authority.Region.choices]


class UnavailabilityForm(GDSFormMixin, forms.ModelForm):
    submit_label = "Add dates"

    starts = UKDateField(label="First day")
    ends = UKDateField(label="Last day")

    class Meta:
        model = Unavailability
        fields = ["starts", "ends", "note"]
        labels = {"note": "Note (optional)"}

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("starts") and cleaned.get("ends") and cleaned["ends"] < cleaned["starts"]:
            self.add_error("ends", "The last day must be the same as or after the first day")
        return cleaned


class ConflictForm(GDSFormMixin, forms.ModelForm):
    submit_label = "Record conflict"

    class Meta:
        model = DeclaredConflict
        fields = ["authority", "relationship", "reason"]
        labels = {"authority": "Council", "relationship": "What is the relationship?"}
        widgets = {"relationship": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["authority"].empty_label = "Choose a council"


class EmploymentForm(GDSFormMixin, forms.ModelForm):
    submit_label = "Add to employment history"

    starts = UKDateField(label="From")
    ends = UKDateField(
        label="To (optional)", required=False, help_text="Leave blank if they still work there."
    )

    class Meta:
        model = EmploymentPeriod
        fields = ["organisation", "authority", "link", "starts", "ends"]
        labels = {"authority": "Council (if any)", "link": "How did they work with it?"}
        widgets = {"link": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["authority"].empty_label = "Not a council"

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("starts") and cleaned.get("ends") and cleaned["ends"] < cleaned["starts"]:
            self.add_error("ends", "The end date must be the same as or after the start date")
        return cleaned


class ConflictCheckForm(GDSFormMixin, forms.Form):
    submit_label = "Check conflicts"

    review = forms.ModelChoiceField(
        label="Review to check against",
        queryset=None,
        empty_label="Choose a review",
        error_messages={"required": "Choose a review to check against"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["review"].queryset = Review.objects.filter(called_off_at__isnull=True).select_related(
            "authority"
        )


class SeasonPlanForm(GDSFormMixin, forms.Form):
    submit_label = "Plan these reviews"

    reviews = forms.ModelMultipleChoiceField(
        label="Reviews to plan",
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        help_text="Reviews with an on-site week from today, earliest first. The plan fills their open places.",
        error_messages={"required": "Choose at least one review to plan"},
    )

    def __init__(self, *args, reviews, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reviews"].queryset = reviews
        self.fields["reviews"].label_from_instance = lambda review: (
            f"{review.authority.name}, on site from {review.onsite_start:%d/%m/%Y}"
        )


class ImportForm(GDSFormMixin, forms.Form):
    submit_label = "Check the file"

    file = forms.FileField(
        label="CSV file of peers",
        help_text="Use the template's columns. Nothing is imported until you have seen the check and confirmed.",
        error_messages={"required": "Choose a CSV file", "empty": "The file is empty"},
    )


class SlotAddForm(GDSFormMixin, forms.Form):
    submit_label = "Add place"

    role = forms.ChoiceField(
        label="Which place?",
        choices=[(role.value, role.label) for role in OPTIONAL_SLOTS],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the kind of place to add"},
    )


class TbcForm(GDSFormMixin, forms.Form):
    submit_label = "Save note"

    note = forms.CharField(
        label="Note",
        max_length=200,
        help_text="The place is shown as TBC, followed by this note. For example, “waiting to hear from the "
        "regional police lead”.",
        error_messages={"required": "Enter a note, so the council knows why the place is not filled yet"},
    )

    def clean_note(self):
        """The page already says TBC before the note, so a note that starts with it would read "TBC TBC: …"."""
        note = self.cleaned_data["note"].strip()
        rest = re.sub(r"^TBC\b[\s:;,.–-]*", "", note, flags=re.IGNORECASE)
        if not rest:
            raise forms.ValidationError(
                "Say why the place is not filled yet, for example who you are waiting for"
            )
        return rest


class InviteForm(GDSFormMixin, forms.Form):
    submit_label = "Send invitation"

    override_reason = forms.CharField(
        label="Why invite them despite the conflict of interest?",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )

    def __init__(self, *args, conflicts, **kwargs):
        super().__init__(*args, **kwargs)
        self.conflicts = conflicts
        if not conflicts:
            del self.fields["override_reason"]

    def clean_override_reason(self):
        reason = self.cleaned_data["override_reason"].strip()
        if self.conflicts and not reason:
            raise forms.ValidationError("Record why they should be invited despite the conflict")
        return reason


class TeamResponseForm(GDSFormMixin, forms.Form):
    submit_label = "Send reply"

    decision = forms.ChoiceField(
        label="Do you agree the proposed team?",
        choices=[("agree", "Yes, we agree the team"), ("concern", "No, we have a concern")],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether you agree the team"},
    )
    comment = forms.CharField(
        label="Comments",
        help_text="Required if you have a concern.",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == "concern" and not cleaned.get("comment", "").strip():
            self.add_error("comment", "Say what concerns you about the team")
        return cleaned


class PlaceResponseForm(GDSFormMixin, forms.Form):
    """A peer's answer to an invitation to take a place on a team."""

    submit_label = "Send answer"

    decision = forms.ChoiceField(
        label="Can you take part?",
        choices=[("accept", "Yes, I can take part"), ("decline", "No, I cannot take part")],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether you can take part"},
    )
    no_conflict = forms.BooleanField(
        label="I have no conflict of interest with this council that the review manager does not know about",
        required=False,
    )
    reason = forms.CharField(
        label="Why can you not take part?",
        help_text="Required if you cannot take part.",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == "accept" and not cleaned.get("no_conflict"):
            self.add_error(
                "no_conflict", "Confirm you have no other conflict of interest, or tell the review manager"
            )
        if cleaned.get("decision") == "decline" and not cleaned.get("reason", "").strip():
            self.add_error("reason", "Say why you cannot take part, so the review manager can plan")
        return cleaned


class PlaceResponseWithAccountForm(PlaceResponseForm):
    """For a peer who has no account yet: accepting also sets their password."""

    password1 = forms.CharField(
        label="Create a password",
        help_text="You will sign in with your email address and this password. At least 10 characters.",
        strip=False,
        required=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label="Confirm password",
        strip=False,
        required=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, peer, **kwargs):
        self.peer = peer
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") != "accept":
            return cleaned
        password1, password2 = cleaned.get("password1"), cleaned.get("password2")
        if not password1:
            self.add_error("password1", "Create a password")
        elif password1 != password2:
            self.add_error("password2", "The two passwords do not match. Enter the same password twice.")
        else:
            candidate = get_user_model()(email=self.peer.email, full_name=self.peer.full_name)
            try:
                password_validation.validate_password(password1, candidate)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned

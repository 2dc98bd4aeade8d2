"""The programme-wide framework of themes and lines of enquiry."""

from django import forms

from peerreview.forms import GDSFormMixin

from ..models import LineOfEnquiry, Theme


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

"""Forms for the briefing pack: editing a section."""

from django import forms

from peerreview.forms import GDSFormMixin

from ..models import BriefingSection


class BriefingSectionForm(GDSFormMixin, forms.ModelForm):
    submit_label = "Save section"

    class Meta:
        model = BriefingSection
        fields = ["body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 14})}
        labels = {"body": "Text"}
        help_texts = {
            "body": "Leave a blank line between paragraphs. Start a line with “- ” for a bullet point. "
            "Everything here can be read by all the council's staff and partners: no names of interviewees."
        }
        error_messages = {
            "body": {"required": "A section cannot be empty. Write something, or keep the text it had."}
        }

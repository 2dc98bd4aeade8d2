"""Forms for the feedback letter: editing a section, the council's comments, responses, corrections."""

from django import forms

from peerreview.forms import GDSFormMixin

from ..models import LetterSection


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


class CorrectionForm(GDSFormMixin, forms.Form):
    submit_label = "Issue the correction"

    reason = forms.CharField(
        label="What does the correction change, and why?",
        help_text="This is printed on the corrected letter and kept with it.",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Say what the correction changes and why"},
    )


class AcknowledgementForm(GDSFormMixin, forms.Form):
    submit_label = "Acknowledge the warning"

    reason = forms.CharField(
        label="Why can the letter go ahead with this warning?",
        help_text="The quality assurer reads this before approving the letter. It is kept with the letter.",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Give the reason the letter can go ahead with this warning"},
    )


class ReturnForm(GDSFormMixin, forms.Form):
    """The quality assurer's comments, one box per section and one for the letter as a whole."""

    submit_label = "Return the letter with these comments"

    overall = forms.CharField(
        label="On the letter as a whole", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, sections, **kwargs):
        super().__init__(*args, **kwargs)
        self.sections = list(sections)
        for section in self.sections:
            self.fields[f"section_{section.pk}"] = forms.CharField(
                label=f"On “{section.title}”", required=False, widget=forms.Textarea(attrs={"rows": 2})
            )

    def clean(self):
        cleaned = super().clean()
        if not any((value or "").strip() for value in cleaned.values()):
            self.add_error("overall", "Write at least one comment saying what to change")
        return cleaned

    def comments(self):
        return [(None, self.cleaned_data.get("overall", ""))] + [
            (section, self.cleaned_data.get(f"section_{section.pk}", "")) for section in self.sections
        ]

from django import forms
from django.utils import timezone

from peerreview.forms import GDSFormMixin
from reviews.forms.fields import UKDateField

from ..models import FamilyAnswer, FamilyFeedback


class FamilyFeedbackForm(GDSFormMixin, forms.ModelForm):
    submit_label = "Save"

    closes_on = UKDateField(label="Last day for answers")

    class Meta:
        model = FamilyFeedback
        fields = ["closes_on", "help_contact"]
        widgets = {"help_contact": forms.Textarea(attrs={"rows": 3})}
        labels = {"help_contact": "Who to talk to for help now"}
        help_texts = {
            "help_contact": "Shown on every page of the form. Put the council's contact line first, "
            "for example “Call Northshire children's services on 0300 123 4567, any time.”"
        }

    def clean_closes_on(self):
        closes_on = self.cleaned_data["closes_on"]
        if closes_on < timezone.localdate():
            raise forms.ValidationError("The last day for answers must be today or in the future")
        return closes_on


# The questions in plain words, and the same again in easy read: shorter, one idea at a time.
WORDING = {
    "standard": {
        "who": "Are you…",
        "listened_to": "Do the people who help you listen to you?",
        "feel_safer": "Do you feel safer because of the help you get?",
        "know_who_to_tell": "Do you know who to tell if you are worried?",
        "what_is_good": "What is good about the help you get? (you do not have to answer)",
        "what_would_help": "What would make the help better? (you do not have to answer)",
    },
    "easy_read": {
        "who": "Who are you?",
        "listened_to": "Do people listen to you?",
        "feel_safer": "Do you feel safer now?",
        "know_who_to_tell": "If you are worried, do you know who to tell?",
        "what_is_good": "What is good? (you can leave this empty)",
        "what_would_help": "What would help you more? (you can leave this empty)",
    },
}
NO_NAMES = "Please do not write anyone's name, or your own."


class FamilyAnswerForm(GDSFormMixin, forms.Form):
    submit_label = "Send my answers"
    legend_size = "m"

    def __init__(self, *args, easy_read=False, **kwargs):
        super().__init__(*args, **kwargs)
        if easy_read:
            self.legend_size = "l"
        wording = WORDING["easy_read" if easy_read else "standard"]
        choose = "Choose one answer"
        self.fields["who"] = forms.ChoiceField(
            label=wording["who"], choices=FamilyAnswer.Who.choices, widget=forms.RadioSelect,
            error_messages={"required": "Choose who you are"},
        )  # fmt: skip
        for name in ("listened_to", "feel_safer", "know_who_to_tell"):
            self.fields[name] = forms.ChoiceField(
                label=wording[name], choices=FamilyAnswer.Reply.choices, widget=forms.RadioSelect,
                error_messages={"required": choose},
            )  # fmt: skip
        for name in ("what_is_good", "what_would_help"):
            self.fields[name] = forms.CharField(
                label=wording[name], help_text=NO_NAMES, required=False, max_length=1000,
                widget=forms.Textarea(attrs={"rows": 3, "autocomplete": "off", "spellcheck": "true"}),
            )  # fmt: skip

"""Form fields shared by the apps' forms: the GOV.UK date input and a multiple-file input."""

from crispy_forms_gds.fields import DateInputField
from django import forms


class UKDateField(DateInputField):
    """The GOV.UK date input (day, month, year) with plain messages."""

    def __init__(self, *, example="27 3 2027", **kwargs):
        kwargs.setdefault("help_text", f"For example, {example}")
        super().__init__(**kwargs)
        self.error_messages["required"] = self.error_messages["incomplete"] = "Enter the day, month and year"

    def compress(self, data_list):
        try:
            return super().compress(data_list)
        except forms.ValidationError:
            raise forms.ValidationError("Enter a real date, for example 27 3 2027") from None


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            if not data and self.required:
                raise forms.ValidationError(self.error_messages["required"], code="required")
            return [super(MultipleFileField, self).clean(item, initial) for item in data]
        return [super().clean(data, initial)] if data or self.required else []

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Submit
from django import forms
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import get_user_model, password_validation
from django.forms.boundfield import BoundField
from django.utils.functional import cached_property

# The GOV.UK class and default width of the inputs crispy-forms-gds leaves unstyled (it styles
# text, email and password inputs, selects and text areas itself). A width class set on the
# widget (`attrs={"class": "govuk-input--width-2"}`) wins over the default.
INPUT_STYLES = (
    # (widget class, GOV.UK class, class marking it wrong, default width)
    (forms.NumberInput, "govuk-input", "govuk-input--error", "govuk-input--width-4"),
    (forms.TimeInput, "govuk-input", "govuk-input--error", "govuk-input--width-5"),
    (forms.DateTimeInput, "govuk-input", "govuk-input--error", "govuk-input--width-10"),
    (forms.DateInput, "govuk-input", "govuk-input--error", "govuk-input--width-10"),
    (forms.URLInput, "govuk-input", "govuk-input--error", None),  # full width: links are long
    (forms.FileInput, "govuk-file-upload", "govuk-file-upload--error", None),
)
WIDTH_CLASSES = ("govuk-input--width-", "govuk-!-width-")


class GDSBoundField(BoundField):
    """A field that renders number, time, date, URL and file inputs as GOV.UK inputs."""

    def build_widget_attrs(self, attrs, widget=None):
        attrs = super().build_widget_attrs(attrs, widget)
        widget = widget or self.field.widget
        style = next((style for style in INPUT_STYLES if isinstance(widget, style[0])), None)
        if style is None:
            return attrs
        _, base, error, width = style
        # crispy-forms-gds adds the widget's class name (say "numberinput") for a widget it has
        # no GOV.UK class for; that name styles nothing, so it is dropped.
        invented = type(widget).__name__.lower()
        classes = [
            name for name in attrs.get("class", widget.attrs.get("class", "")).split() if name != invented
        ]
        wanted = [base]
        if width and not any(name.startswith(WIDTH_CLASSES) for name in classes):
            wanted.append(width)
        if self.errors:
            wanted.append(error)
        attrs["class"] = " ".join([*wanted, *(name for name in classes if name not in wanted)])
        return attrs


class GDSFormMixin:
    """Lays a form out with the GOV.UK Design System and one submit button."""

    submit_label = "Continue"
    legend_size = "s"
    form_attrs = {}
    bound_field_class = GDSBoundField

    @cached_property
    def helper(self):
        # Built on first use, so fields added or removed in __init__ are laid out too.
        helper = FormHelper(self)
        helper.legend_size = self.legend_size
        helper.attrs = self.form_attrs
        helper.add_input(Submit("submit", self.submit_label))
        return helper


class SignInForm(GDSFormMixin, auth_forms.AuthenticationForm):
    submit_label = "Sign in"
    error_messages = {
        # Same message whether or not the address has an account.
        "invalid_login": "Enter the email address and password of your account. Check both and try again.",
        "inactive": "This account has been switched off. Ask your review manager.",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = "Email address"
        self.fields["username"].widget.input_type = "email"
        self.fields["username"].widget.attrs.update(autocomplete="email", spellcheck="false")


class PasswordChangeForm(GDSFormMixin, auth_forms.PasswordChangeForm):
    submit_label = "Change password"


class PasswordResetForm(GDSFormMixin, auth_forms.PasswordResetForm):
    submit_label = "Send reset link"


class SetPasswordForm(GDSFormMixin, auth_forms.SetPasswordForm):
    submit_label = "Set password"


class NewAccountForm(GDSFormMixin, forms.Form):
    """The name and password of someone joining through an invitation."""

    submit_label = "Create account and join review"

    full_name = forms.CharField(label="Your full name", max_length=150)
    job_title = forms.CharField(
        label="Your job title (optional)",
        max_length=150,
        required=False,
        help_text="For example, Director of Children's Services. The feedback letter uses it.",
    )
    password1 = forms.CharField(
        label="Create a password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label="Confirm password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, email, **kwargs):
        self.email = email
        super().__init__(*args, **kwargs)

    def clean_password2(self):
        password1 = self.cleaned_data.get("password1")
        password2 = self.cleaned_data.get("password2")
        if password1 and password2 and password1 != password2:
            raise forms.ValidationError("The two passwords do not match. Enter the same password twice.")
        return password2

    def clean(self):
        cleaned = super().clean()
        password = cleaned.get("password1")
        if password and not self.has_error("password2"):
            candidate = get_user_model()(email=self.email, full_name=cleaned.get("full_name", ""))
            try:
                password_validation.validate_password(password, candidate)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned

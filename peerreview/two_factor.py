"""Two-step sign-in: an authenticator app (TOTP) with backup codes, through django-otp."""

import secrets

import segno
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.dispatch import Signal
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django_otp import login as otp_login
from django_otp import match_token, user_has_device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from .forms import GDSFormMixin
from .middleware import note_second_step

BACKUP_CODES = 10
# Sent when someone's second step is set up or reset; the audit trail (in reviews) listens.
two_factor_changed = Signal()


class CodeForm(GDSFormMixin, forms.Form):
    submit_label = "Continue"

    code = forms.CharField(
        label="Code",
        max_length=16,
        help_text="The 6-digit code your authenticator app shows now, or one of your backup codes.",
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "class": "govuk-input--width-10"}
        ),
        error_messages={"required": "Enter the code"},
    )


def _safe_next(request, default="dashboard"):
    target = request.GET.get("next", "")
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


class ReplaceForm(CodeForm):
    """Replacing an authenticator also asks for a code from the current one, so a session left
    open (or a password alone) is not enough to take over someone's second step."""

    current_code = forms.CharField(
        label="Code from your current authenticator app",
        max_length=16,
        help_text="Or one of your backup codes. Lost both? Ask your review manager to reset your two-step sign-in.",
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "inputmode": "numeric", "class": "govuk-input--width-10"}
        ),
        error_messages={"required": "Enter a code from your current authenticator app, or a backup code"},
    )
    field_order = ["current_code", "code"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["code"].label = "Code from the new app"
        self.fields["code"].help_text = "The 6-digit code the app you have just set up shows now."

    def clean_current_code(self):
        if match_token(self.user, self.cleaned_data["current_code"].replace(" ", "")) is None:
            raise forms.ValidationError(
                "That code is not right. Use the newest code from your current app, or a backup code."
            )
        return self.cleaned_data["current_code"]


@login_required
def setup(request):
    """Set up an authenticator app: scan the code, type a code it shows, keep the backup codes."""
    replacing = user_has_device(request.user, confirmed=True)
    if replacing and not request.user.is_verified():
        # Between password and code only the code page opens (the middleware says so too).
        return redirect("two-factor-verify")
    device = TOTPDevice.objects.filter(
        user=request.user, confirmed=False
    ).first() or TOTPDevice.objects.create(user=request.user, name="Authenticator app", confirmed=False)
    data = request.POST if request.method == "POST" else None
    form = ReplaceForm(data, user=request.user) if replacing else CodeForm(data)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["code"].replace(" ", "")):
            codes = _confirm(request, device, what="replaced" if replacing else "set up")
            return render(request, "registration/two_factor_codes.html", {"codes": codes})
        form.add_error(
            "code", "That code is not right. Check the time on your phone, and try the newest code."
        )
    qr = segno.make(device.config_url, error="m").svg_inline(scale=5, dark="#0b0c0c", light="#ffffff")
    secret = device.config_url.split("secret=")[1].split("&")[0]
    return render(
        request,
        "registration/two_factor_setup.html",
        {
            "form": form,
            "qr": mark_safe(qr),
            "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
            "replacing": replacing,
        },  # noqa: S308 - segno's own SVG
    )


@transaction.atomic
def _confirm(request, device, what):
    TOTPDevice.objects.filter(user=request.user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    StaticDevice.objects.filter(user=request.user).delete()
    backup = StaticDevice.objects.create(user=request.user, name="Backup codes")
    codes = [secrets.token_hex(4) for _ in range(BACKUP_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=backup, token=code) for code in codes)
    otp_login(request, device)
    two_factor_changed.send(sender=TOTPDevice, user=request.user, by=request.user, request=request, what=what)
    return codes


@login_required
def verify(request):
    """The second step of signing in."""
    if not user_has_device(request.user, confirmed=True):  # reset meanwhile by a review manager
        note_second_step(request, request.user)
        return redirect(_safe_next(request))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = match_token(request.user, form.cleaned_data["code"].replace(" ", ""))
        if device is not None:
            otp_login(request, device)
            if isinstance(device, StaticDevice):
                messages.success(request, "Signed in with a backup code. Each backup code works once.")
            return redirect(_safe_next(request))
        form.add_error("code", "That code is not right. Try the newest code from your app, or a backup code.")
    return render(request, "registration/two_factor_verify.html", {"form": form, "title": "Enter your code"})


@transaction.atomic
def reset_for(user, *, by, request=None):
    """Remove someone's second step, so they can set it up again (a review manager does this)."""
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    two_factor_changed.send(sender=TOTPDevice, user=user, by=by, request=request, what="reset")

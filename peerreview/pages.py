"""The two things nearly every view does the same way, done one way."""

from django.contrib import messages
from django.shortcuts import render

from .errors import ActionRefused


def form_page(request, form, *, title, back_url, caption=None, template="form_page.html", **context):
    """A page with one form: error summary, caption, heading, the form, and a way back."""
    return render(
        request, template, {"form": form, "title": title, "caption": caption, "back_url": back_url, **context}
    )


def attempt(request, action, success=None):
    """Carry out a user action; show its plain-English refusal, or `success` (if any). Returns whether it went ahead."""
    try:
        action()
    except ActionRefused as refusal:
        messages.error(request, str(refusal))
        return False
    if success:
        messages.success(request, success)
    return True


def attempt_form(form, action, *, field=None):
    """Carry out the action a valid form asks for; a refusal becomes an error on the form.

    The error goes on `field`, or above the form when None. Returns (went ahead, the action's result).
    """
    try:
        return True, action()
    except ActionRefused as refusal:
        form.add_error(field, str(refusal))
        return False, None

"""The two things nearly every view does the same way, done one way."""

from django.contrib import messages
from django.shortcuts import render

from .errors import ActionRefused


def form_page(request, form, *, title, back_url, caption=None, template="form_page.html", **context):
    """A page with one form: error summary, caption, heading, the form, and a way back."""
    return render(
        request, template, {"form": form, "title": title, "caption": caption, "back_url": back_url, **context}
    )


def attempt(request, action, success):
    """Carry out a user action; show its plain-English refusal, or `success`. Returns whether it went ahead."""
    try:
        action()
    except ActionRefused as refusal:
        messages.error(request, str(refusal))
        return False
    messages.success(request, success)
    return True

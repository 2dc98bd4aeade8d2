"""Editing a section of a written document (the letter or the briefing pack): one page for both."""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse

from peerreview.pages import attempt_form, form_page


def section_page(request, review, section, form_class, update, *, caption, back):
    """The section's form; on a valid post `update(section, body=…, by=…)` and back to the `back` page."""
    form = form_class(request.POST or None, instance=type(section).objects.get(pk=section.pk))
    if request.method == "POST" and form.is_valid():
        done, _ = attempt_form(
            form, lambda: update(section, body=form.cleaned_data["body"], by=request.user), field="body"
        )
        if done:
            messages.success(request, f"“{section.title}” saved.")
            return redirect(back, review.pk)
    return form_page(
        request, form, title=section.title, caption=caption, back_url=reverse(back, args=[review.pk])
    )

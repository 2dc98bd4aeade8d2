"""The programme-wide framework. Reviews keep their own copy, so edits here affect new reviews only."""

from django.contrib import messages
from django.db.models import Max
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from ..access import programme_permission
from ..forms.framework import LineOfEnquiryForm, ThemeForm
from ..models import LineOfEnquiry, Theme
from ..services import programme

edit_framework = programme_permission("reviews.edit_framework")


@edit_framework
def framework(request):
    themes = Theme.objects.prefetch_related("lines")
    return render(request, "reviews/framework.html", {"themes": themes})


@edit_framework
def theme_edit(request, pk):
    theme = get_object_or_404(Theme, pk=pk)
    form = ThemeForm(request.POST or None, instance=theme)
    if request.method == "POST" and form.is_valid():
        programme.save_theme(theme, **form.cleaned_data)
        messages.success(request, "Theme saved. Reviews already scoped keep their own wording.")
        return redirect("reviews:framework")
    return render(
        request,
        "form_page.html",
        {"form": form, "title": f"Change theme {theme.number}", "back_url": reverse("reviews:framework")},
    )


@edit_framework
def line_create(request, pk):
    theme = get_object_or_404(Theme, pk=pk)
    position = (theme.lines.aggregate(last=Max("position"))["last"] or 0) + 1
    return _line_form(
        request, LineOfEnquiry(theme=theme, position=position), f"Add a line of enquiry to {theme}"
    )


@edit_framework
def line_edit(request, pk):
    line = get_object_or_404(LineOfEnquiry.objects.select_related("theme"), pk=pk)
    return _line_form(request, line, "Change a line of enquiry")


def _line_form(request, line, title):
    form = LineOfEnquiryForm(request.POST or None, instance=line)
    if request.method == "POST" and form.is_valid():
        programme.save_line(line, **form.cleaned_data)
        messages.success(request, "Line of enquiry saved. Reviews already scoped keep their own copy.")
        return redirect("reviews:framework")
    return render(
        request,
        "form_page.html",
        {"form": form, "title": title, "caption": line.theme, "back_url": reverse("reviews:framework")},
    )

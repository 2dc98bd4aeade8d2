"""The programme's list of councils and their inspection windows."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from peerreview.pages import form_page

from ..access import programme_permission
from ..forms.councils import CouncilForm, InspectionWindowForm
from ..models import Authority, InspectionWindow
from ..services import programme

manage_councils = programme_permission("reviews.manage_councils")


@manage_councils
def council_list(request):
    councils = Authority.objects.prefetch_related("neighbours")
    return render(request, "reviews/council_list.html", {"councils": councils})


@manage_councils
def council_create(request):
    return _council_form(request, Authority(), "Add a council")


@manage_councils
def council_edit(request, pk):
    council = get_object_or_404(Authority, pk=pk)
    return _council_form(request, council, f"Change {council}")


def _council_form(request, council, title):
    form = CouncilForm(request.POST or None, instance=council)
    if request.method == "POST" and form.is_valid():
        council = programme.save_council(council, **form.cleaned_data)
        messages.success(request, f"{council} saved.")
        return redirect(council)
    back = council.get_absolute_url() if council.pk else reverse("reviews:council-list")
    return render(request, "form_page.html", {"form": form, "title": title, "back_url": back})


@manage_councils
def council_detail(request, pk):
    council = get_object_or_404(Authority.objects.prefetch_related("neighbours", "inspection_windows"), pk=pk)
    reviews = council.reviews.order_by("-onsite_start")
    return render(request, "reviews/council_detail.html", {"council": council, "reviews": reviews})


@manage_councils
def inspection_create(request, pk):
    council = get_object_or_404(Authority, pk=pk)
    form = InspectionWindowForm(request.POST or None, instance=InspectionWindow(authority=council))
    if request.method == "POST" and form.is_valid():
        programme.add_inspection_window(council, **form.cleaned_data)
        messages.success(
            request, "Inspection window added. Reviews on site in those dates now show a warning."
        )
        return redirect(council)
    return form_page(
        request,
        form,
        title="Add a known or expected inspection",
        caption=council,
        back_url=council.get_absolute_url(),
    )


@manage_councils
@require_POST
def inspection_delete(request, pk, window_pk):
    window = get_object_or_404(InspectionWindow, pk=window_pk, authority_id=pk)
    programme.remove_inspection_window(window, by=request.user, request=request)
    messages.success(request, "Inspection window removed.")
    return redirect(window.authority)

"""The peer pool: search, profiles, a peer's own profile, and importing from CSV."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from peerreview.pages import attempt, form_page
from reviews.access import programme_permission

from .. import importing, queries, services
from ..forms import (
    ConflictCheckForm,
    ConflictForm,
    EmploymentForm,
    ImportForm,
    OwnProfileForm,
    PeerForm,
    PeerSearchForm,
    UnavailabilityForm,
)
from ..models import ConflictCheck, EmploymentPeriod, PeerImport, PeerProfile, Unavailability
from ..rules import is_own_profile

manage_pool = programme_permission("teams.manage_pool")
PAGE_SIZE = 50


@manage_pool
def peer_list(request):
    form = PeerSearchForm(request.GET or None)
    peers = queries.pool(form.cleaned_data if form.is_valid() else None)
    page = Paginator(peers, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "teams/peer_list.html",
        {"form": form, "page": page, "query": query.urlencode()},
    )


@manage_pool
def peer_create(request):
    return _peer_form(request, PeerProfile(), "Add a peer to the pool")


@manage_pool
def peer_edit(request, pk):
    peer = get_object_or_404(PeerProfile, pk=pk)
    return _peer_form(request, peer, f"Change {peer}")


def _peer_form(request, peer, title):
    form = PeerForm(request.POST or None, instance=peer)
    if request.method == "POST" and form.is_valid():
        peer = services.save_peer(form, capabilities=form.cleaned_data["roles"])
        messages.success(request, f"{peer} saved.")
        return redirect(peer)
    back = peer.get_absolute_url() if peer.pk else reverse("teams:peer-list")
    return render(request, "form_page.html", {"form": form, "title": title, "back_url": back})


def _profile_context(peer, *, for_manager):
    year = timezone.localdate().year
    reviews, days = queries.commitments(year, peers=[peer]).get(peer.pk, (0, 0))
    return {
        "peer": peer,
        "for_manager": for_manager,
        "year": year,
        "reviews_this_year": reviews,
        "days_this_year": days,
        "places": queries.places_of(peer),
        "unavailable": peer.unavailable.all(),
        "conflicts": peer.declared_conflicts.select_related("authority"),
        # Employment history is for the programme's managers only: the peer's own page does not list it.
        "employment": peer.employment.select_related("authority") if for_manager else [],
    }


@manage_pool
def peer_detail(request, pk):
    peer = get_object_or_404(
        PeerProfile.objects.select_related("home_authority").prefetch_related("capabilities", "expertise"),
        pk=pk,
    )
    return render(request, "teams/peer_detail.html", _profile_context(peer, for_manager=True))


@manage_pool
def unavailability_create(request, pk):
    peer = get_object_or_404(PeerProfile, pk=pk)
    return _unavailability_form(request, peer, peer.get_absolute_url())


@login_required
@require_POST
def unavailability_delete(request, pk, item_pk):
    item = get_object_or_404(Unavailability.objects.select_related("peer"), pk=item_pk, peer_id=pk)
    if not request.user.has_perm("teams.change_peer_dates", item.peer):
        raise PermissionDenied
    services.remove_unavailability(item, by=request.user, request=request)
    messages.success(request, "Dates removed.")
    return redirect("teams:my-profile" if is_own_profile(request.user, item.peer) else item.peer)


def _unavailability_form(request, peer, back):
    form = UnavailabilityForm(request.POST or None, instance=Unavailability(peer=peer))
    if request.method == "POST" and form.is_valid():
        services.add_unavailability(peer, **form.cleaned_data)
        messages.success(request, "Dates added. Invitations for those dates will be refused.")
        return redirect(back)
    return render(
        request,
        "form_page.html",
        {"form": form, "title": "Dates when unavailable", "caption": peer, "back_url": back},
    )


@manage_pool
def conflict_create(request, pk):
    peer = get_object_or_404(PeerProfile, pk=pk)
    form = ConflictForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.declare_conflict(peer, **form.cleaned_data)
        messages.success(request, "Conflict of interest recorded.")
        return redirect(peer)
    return form_page(
        request, form, title="Record a conflict of interest", caption=peer, back_url=peer.get_absolute_url()
    )


@manage_pool
def employment_create(request, pk):
    peer = get_object_or_404(PeerProfile, pk=pk)
    form = EmploymentForm(request.POST or None, instance=EmploymentPeriod(peer=peer))
    if request.method == "POST" and form.is_valid():
        services.add_employment(peer, **form.cleaned_data)
        messages.success(request, "Employment history updated.")
        return redirect(peer)
    return form_page(
        request, form, title="Add to employment history", caption=peer, back_url=peer.get_absolute_url()
    )


@manage_pool
@require_POST
def employment_delete(request, pk, item_pk):
    item = get_object_or_404(EmploymentPeriod.objects.select_related("peer"), pk=item_pk, peer_id=pk)
    services.remove_employment(item, by=request.user, request=request)
    messages.success(request, "Removed from the employment history.")
    return redirect(item.peer)


@manage_pool
def conflict_check(request, pk):
    """Check the peer against any review without inviting them; every check is kept on record."""
    peer = get_object_or_404(PeerProfile, pk=pk)
    form = ConflictCheckForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        check = services.check_conflicts(peer, form.cleaned_data["review"], by=request.user)
        messages.success(request, "Check recorded.")
        return redirect(f"{reverse('teams:conflict-check', args=[peer.pk])}?shown={check.pk}")
    checks = ConflictCheck.objects.filter(peer=peer).select_related("review__authority", "by")[:20]
    return form_page(
        request,
        form,
        title="Check conflicts of interest",
        caption=peer,
        back_url=peer.get_absolute_url(),
        template="teams/conflict_check.html",
        peer=peer,
        checks=checks,
        conflict_years=settings.TEAM_CONFLICT_YEARS,
    )


@manage_pool
def import_upload(request):
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            checked = importing.check_upload(file_name=upload.name, data=upload.read(), by=request.user)
        except ValueError as problem:
            form.add_error("file", str(problem))
        else:
            return redirect("teams:import-detail", checked.pk)
    return render(
        request,
        "teams/import_form.html",
        {
            "form": form,
            "columns": importing.COLUMNS,
            "title": "Import peers from CSV",
            "back_url": reverse("teams:peer-list"),
        },
    )


@manage_pool
def import_template(request):
    response = HttpResponse(importing.template_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="peer-pool-template.csv"'
    return response


@manage_pool
def import_detail(request, pk):
    upload = get_object_or_404(PeerImport, pk=pk)
    template = (
        "teams/_import_status.html" if request.headers.get("HX-Request") else "teams/import_detail.html"
    )
    return render(request, template, {"upload": upload})


@manage_pool
@require_POST
def import_confirm(request, pk):
    upload = get_object_or_404(PeerImport, pk=pk)
    attempt(request, lambda: importing.confirm_import(upload))
    return redirect("teams:import-detail", upload.pk)


def _own_profile(request):
    if not request.user.has_perm("teams.edit_own_profile"):
        raise PermissionDenied
    return request.user.peer_profile


@login_required
def my_profile(request):
    peer = _own_profile(request)
    return render(request, "teams/peer_detail.html", _profile_context(peer, for_manager=False))


@login_required
def my_profile_edit(request):
    peer = _own_profile(request)
    form = OwnProfileForm(request.POST or None, instance=peer)
    if request.method == "POST" and form.is_valid():
        services.update_own_profile(peer, **form.cleaned_data)
        messages.success(request, "Your profile is up to date.")
        return redirect("teams:my-profile")
    return render(
        request,
        "form_page.html",
        {"form": form, "title": "Your peer profile", "back_url": reverse("teams:my-profile")},
    )


@login_required
def my_unavailability_create(request):
    peer = _own_profile(request)
    return _unavailability_form(request, peer, reverse("teams:my-profile"))

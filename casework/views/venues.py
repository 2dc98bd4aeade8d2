"""Venues of the on-site week and the travel times between them."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from peerreview.pages import form_page
from reviews.access import review_for

from .. import queries
from ..forms.timetable import TravelTimesForm, VenueForm
from ..models import Venue
from ..services import timetable


@login_required
def venues(request, pk):
    review = review_for(request, pk, "casework.view_timetable")
    return render(
        request,
        "casework/venues.html",
        {
            "review": review,
            "venues": queries.venues_of(review),
            "travel": queries.travel_times_of(review),
            "programme": queries.programme_settings(review),
            "can_edit": request.user.has_perm("casework.edit_venues", review),
        },
    )


@login_required
def venue_edit(request, pk, venue_pk=None):
    review = review_for(request, pk, "casework.edit_venues")
    venue = get_object_or_404(Venue, pk=venue_pk, review=review) if venue_pk else Venue(review=review)
    form = VenueForm(request.POST or None, instance=venue, review=review)
    if request.method == "POST" and form.is_valid():
        saved = timetable.save_venue(review, venue, **form.cleaned_data)
        messages.success(request, f"{saved} saved.")
        return redirect("casework:venues", review.pk)
    return form_page(
        request,
        form,
        title="Change the venue" if venue_pk else "Add a venue",
        caption=review.authority,
        back_url=reverse("casework:venues", args=[review.pk]),
    )


@login_required
def travel_times(request, pk):
    review = review_for(request, pk, "casework.edit_venues")
    all_venues = list(queries.venues_of(review))
    programme = queries.programme_settings(review)
    form = TravelTimesForm(
        request.POST or None,
        venues=all_venues,
        table=queries.travel_table(review),
        default=programme.default_travel_minutes,
    )
    if request.method == "POST" and form.is_valid():
        for name, (a, b) in form.pairs.items():
            timetable.set_travel_time(review, venue_a=a, venue_b=b, minutes=form.cleaned_data[name])
        messages.success(request, "Travel times saved.")
        return redirect("casework:venues", review.pk)
    return form_page(
        request,
        form,
        title="Travel times between venues",
        caption=review.authority,
        back_url=reverse("casework:venues", args=[review.pk]),
    )

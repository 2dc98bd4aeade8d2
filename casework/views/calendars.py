"""Personal calendar feeds (secret, revocable addresses) and one-off .ics downloads."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from reviews.access import review_for

from .. import queries
from ..calendar import build_calendar
from ..models import CalendarFeed
from ..services import timetable


def _ics(review, user, filename=None):
    body = build_calendar(review, queries.sessions_for(review, user), f"Peer review: {review.authority.name}")
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    if filename:
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def calendar_settings(request, pk):
    review = review_for(request, pk, "casework.subscribe_calendar")
    feed = queries.live_calendar_feeds(review, request.user).first()
    return render(
        request,
        "casework/calendar.html",
        {"review": review, "feed_url": request.build_absolute_uri(feed.get_absolute_url()) if feed else None},
    )


@login_required
@require_POST
def calendar_new(request, pk):
    review = review_for(request, pk, "casework.subscribe_calendar")
    timetable.new_calendar_feed(review, request.user)
    messages.success(request, "Your calendar address is ready. Any earlier address has stopped working.")
    return redirect("casework:calendar", review.pk)


@login_required
@require_POST
def calendar_revoke(request, pk):
    review = review_for(request, pk, "casework.subscribe_calendar")
    for feed in queries.live_calendar_feeds(review, request.user):
        timetable.revoke_calendar_feed(feed)
    messages.success(request, "Your calendar address no longer works.")
    return redirect("casework:calendar", review.pk)


@login_required
def calendar_download(request, pk):
    review = review_for(request, pk, "casework.subscribe_calendar")
    return _ics(review, request.user, filename=f"peer-review-{review.pk}.ics")


def calendar_feed(request, token):
    """The secret address a calendar program polls. A revoked or unknown one answers 404."""
    feed = get_object_or_404(CalendarFeed.objects.select_related("review__authority", "user"), token=token)
    if (
        feed.revoked_at
        or not feed.user.is_active
        or not feed.user.has_perm("casework.subscribe_calendar", feed.review)
    ):
        raise Http404
    return _ics(feed.review, feed.user)

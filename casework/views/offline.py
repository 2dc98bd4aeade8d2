"""The on-site pages a peer's phone keeps for use offline, and the endpoint its queue sends notes to.

What a phone keeps must never hold a participant's name or a note's text: the session brief shows
participants by role and agency only, and the pages listed for keeping are empty forms and briefs.
"""

import json

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from peerreview.middleware import signed_out_json
from peerreview.offline import describe_device
from reviews.access import review_for, team_review_for
from reviews.services import ActionRefused

from .. import queries
from ..checks import day_label, travel_minutes
from ..forms.notes import NoteForm
from ..models import Note, Session
from ..services import notes


def offline_urls(review, user, days, writes_notes):
    """The pages of a review a peer's phone keeps once "my day" has been opened: no names, no note text."""
    my_day = reverse("casework:my-day", args=[review.pk])
    urls = [my_day, *[f"{my_day}?day={day.isoformat()}" for day in days], reverse("device")]
    sessions = Session.objects.filter(review=review, peers=user).values_list("pk", flat=True)
    for session in sessions:
        urls.append(reverse("casework:session-brief", args=[review.pk, session]))
        if writes_notes:
            urls.append(f"{reverse('casework:note-create', args=[review.pk])}?session={session}")
    if writes_notes:
        urls.append(reverse("casework:note-create", args=[review.pk]))
    return json.dumps(urls)


@login_required
def session_brief(request, pk, session_pk):
    """One session, made to be read on the way to it: where, who by role, what to ask about."""
    review = review_for(request, pk, "casework.view_timetable")
    session = get_object_or_404(queries.sessions_of(review), pk=session_pk)
    # Travel from the person's previous session that day, when it was somewhere else.
    previous = (
        Session.objects.filter(review=review, day=session.day, peers=request.user, starts__lt=session.starts)
        .select_related("venue")
        .order_by("-starts")
        .first()
    )
    travel = None
    if previous and previous.venue and session.venue and previous.venue_id != session.venue_id:
        default = queries.programme_settings(review).default_travel_minutes
        travel = travel_minutes(queries.travel_table(review), default, previous.venue, session.venue)
    return render(
        request,
        "casework/session_brief.html",
        {
            "review": review,
            "session": session,
            "day_name": day_label(session.day),
            "previous": previous,
            "travel": travel,
            "writes_notes": request.user.has_perm("casework.write_notes", review),
        },
    )


@require_POST
def note_send(request, pk):
    """A note from the phone's queue. Always JSON: 401 when signed out, and the reason when refused."""
    if not request.user.is_authenticated:
        return signed_out_json()
    try:
        review = team_review_for(request, pk, "casework.write_notes")
    except (Http404, PermissionDenied):
        return JsonResponse(
            {"stored": False, "errors": "You can no longer add notes to this review.", "fix": ""}, status=403
        )
    form = NoteForm(request.POST, instance=Note(review=review), review=review)
    if not form.is_valid():
        errors = form.errors.get_json_data()
        if "session" in errors:
            message = "The session this note was written for is no longer in the timetable."
            return JsonResponse({"stored": False, "errors": message, "fix": "no-session"}, status=409)
        message = " ".join(error["message"] for field in errors.values() for error in field)
        return JsonResponse({"stored": False, "errors": message, "fix": ""}, status=400)
    try:
        saved = notes.save_note_form(
            review,
            form.cleaned_data,
            author=request.user,
            draft=False,
            device=describe_device(request.headers.get("User-Agent")),
            names_to_roles=request.POST.get("fix") == "replace",
        )
    except notes.NamesParticipants as refusal:
        found = [{"name": name, "replacement": role} for name, role in refusal.names]
        return JsonResponse(
            {"stored": False, "errors": str(refusal), "names": found, "fix": "replace"}, status=409
        )
    except notes.NoteConflict as conflict:
        current = {"text": conflict.note.text, "version": conflict.note.version}
        return JsonResponse(
            {"stored": False, "errors": str(conflict), "conflict": current, "fix": "keep"}, status=409
        )
    except ActionRefused as refusal:
        return JsonResponse({"stored": False, "errors": str(refusal), "fix": ""}, status=409)
    return JsonResponse(
        {
            "stored": True,
            "stored_at": timezone.localtime(saved.updated_at).strftime("%H:%M:%S"),
            "version": saved.version,
            "note": saved.pk,
        }
    )

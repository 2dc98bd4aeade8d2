"""The floor of the stack for saving a note: what gunicorn, Django's middleware, the session,
sign-in and one INSERT cost, with none of the note form's own work.

Mounted only when BENCH_FLOOR=1 (the benchmark's own gunicorn sets it; nothing else does), so it
is never reachable in normal operation and the access matrix, built without it, stays complete.
It takes the same note-shaped POST as the real form, checks nothing beyond what the middleware
and the sign-in do (CSRF, session, two-step), inserts one note row and answers as the real
endpoint does: a redirect for the form, JSON for an autosave.
"""

import uuid

from django.contrib.auth.decorators import login_required
from django.http import HttpResponseBadRequest, JsonResponse
from django.shortcuts import redirect
from django.urls import path
from django.views.decorators.http import require_POST

from ..models import Note


@login_required
@require_POST
def floor(request, pk):
    try:
        client_id = uuid.UUID(request.POST.get("client_id", ""))
    except ValueError:
        return HttpResponseBadRequest()
    autosave = request.headers.get("X-Autosave") == "1"
    Note.objects.create(
        review_id=pk,
        author=request.user,
        client_id=client_id,
        text=request.POST.get("text", ""),
        kind=request.POST.get("kind", ""),
        agency=request.POST.get("agency", ""),
        is_draft=autosave,
    )
    if autosave:
        return JsonResponse({"saved": True})
    return redirect("casework:my-notes", pk)


urlpatterns = [path("bench/floor/reviews/<int:pk>/notes/new/", floor, name="bench-floor")]

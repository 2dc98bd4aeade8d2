"""Peers' notes, the evidence board and the coverage matrix: the review team's own material."""

import uuid

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from peerreview.middleware import login_required_or_401
from peerreview.offline import describe_device
from reviews import audit
from reviews.access import team_review_for
from reviews.services import ActionRefused

from .. import queries
from ..forms.notes import BoardFilterForm, HypothesisLinkForm, NoteForm
from ..models import Note
from ..services import notes

# Names the note just saved for the page after it (see _note_page).
SAVED_NOTE_COOKIE = "note_saved"


def _note_page(request, review, note):
    initial = {"client_id": note.client_id if note.pk else uuid.uuid4()}
    if not note.pk and request.GET.get("session", "").isdigit():
        session = review.sessions.filter(pk=request.GET["session"]).prefetch_related("participants").first()
        if session:
            agencies = {p.agency for p in session.participants.all()}
            initial.update(session=session.pk, agency=agencies.pop() if len(agencies) == 1 else "")
            initial["themes"] = [t.pk for t in session.themes.all()]
    form = NoteForm(request.POST or None, instance=note, review=review, initial=initial)
    autosave = request.headers.get("X-Autosave") == "1"
    names, problem, conflict = [], None, None
    if request.method == "POST":
        if not form.is_valid():
            if autosave:
                return JsonResponse({"saved": False, "errors": form.errors.get_json_data()}, status=400)
        else:
            try:
                saved = notes.save_note_form(
                    review,
                    form.cleaned_data,
                    author=request.user,
                    draft=autosave,
                    device=describe_device(request.headers.get("User-Agent")),
                    names_to_roles=request.POST.get("action") == "replace",
                )
            except notes.NamesParticipants as refusal:
                if autosave:  # the page shows the names beside the note; the device keeps its copy
                    found = [{"name": name, "replacement": role} for name, role in refusal.names]
                    return JsonResponse({"saved": False, "errors": str(refusal), "names": found}, status=409)
                names = refusal.names  # listed on the page, with the offer to replace them
            except notes.NoteConflict as refusal:
                current = {"text": refusal.note.text, "version": refusal.note.version}
                if autosave:
                    return JsonResponse(
                        {"saved": False, "errors": str(refusal), "conflict": current}, status=409
                    )
                # Both texts on the page: saving again from the current version makes this text stand.
                conflict = current
                form.data = form.data.copy()
                form.data["version"] = refusal.note.version
            except ActionRefused as refusal:
                if autosave:
                    return JsonResponse({"saved": False, "errors": str(refusal)}, status=409)
                problem = str(refusal)
            else:
                if autosave:
                    saved_at = timezone.localtime(saved.updated_at)
                    return JsonResponse(
                        {
                            "saved": True,
                            "saved_at": saved_at.strftime("%H:%M:%S"),
                            "version": saved.version,
                            # The browser keeps its copy of a draft until the note is finished.
                            "finished": not saved.is_draft,
                        }
                    )
                messages.success(request, "Note saved.")
                response = redirect("casework:my-notes", review.pk)
                # The next page tells the browser which note the server now has: only then does it
                # drop its copy, so a save that fails on the way loses nothing. A cookie read once,
                # not the session, so that saving a note costs no extra write to the database.
                response.set_cookie(
                    SAVED_NOTE_COOKIE,
                    str(saved.client_id),
                    max_age=300,
                    path=response["Location"],
                    secure=settings.SESSION_COOKIE_SECURE,
                    httponly=True,
                    samesite="Lax",
                )
                return response
    return render(
        request,
        "casework/note_form.html",
        {
            "review": review,
            "form": form,
            "note": note if note.pk else None,
            "names": names,
            "problem": problem,
            "conflict": conflict,
        },
    )


@login_required_or_401
def note_create(request, pk):
    review = team_review_for(request, pk, "casework.write_notes")
    return _note_page(request, review, Note(review=review))


@login_required_or_401
def note_edit(request, pk, note_pk):
    review = team_review_for(request, pk, "casework.write_notes")
    # Only the author edits a note: another peer's id answers 404 like any unknown one.
    note = get_object_or_404(Note, pk=note_pk, review=review, author=request.user)
    return _note_page(request, review, note)


@login_required
def my_notes(request, pk):
    review = team_review_for(request, pk, "casework.write_notes")
    saved = request.COOKIES.get(SAVED_NOTE_COOKIE, "")
    response = render(
        request,
        "casework/my_notes.html",
        {
            "review": review,
            "notes": queries.notes_by(review, request.user),
            "saved": saved if _is_uuid(saved) else "",
        },
    )
    if saved:
        response.delete_cookie(SAVED_NOTE_COOKIE, path=request.path, samesite="Lax")
    return response


def _is_uuid(value):
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


@login_required
def note_history(request, pk, note_pk):
    """A note's amendments (time, device, text): for its author and the review manager."""
    review = team_review_for(request, pk, "casework.write_notes")
    note = get_object_or_404(Note.objects.select_related("author"), pk=note_pk, review=review)
    # Anyone else's draft, or any note to someone without the permission, does not exist.
    if note.author_id != request.user.pk and (
        note.is_draft or not request.user.has_perm("casework.see_note_history", review)
    ):
        raise Http404("No note found.")
    return render(
        request,
        "casework/note_history.html",
        {"review": review, "note": note, "revisions": note.revisions.all()},
    )


@login_required
def note_link(request, pk, note_pk):
    review = team_review_for(request, pk, "casework.write_notes")
    note = get_object_or_404(Note.objects.shared(), pk=note_pk, review=review)
    form = HypothesisLinkForm(request.POST or None, review=review)
    if request.method == "POST" and form.is_valid():
        notes.link_hypothesis(note, **form.cleaned_data)
        messages.success(request, "Note linked to the hypothesis.")
        return redirect("casework:board", review.pk)
    return render(
        request,
        "casework/note_link.html",
        {"review": review, "note": note, "form": form},
    )


@login_required
def board(request, pk):
    review = team_review_for(request, pk)
    days = queries.on_site_days(review)
    team = queries.team_of(review)
    form = BoardFilterForm(request.GET or None, review=review, team=team, days=days)
    found = queries.board(review, form.cleaned_data if form.is_valid() else {})
    page = Paginator(found, 50).get_page(request.GET.get("page"))
    audit.record(
        audit.Action.EVIDENCE_BOARD_VIEWED, request=request, review=review, target=request.GET.urlencode()
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "casework/board.html",
        {"review": review, "form": form, "page": page, "query": query.urlencode()},
    )


@login_required
def coverage(request, pk):
    review = team_review_for(request, pk)
    return render(request, "casework/coverage.html", {"review": review, **queries.coverage(review)})

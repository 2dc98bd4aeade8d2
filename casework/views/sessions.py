"""Adding and changing sessions and their participants."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from peerreview.pages import attempt_form
from reviews.access import review_for

from .. import queries
from ..forms.timetable import ParticipantForm, SessionForm
from ..models import Participant, Session, SessionDraft
from ..services import drafts, timetable


def _session_page(request, review, session):
    team = queries.team_of(review)
    days = queries.on_site_days(review)
    if not days:
        messages.error(request, "Set the on-site dates before building the timetable.")
        return redirect("reviews:edit", review.pk)
    # After publication a hand change is a draft until released; a second edit starts from the draft.
    published = queries.programme_settings(review).is_published
    draft = (
        SessionDraft.objects.filter(session=session, action=SessionDraft.Action.CHANGE).first()
        if session.pk and published
        else None
    )
    form = SessionForm(
        request.POST or None,
        instance=session,
        review=review,
        team=team,
        days=days,
        initial=drafts.drafted_values(draft) if draft else None,
    )
    free = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if request.POST.get("action") == "check":
            free = queries.who_is_free(
                review,
                day=data["day"],
                starts=data["starts"],
                ends=data["ends"],
                venue=data["venue"],
                exclude=session,
            )
        elif published:
            done, _ = attempt_form(
                form,
                lambda: drafts.draft_session(
                    review,
                    session,
                    fields=form.session_fields(),
                    peers=data["peers"],
                    themes=data["themes"],
                    by=request.user,
                    version=data.get("version"),
                ),
            )
            if done:
                messages.success(
                    request, "Your change is a draft: nobody else sees it until you release changes."
                )
                return redirect("casework:timetable", review.pk)
        else:
            done, saved = attempt_form(
                form,
                lambda: timetable.save_session(
                    review,
                    session,
                    fields=form.session_fields(),
                    peers=data["peers"],
                    themes=data["themes"],
                    by=request.user,
                    version=data.get("version"),
                ),
            )
            if done:
                messages.success(request, f"“{saved.label}” saved.")
                return redirect("casework:session-edit", review.pk, saved.pk)
    return render(
        request,
        "casework/session_form.html",
        {
            "review": review,
            "session": session if session.pk else None,
            "form": form,
            "free": free,
            "draft": draft,
            "published": published,
            "participant_form": ParticipantForm() if session.pk else None,
            "participants": session.participants.all() if session.pk else [],
            "show_names": request.user.has_perm("casework.see_participant_names", review),
        },
    )


@login_required
def session_create(request, pk):
    review = review_for(request, pk, "casework.edit_timetable")
    return _session_page(request, review, Session(review=review))


@login_required
def session_edit(request, pk, session_pk):
    review = review_for(request, pk, "casework.edit_timetable")
    session = get_object_or_404(Session, pk=session_pk, review=review)
    return _session_page(request, review, session)


@login_required
@require_POST
def session_delete(request, pk, session_pk):
    review = review_for(request, pk, "casework.edit_timetable")
    session = get_object_or_404(Session, pk=session_pk, review=review)
    if queries.programme_settings(review).is_published:
        drafts.draft_cancel(session, by=request.user)
        messages.success(request, f"Cancelling “{session.label}” is a draft until you release changes.")
    else:
        timetable.delete_session(session, by=request.user)
        messages.success(request, f"“{session.label}” removed from the timetable.")
    return redirect("casework:timetable", review.pk)


@login_required
@require_POST
def participant_create(request, pk, session_pk):
    review = review_for(request, pk, "casework.edit_timetable")
    session = get_object_or_404(Session, pk=session_pk, review=review)
    form = ParticipantForm(request.POST)
    if form.is_valid():
        timetable.add_participant(session, by=request.user, **form.cleaned_data)
        messages.success(request, "Participant added.")
    else:
        messages.error(
            request,
            "The participant was not added: "
            + " ".join(e for errors in form.errors.values() for e in errors),
        )
    return redirect("casework:session-edit", review.pk, session.pk)


@login_required
@require_POST
def participant_delete(request, pk, session_pk, participant_pk):
    review = review_for(request, pk, "casework.edit_timetable")
    participant = get_object_or_404(
        Participant, pk=participant_pk, session_id=session_pk, session__review=review
    )
    timetable.remove_participant(participant, by=request.user)
    messages.success(request, "Participant removed.")
    return redirect("casework:session-edit", review.pk, session_pk)

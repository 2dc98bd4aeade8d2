"""The timetable as people read it: the week's grid, "my day", print, checks, publishing, changes."""

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from peerreview.pages import attempt_form, form_page
from reviews.access import review_for
from reviews.services import ActionRefused

from .. import queries
from ..checks import day_label
from ..forms.timetable import ProgrammeForm, PublishForm
from ..models import SessionDraft
from ..services import drafts, timetable
from . import offline


def _context(request, review, **extra):
    return {
        "review": review,
        "programme": queries.programme_settings(review),
        "can_edit": request.user.has_perm("casework.edit_timetable", review),
        "can_manage": request.user.has_perm("casework.manage_timetable", review),
        "show_names": request.user.has_perm("casework.see_participant_names", review),
        **extra,
    }


@login_required
def timetable_page(request, pk):
    review = review_for(request, pk, "casework.view_timetable")
    sessions = list(queries.sessions_of(review))
    days = queries.on_site_days(review)
    by_venue = request.GET.get("view") == "venues"
    if by_venue:
        rows = list(queries.venues_of(review))
        table = queries.grid(days, rows, sessions, key=lambda s: [s.venue] if s.venue else [])
    else:
        rows = queries.team_of(review)
        table = queries.grid(days, rows, sessions, key=lambda s: list(s.peers.all()))
    context = _context(
        request,
        review,
        days=[(day, day_label(day)) for day in days],
        table=table,
        by_venue=by_venue,
        unassigned=[s for s in sessions if not s.peers.all()],
    )
    context["warnings"] = (
        queries.warnings_for(review, context["programme"], sessions) if context["can_edit"] else []
    )
    if context["can_edit"]:
        context["drafts"] = list(queries.drafts_of(review))
        context["drafted"] = {d.session_id for d in context["drafts"]}
        context["sent"] = list(queries.release_emails_of(review))
    return render(request, "casework/timetable.html", context)


@login_required
@require_POST
def release(request, pk):
    review = review_for(request, pk, "casework.edit_timetable")
    try:
        count = drafts.release_changes(review, by=request.user)
    except ActionRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(
            request, f"{count} change{'s' if count != 1 else ''} released. Those affected are being emailed."
        )
    return redirect("casework:timetable", review.pk)


@login_required
@require_POST
def draft_discard(request, pk, draft_pk):
    review = review_for(request, pk, "casework.edit_timetable")
    draft = get_object_or_404(SessionDraft, pk=draft_pk, review=review)
    drafts.discard_draft(draft, by=request.user)
    messages.success(request, "Draft change discarded.")
    return redirect("casework:timetable", review.pk)


@login_required
def my_day(request, pk):
    """One person's day, made for a phone. Marks what changed since they last looked."""
    review = review_for(request, pk, "casework.view_timetable")
    days = queries.on_site_days(review)
    if not days:
        return render(request, "casework/my_day.html", _context(request, review, day=None, sessions=[]))
    chosen = request.GET.get("day")
    today = date.today()
    try:
        day = date.fromisoformat(chosen) if chosen else (today if today in days else days[0])
    except ValueError:
        day = days[0]
    day = day if day in days else days[0]
    seen = queries.last_seen(review, request.user)
    sessions = [s for s in queries.sessions_of(review).filter(day=day) if request.user in s.peers.all()]
    index = days.index(day)
    response = render(
        request,
        "casework/my_day.html",
        _context(
            request,
            review,
            day=day,
            day_name=day_label(day),
            sessions=sessions,
            changed={s.pk for s in sessions if seen and s.updated_at > seen},
            previous_day=days[index - 1] if index > 0 else None,
            next_day=days[index + 1] if index + 1 < len(days) else None,
            # What the phone keeps for the week on site (casework.views.offline).
            offline_urls=offline.offline_urls(
                review, request.user, days, request.user.has_perm("casework.write_notes", review)
            ),
        ),
    )
    timetable.mark_seen(review, request.user)
    return response


@login_required
def printable(request, pk):
    """The whole programme, or one peer's, laid out for A4 landscape paper."""
    review = review_for(request, pk, "casework.view_timetable")
    sessions = list(queries.sessions_of(review))
    person = None
    if request.GET.get("peer", "").isdigit():
        person = next((p for p in queries.team_of(review) if p.pk == int(request.GET["peer"])), None)
        sessions = [s for s in sessions if person in s.peers.all()]
    days = [
        (day, day_label(day), [s for s in sessions if s.day == day]) for day in queries.on_site_days(review)
    ]
    return render(request, "casework/print.html", _context(request, review, days=days, person=person))


@login_required
def checks(request, pk):
    review = review_for(request, pk, "casework.edit_timetable")
    return render(
        request, "casework/checks.html", _context(request, review, warnings=queries.warnings_for(review))
    )


@login_required
def publish(request, pk):
    review = review_for(request, pk, "casework.manage_timetable")
    warnings = queries.warnings_for(review)
    form = PublishForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        done, _ = attempt_form(
            form,
            lambda: timetable.publish_timetable(
                review, by=request.user, acknowledged=form.cleaned_data["acknowledged"]
            ),
            field="acknowledged",
        )
        if done:
            messages.success(
                request,
                "Timetable published. From now on every change is logged and shown to those affected.",
            )
            return redirect("casework:timetable", review.pk)
    return render(request, "casework/publish.html", _context(request, review, warnings=warnings, form=form))


@login_required
def changes(request, pk):
    review = review_for(request, pk, "casework.view_timetable")
    log = queries.changes_of(review)
    return render(request, "casework/changes.html", _context(request, review, log=log, day_label=day_label))


@login_required
def settings_edit(request, pk):
    review = review_for(request, pk, "casework.manage_timetable")
    form = ProgrammeForm(request.POST or None, instance=queries.programme_settings(review))
    if request.method == "POST" and form.is_valid():
        timetable.save_programme_settings(review, **form.cleaned_data)
        messages.success(request, "Timetable settings saved.")
        return redirect("casework:timetable", review.pk)
    return form_page(
        request,
        form,
        title="Timetable settings",
        caption=review.authority,
        back_url=reverse("casework:timetable", args=[review.pk]),
    )

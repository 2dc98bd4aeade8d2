"""Hand changes to a published timetable: held as drafts, then released together.

Before publication sessions change at once; afterwards a change made by hand waits on the timetable page
until someone releases it, so peers and participants are told once, with their new calendar.
"""

from datetime import date, time

from django.contrib.auth import get_user_model
from django.db import transaction

from reviews import audit
from reviews.models import ReviewTheme
from reviews.services import ActionRefused

from ..checks import day_label
from ..models import Programme, Session, SessionDraft, Venue
from . import scheduling, timetable


def _plain(fields):
    """The form's values as JSON: dates and times as text, the venue by id."""
    return {
        **fields,
        "day": fields["day"].isoformat(),
        "starts": f"{fields['starts']:%H:%M}",
        "ends": f"{fields['ends']:%H:%M}",
        "venue": fields["venue"].pk if fields["venue"] else None,
    }


def _where(fields, venue):
    return f"{day_label(date.fromisoformat(fields['day']))}, {fields['starts']} to {fields['ends']}" + (
        f" at {venue.name}" if venue else ", online" if fields.get("remote_link") else ""
    )


@transaction.atomic
def draft_session(review, session, *, fields, peers, themes, by, version=None):
    """Hold a new session, or a change to one, as a draft; a second change to the same session replaces
    the first draft (it was made from the drafted values, shown in the form)."""
    creating = session.pk is None
    if not creating:
        current = Session.objects.select_for_update().get(pk=session.pk)
        if version is not None and current.version != version:
            raise ActionRefused(
                "Someone else changed this session while you were editing it. "
                "Your changes were not saved: look at the session as it is now and make them again."
            )
    plain = _plain(fields)
    label = Session(kind=plain["kind"], title=plain["title"]).label
    where = _where(plain, fields["venue"])
    summary = f"Add “{label}”, {where}." if creating else f"Change “{session.label}” to {where}."
    values = {
        "fields": plain,
        "peers": sorted(p.pk for p in peers),
        "themes": sorted(t.pk for t in themes),
        "summary": summary[:300],
        "by": by,
    }
    if creating:
        return SessionDraft.objects.create(review=review, action=SessionDraft.Action.ADD, **values)
    SessionDraft.objects.filter(session=session).delete()
    return SessionDraft.objects.create(
        review=review,
        action=SessionDraft.Action.CHANGE,
        session=session,
        base_version=current.version,
        **values,
    )


@transaction.atomic
def draft_cancel(session, *, by):
    """Hold the cancelling of a session as a draft; it replaces any drafted change to it."""
    SessionDraft.objects.filter(session=session).delete()
    return SessionDraft.objects.create(
        review=session.review,
        action=SessionDraft.Action.CANCEL,
        session=session,
        base_version=session.version,
        summary=f"Cancel “{session.label}” on {day_label(session.day)}."[:300],
        by=by,
    )


@transaction.atomic
def discard_draft(draft, *, by):
    audit.record(audit.Action.DELETED, user=by, review=draft.review, target=f"Draft change “{draft.summary}”")
    draft.delete()


def drafted_values(draft):
    """A change draft's values as the session form's initial data, so a second edit starts from them."""
    fields = draft.fields
    return {
        **fields,
        "starts": time.fromisoformat(fields["starts"]),
        "ends": time.fromisoformat(fields["ends"]),
        "peers": draft.peers,
        "themes": draft.themes,
    }


def _participant_emails(session):
    addresses = {p.contact for p in session.participants.all()}
    if session.request_id:
        addresses.add(session.request.participant_email)
    return {a for a in addresses if a and "@" in a}


def _tell(told, email, person, line, session=None):
    entry = told.setdefault(email, (person, [], []))
    entry[1].append(line)
    if session is not None:
        entry[2].append(session)


@transaction.atomic
def release_changes(review, *, by):
    """Apply every draft through the ordinary session services (so the change log and versions work as
    for any change), then email each person concerned what changed for them, with the new .ics.
    All or nothing: a draft that no longer applies stops the release and nothing goes live."""
    Programme.objects.select_for_update().filter(review=review).first()  # one release at a time
    drafts = list(
        SessionDraft.objects.select_for_update(of=("self",))
        .filter(review=review)
        .select_related("session__request", "by")
    )
    if not drafts:
        raise ActionRefused("There are no draft changes to release.")
    venues = {v.pk: v for v in Venue.objects.filter(review=review)}
    people = {u.pk: u for u in get_user_model().objects.filter(pk__in={p for d in drafts for p in d.peers})}
    themes = {t.pk: t for t in ReviewTheme.objects.filter(review=review)}
    told = {}  # email -> (user or None, [lines], [sessions])
    for draft in drafts:
        session = draft.session
        if draft.action != SessionDraft.Action.ADD and session is None:
            raise ActionRefused(
                f"“{draft.summary}” no longer applies: its session has been removed. "
                "Discard that draft change and release again. Nothing was released."
            )
        if session is not None and session.version != draft.base_version:
            raise ActionRefused(
                f"“{draft.summary}” no longer applies: the session has changed since it was drafted. "
                "Discard that draft change, make it again, and release. Nothing was released."
            )
        old_peers = set(session.peers.all()) if session else set()
        was = (
            scheduling.describe_when(session.day, session.starts, session.ends, session.venue)
            if session
            else None
        )
        if draft.action == SessionDraft.Action.CANCEL:
            line = f"“{session.label}” ({was}) is cancelled."
            for person in old_peers:
                _tell(told, person.email, person, line)
            for email in _participant_emails(session):
                _tell(told, email, None, line)
            timetable.delete_session(session, by=by, notify=False)
            continue
        fields = dict(draft.fields)
        if fields["venue"] is not None and fields["venue"] not in venues:
            raise ActionRefused(
                f"“{draft.summary}” no longer applies: its venue has been removed. "
                "Discard that draft change and release again. Nothing was released."
            )
        fields.update(
            day=date.fromisoformat(fields["day"]),
            starts=time.fromisoformat(fields["starts"]),
            ends=time.fromisoformat(fields["ends"]),
            venue=venues.get(fields["venue"]),
        )
        new_peers = [people[pk] for pk in draft.peers if pk in people]
        saved = timetable.save_session(
            review,
            session or Session(review=review),
            fields=fields,
            peers=new_peers,
            themes=[themes[pk] for pk in draft.themes if pk in themes],
            by=by,
            version=draft.base_version,
            notify=False,
        )
        now = scheduling.describe_when(saved.day, saved.starts, saved.ends, saved.venue)
        if session is None:
            line = f"“{saved.label}” is added: {now}."
        else:
            line = f"“{saved.label}” is now {now}" + (f" (it was {was})." if was != now else ".")
        for person in new_peers:
            _tell(told, person.email, person, line, saved)
        for person in old_peers - set(new_peers):
            _tell(told, person.email, person, f"You are no longer on “{saved.label}” ({was}).")
        for email in _participant_emails(saved):
            _tell(told, email, None, line, saved)
    SessionDraft.objects.filter(pk__in=[d.pk for d in drafts]).delete()
    if told:
        scheduling.queue_change_emails(review, told, by)
    return len(drafts)

"""Building and changing the on-site timetable: one function per user action."""

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from peerreview import messages
from reviews import audit
from reviews.models import move_working_days, working_days_between
from reviews.services import ActionRefused, mark_milestone_done_by_system

from .. import queries
from ..checks import day_label
from ..models import (
    CalendarFeed,
    Programme,
    Session,
    SessionRequest,
    TimetableChange,
    TimetableView,
    TravelTime,
)


def programme_of(review):
    programme, _ = Programme.objects.get_or_create(review=review)
    return programme


@transaction.atomic
def set_travel_time(review, *, venue_a, venue_b, minutes):
    """Record minutes between two venues, both ways; None removes it so the default applies."""
    if venue_a.pk == venue_b.pk:
        raise ActionRefused("Choose two different venues.")
    low, high = sorted([venue_a, venue_b], key=lambda v: v.pk)
    if minutes is None:
        TravelTime.objects.filter(venue_a=low, venue_b=high).delete()
        return None
    travel, _ = TravelTime.objects.update_or_create(
        review=review, venue_a=low, venue_b=high, defaults={"minutes": minutes}
    )
    return travel


def _record(review, session, by, summary, day, peers=(), notify=True):
    """After publication, every change is logged for the change log and the "changed" marks,
    and the peers it concerns (in the session before or after it) are emailed that their day changed
    (unless the caller tells them itself, as a released re-plan does, with their new calendar)."""
    if programme_of(review).is_published:
        TimetableChange.objects.create(review=review, session=session, day=day, summary=summary, by=by)
        if not notify:
            return
        messages.notify(
            peers,
            subject=f"{review.authority.name}: your on-site timetable has changed",
            template="casework/email/timetable_changed.txt",
            context={"review": review, "day": day_label(day)},
            link=reverse("casework:my-day", args=[review.pk]),
            review_id=review.pk,
            exclude=by,
        )


@transaction.atomic
def save_session(review, session, *, fields, peers, themes, by, version=None, notify=True):
    """Create or change a session. Someone else's change in the meantime is never silently overwritten."""
    creating = session.pk is None
    if not creating:
        current = Session.objects.select_for_update().get(pk=session.pk)
        if version is not None and current.version != version:
            raise ActionRefused(
                "Someone else changed this session while you were editing it. "
                "Your changes were not saved: look at the session as it is now and make them again."
            )
        old_day = current.day
        old_peers = list(current.peers.all())
    for name, value in fields.items():
        setattr(session, name, value)
    session.review = review
    if not creating:
        session.version = current.version + 1
        session.sequence = current.sequence + 1
    session.updated_at = timezone.now()
    session.save()
    session.peers.set(peers)
    session.themes.set(themes)
    when = f"{day_label(session.day)} at {session.starts:%H:%M}"
    if creating:
        _record(review, session, by, f"Added “{session.label}”, {when}.", session.day, peers, notify)
    else:
        moved = f" (moved from {day_label(old_day)})" if old_day != session.day else ""
        _record(
            review,
            session,
            by,
            f"Changed “{session.label}”, {when}{moved}.",
            session.day,
            [*old_peers, *peers],
            notify,
        )
    return session


def on_review_postponed(sender, review, from_start, to_start, by, **kwargs):
    """The timetable moves with the on-site week: each session keeps its working day within the week."""
    sessions = list(Session.objects.select_for_update().filter(review=review))
    now = timezone.now()
    for session in sessions:
        session.day = move_working_days(to_start, working_days_between(from_start, session.day))
        session.version += 1
        session.sequence += 1
        session.updated_at = now
    Session.objects.bulk_update(sessions, ["day", "version", "sequence", "updated_at"])
    if sessions:
        _record(
            review,
            None,
            by,
            f"The review was postponed: every session moved from the week of {day_label(from_start)} "
            f"to the week of {day_label(to_start)}.",
            to_start,
        )


@transaction.atomic
def delete_session(session, *, by, notify=True):
    _record(
        session.review,
        None,
        by,
        f"Cancelled “{session.label}” on {day_label(session.day)}.",
        session.day,
        list(session.peers.all()),
        notify,
    )
    audit.record(audit.Action.DELETED, user=by, review=session.review, target=f"Session “{session.label}”")
    if session.request_id:  # called off: a re-plan of the week must not bring it back
        SessionRequest.objects.filter(pk=session.request_id).update(cancelled_at=timezone.now())
    session.delete()


def _touch(session):
    Session.objects.filter(pk=session.pk).update(
        version=session.version + 1, sequence=session.sequence + 1, updated_at=timezone.now()
    )


@transaction.atomic
def add_participant(session, *, by, **fields):
    participant = session.participants.create(**fields)
    _touch(session)
    _record(
        session.review,
        session,
        by,
        f"Participant added to “{session.label}”.",
        session.day,
        session.peers.all(),
    )
    return participant


@transaction.atomic
def remove_participant(participant, *, by):
    session = participant.session
    audit.record(
        audit.Action.DELETED, user=by, review=session.review, target=f"Participant of “{session.label}”"
    )
    participant.delete()
    _touch(session)
    _record(
        session.review,
        session,
        by,
        f"Participant removed from “{session.label}”.",
        session.day,
        session.peers.all(),
    )


@transaction.atomic
def publish_timetable(review, *, by, acknowledged):
    programme = programme_of(review)
    sessions = list(queries.sessions_of(review))
    if not sessions:
        raise ActionRefused("Add sessions before publishing the timetable.")
    warnings = queries.warnings_for(review, programme, sessions)
    if warnings and not acknowledged:
        raise ActionRefused(f"Confirm you have read the {len(warnings)} warnings before publishing.")
    programme.published_at = timezone.now()
    programme.published_by = by
    programme.save(update_fields=["published_at", "published_by"])
    mark_milestone_done_by_system(review, "timetable_agreed", by)
    return programme


def mark_seen(review, user):
    TimetableView.objects.update_or_create(review=review, user=user, defaults={"seen_at": timezone.now()})


@transaction.atomic
def new_calendar_feed(review, user):
    """A fresh secret address for the person's calendar; any earlier one stops working."""
    CalendarFeed.objects.filter(review=review, user=user, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    return CalendarFeed.objects.create(review=review, user=user)


def revoke_calendar_feed(feed):
    feed.revoked_at = timezone.now()
    feed.save(update_fields=["revoked_at"])


@transaction.atomic
def save_programme_settings(review, **settings):
    """Change the timetable's settings (travel default, interview hours, the organiser's on-site edits)."""
    programme = programme_of(review)
    for name, value in settings.items():
        setattr(programme, name, value)
    programme.save()
    return programme


def save_venue(review, venue, **fields):
    for name, value in fields.items():
        setattr(venue, name, value)
    venue.review = review
    venue.save()
    return venue

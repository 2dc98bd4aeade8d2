"""Read-side querysets for the timetable, with query counts that stay flat."""

from datetime import timedelta

from django.db.models import Prefetch

from reviews.models import TEAM_ROLES, Membership

from .models import Participant, Session, TravelTime, Venue


def sessions_of(review):
    return (
        Session.objects.filter(review=review)
        .select_related("venue")
        .prefetch_related(
            "peers",
            "themes",
            Prefetch("participants", queryset=Participant.objects.order_by("agency", "role")),
        )
    )


def team_of(review):
    """The people who can be assigned to sessions: the review team, manager included."""
    return [
        m.user
        for m in Membership.objects.filter(review=review, role__in=TEAM_ROLES)
        .select_related("user")
        .order_by("role", "user__full_name")
    ]


def travel_table(review):
    return {(t.venue_a_id, t.venue_b_id): t.minutes for t in TravelTime.objects.filter(review=review)}


def venues_of(review):
    return Venue.objects.filter(review=review)


def on_site_days(review):
    """The working days of the visit, in order."""
    if not review.onsite_start:
        return []
    days, day = [], review.onsite_start
    while day <= review.onsite_end:
        if day.weekday() < 5:
            days.append(day)
        day += timedelta(days=1)
    return days


def grid(days, rows, sessions, key):
    """A table of rows (peers or venues) × days; each cell holds that row's sessions that day."""
    cells = {(row, day): [] for row in rows for day in days}
    for session in sessions:
        for row in key(session):
            if (row, session.day) in cells:
                cells[(row, session.day)].append(session)
    return [(row, [cells[(row, day)] for day in days]) for row in rows]

"""Read-side querysets for the timetable, with query counts that stay flat."""

from collections import Counter
from datetime import timedelta

from django.db import connection
from django.db.models import Prefetch

from reviews.models import TEAM_ROLES, AgencyType, Membership

from .models import HypothesisEvidence, Note, Participant, Session, TravelTime, Venue

# The agencies whose silence on a theme the coverage matrix calls out.
EXPECTED_PARTNERS = {"social_care", "health", "police", "education"}


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


def board(review, filters):
    """The review's finished notes, filtered as the evidence board asks. Full-text search on PostgreSQL."""
    notes = (
        Note.objects.filter(review=review, is_draft=False)
        .select_related("author", "session")
        .prefetch_related(
            "themes",
            Prefetch("hypothesis_links", queryset=HypothesisEvidence.objects.select_related("hypothesis")),
        )
    )
    for name, lookup in [
        ("theme", "themes"), ("line", "lines"), ("agency", "agency"), ("kind", "kind"),
        ("peer", "author"), ("session", "session"), ("day", "session__day"),
    ]:  # fmt: skip
        if filters.get(name):
            notes = notes.filter(**{lookup: filters[name]})
    query = filters.get("q", "").strip()
    if query and connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchVector

        notes = notes.annotate(search=SearchVector("text", config="english")).filter(
            search=SearchQuery(query, config="english", search_type="websearch")
        )
    elif query:
        notes = notes.filter(text__icontains=query)
    return notes.distinct().order_by("-created_at", "-pk")


def coverage(review):
    """Notes and sessions so far for each theme (and line) × agency, to show whose voice is missing."""
    note_counts = Counter(
        Note.objects.filter(review=review, is_draft=False).exclude(agency="").values_list("themes", "agency")
    )
    line_counts = Counter(
        Note.objects.filter(review=review, is_draft=False).exclude(agency="").values_list("lines", "agency")
    )
    session_counts = Counter(
        (theme, agency)
        for theme, agency, _ in Participant.objects.filter(session__review=review)
        .values_list("session__themes", "agency", "session")
        .distinct()
    )
    agencies = list(AgencyType)
    themes = list(review.themes.prefetch_related("lines"))
    rows = []
    for theme in themes:
        cells = [(note_counts[(theme.pk, a.value)], session_counts[(theme.pk, a.value)]) for a in agencies]
        lines = [
            (line, [line_counts[(line.pk, a.value)] for a in agencies])
            for line in theme.lines.all()
            if line.included
        ]
        rows.append((theme, cells, lines))
    gaps = [
        f"Nobody from {agency.label.lower()} has been heard on “{theme.title}”."
        for theme, cells, _ in rows
        for agency, (notes, _sessions) in zip(agencies, cells, strict=True)
        if agency in EXPECTED_PARTNERS and notes == 0
    ]
    return {"agencies": agencies, "rows": rows, "gaps": gaps}

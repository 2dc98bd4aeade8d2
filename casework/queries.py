"""Read-side querysets, with query counts that stay flat as data grows."""

from collections import Counter
from datetime import datetime, timedelta

from django.db import connection
from django.db.models import Avg, Count, Prefetch, Q
from django.utils import timezone

from reviews.models import TEAM_ROLES, AgencyType, Membership, Review
from teams.models import PeerProfile
from teams.queries import commitments
from teams.suitability import stale_training_cutoff

from .models import (
    Action,
    CheckIn,
    Evaluation,
    Finding,
    HypothesisEvidence,
    Note,
    Participant,
    Session,
    TravelTime,
    Venue,
)

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


def presentation_start(review):
    """When the first feedback presentation in the timetable starts (aware, local time), or None."""
    first = (
        Session.objects.filter(review=review, kind=Session.Kind.PRESENTATION)
        .order_by("day", "starts")
        .values_list("day", "starts")
        .first()
    )
    return timezone.make_aware(datetime.combine(*first)) if first else None


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
        Note.objects.shared()
        .filter(review=review)
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
    # Each filter names one theme or line, so the joins give at most one row a note: no DISTINCT,
    # which would make PostgreSQL compare every column of every note.
    return notes.order_by("-created_at", "-pk")


def coverage(review):
    """Notes and sessions so far for each theme (and line) × agency, to show whose voice is missing."""
    shared = Note.objects.shared().filter(review=review).exclude(agency="")
    note_counts = Counter(shared.values_list("themes", "agency"))
    line_counts = Counter(shared.values_list("lines", "agency"))
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


def programme_figures(today):
    """The programme view's figures, counted in the database so the page costs the same for any size."""
    reviews = Review.objects.order_by().values_list("stage", "onsite_start__year").annotate(n=Count("pk"))
    rows = sorted(
        ((Review.Stage(stage).label, year, n) for stage, year, n in reviews),
        key=lambda row: (str(row[1]), row[0]),
    )
    recommendations = Finding.objects.filter(
        kind=Finding.Kind.RECOMMENDATION, agreed_at__isnull=False, merged_into__isnull=True
    )
    themes = Counter(dict(recommendations.values_list("theme__title").annotate(n=Count("pk")).order_by()))
    with_recommendations = (
        Review.objects.filter(findings__kind=Finding.Kind.RECOMMENDATION)
        .order_by()
        .distinct()
        .values_list("pk", "focus_areas")
    )
    focus = Counter(area for _, areas in with_recommendations for area in areas)
    workload = commitments(today.year)
    busiest_ids = sorted(workload, key=lambda pk: -workload[pk][1])[:10]
    busiest_peers = PeerProfile.objects.in_bulk(busiest_ids)
    pool = PeerProfile.objects.aggregate(
        size=Count("pk"),
        stale=Count("pk", filter=Q(trained_on__isnull=True) | Q(trained_on__lt=stale_training_cutoff(today))),
    )
    return {
        "rows": rows,
        "themes": themes,
        "focus": focus.most_common(),
        "actions": Action.objects.aggregate(
            total=Count("pk"), on_track=Count("pk", filter=Q(status__in=["green", "done"]))
        ),
        "due": CheckIn.objects.filter(submitted_at__isnull=True, due__lte=today + timedelta(days=30))
        .select_related("review__authority")
        .exclude(review__stage=Review.Stage.CLOSED),
        "today": today,
        "pool_size": pool["size"],
        "stale": pool["stale"],
        "busiest": [(workload[pk], busiest_peers[pk]) for pk in busiest_ids],
        "scores": Evaluation.objects.values("submitted_at__year")
        .annotate(**{name: Avg(name) for name, _ in Evaluation.QUESTIONS}, n=Count("pk"))
        .order_by("submitted_at__year"),
    }

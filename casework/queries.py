"""Read-side querysets, with query counts that stay flat as data grows."""

from collections import Counter
from datetime import datetime, timedelta

from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db import connection
from django.db.models import (
    Avg,
    Case,
    Count,
    Exists,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    TextField,
    Value,
    When,
    prefetch_related_objects,
)
from django.db.models.functions import Coalesce, Concat
from django.utils import timezone

from reviews.models import (
    EXPECTED_AGENCIES,
    TEAM_ROLES,
    AgencyType,
    CaseExercise,
    Hypothesis,
    Membership,
    Review,
    Role,
    working_days,
)
from teams.models import PeerProfile, PeerRole, TeamSlot
from teams.queries import commitments
from teams.suitability import stale_training_cutoff

from . import drafting
from .checks import run_checks, travel_minutes
from .letter_text import digest, text_hash, version_hash
from .models import (
    Action,
    BriefingPack,
    CalendarFeed,
    ChangeEmail,
    CheckAcknowledgement,
    CheckIn,
    DailySummary,
    Evaluation,
    FactualComment,
    Finding,
    HypothesisEvidence,
    Judgement,
    LetterRender,
    LetterSection,
    Note,
    Participant,
    Programme,
    ProgressReview,
    ProgressUpdate,
    Session,
    SessionDraft,
    SignOff,
    TimetableChange,
    TimetableView,
    TravelTime,
    Venue,
)
from .provenance import Sources

# The on-site week.


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


# The team in the order it is listed in the week: the team leader first, then the other roles in
# the order Role names them (manager, peers, analyst), each by name.
TEAM_ORDER = Case(
    When(role=Role.TEAM_LEADER, then=Value(0)),
    *[When(role=role, then=Value(position)) for position, role in enumerate(Role, start=1)],
)


def team_of(review):
    """The people who can be assigned to sessions: the review team, manager included, leader first."""
    return [
        m.user
        for m in Membership.objects.filter(review=review, role__in=TEAM_ROLES)
        .select_related("user")
        .order_by(TEAM_ORDER, "user__full_name", "pk")
    ]


def travel_table(review):
    return {(t.venue_a_id, t.venue_b_id): t.minutes for t in TravelTime.objects.filter(review=review)}


def venues_of(review):
    return Venue.objects.filter(review=review)


def travel_times_of(review):
    return TravelTime.objects.filter(review=review).select_related("venue_a", "venue_b")


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
    return working_days(review.onsite_start, review.onsite_end)


def grid(days, rows, sessions, key):
    """A table of rows (peers or venues) × days; each cell holds that row's sessions that day."""
    cells = {(row, day): [] for row in rows for day in days}
    for session in sessions:
        for row in key(session):
            if (row, session.day) in cells:
                cells[(row, session.day)].append(session)
    return [(row, [cells[(row, day)] for day in days]) for row in rows]


def programme_settings(review):
    """The timetable's settings; an unsaved default until someone changes them or publishes."""
    return Programme.objects.filter(review=review).first() or Programme(review=review)


def drafts_of(review):
    """Hand changes to the published timetable not yet released, oldest first."""
    return SessionDraft.objects.filter(review=review).select_related("by")


def release_emails_of(review, limit=20):
    """The sent log of released hand changes (a re-plan's emails are listed on its own page)."""
    return ChangeEmail.objects.filter(review=review, plan__isnull=True).order_by("-created_at", "-pk")[:limit]


def warnings_for(review, programme=None, sessions=None):
    sessions = list(sessions if sessions is not None else sessions_of(review))
    return run_checks(
        review, programme or programme_settings(review), sessions, travel_table(review), on_site_days(review)
    )


def who_is_free(review, *, day, starts, ends, venue, exclude=None):
    """For adding a session mid-week: each team member, whether they are free, and their journey there."""
    programme = programme_settings(review)
    travel = travel_table(review)
    sessions = [s for s in sessions_of(review).filter(day=day) if s.pk != getattr(exclude, "pk", None)]
    rows = []
    for person in team_of(review):
        own = sorted((s for s in sessions if person in s.peers.all()), key=lambda s: s.starts)
        busy = [s for s in own if s.starts < ends and starts < s.ends]
        before = [s for s in own if s.ends <= starts]
        journey = (
            travel_minutes(travel, programme.default_travel_minutes, before[-1].venue, venue)
            if before
            else None
        )
        rows.append(
            {
                "person": person,
                "busy": busy,
                "coming_from": before[-1] if before else None,
                "journey": journey,
            }
        )
    return rows


def changes_of(review):
    """The change log of a published timetable, by day, newest first."""
    return TimetableChange.objects.filter(review=review).select_related("by").order_by("day", "-at")


def last_seen(review, user):
    mark = TimetableView.objects.filter(review=review, user=user).first()
    return mark.seen_at if mark else None


def sessions_for(review, user):
    """Peers get their own sessions; the council organiser and the manager get the whole programme."""
    sessions = list(sessions_of(review))
    if user.has_perm("casework.see_participant_names", review):
        return sessions
    return [s for s in sessions if user in s.peers.all()]


def live_calendar_feeds(review, user):
    return CalendarFeed.objects.filter(review=review, user=user, revoked_at__isnull=True)


# Notes and findings.


def participant_names(review):
    """Names of the review's recorded participants, longest first, each with the role to put instead."""
    rows = Participant.objects.filter(session__review=review).exclude(name="").values_list("name", "role")
    found = {}
    for name, role in rows:
        found.setdefault(name.strip(), f"the {role}" if role else "a participant")
    return sorted(found.items(), key=lambda item: -len(item[0]))


def notes_by(review, user):
    """One peer's own notes, drafts included."""
    return (
        Note.objects.filter(review=review, author=user).select_related("session").prefetch_related("themes")
    )


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
        f"Nobody from {agency.in_sentence} has been heard on “{theme.title}”."
        for theme, cells, _ in rows
        for agency, (notes, _sessions) in zip(agencies, cells, strict=True)
        if agency in EXPECTED_AGENCIES and notes == 0
    ]
    return {"agencies": agencies, "rows": rows, "gaps": gaps}


def findings_of(review, agreed_only=False):
    """The findings still standing, in the order the team put them, with what triangulation needs."""
    findings = Finding.objects.agreed() if agreed_only else Finding.objects.live()
    return (
        findings.filter(review=review)
        .select_related("theme", "agreed_by")
        .prefetch_related(
            Prefetch("notes", queryset=Note.objects.shared().only("pk", "session_id", "agency", "author_id"))
        )
        .order_by("theme__number", "position", "pk")
    )


def triangulation(finding):
    """How many distinct sessions, agencies and peers the finding's evidence comes from. Needs notes prefetched."""
    notes = list(finding.notes.all())
    sources = {
        "notes": len(notes),
        "sessions": len({n.session_id for n in notes if n.session_id}),
        "agencies": len({n.agency for n in notes if n.agency}),
        "peers": len({n.author_id for n in notes if n.author_id}),
    }
    sources["single_source"] = sources["notes"] <= 1 or (sources["sessions"] <= 1 and sources["peers"] <= 1)
    return sources


def summaries_of(review):
    return DailySummary.objects.filter(review=review).select_related("by").prefetch_related("findings__theme")


# The letter.


def letter_reviews():
    """Reviews as the letter's pages fetch them: with the letter, the progress review it may follow and whether
    quality assurers are named (`assures_by_default`), all in the one query that checks the viewer's role."""
    return Review.objects.select_related("authority", "letter", "progress_of__original__authority").annotate(
        has_quality_assurer=Exists(
            Membership.objects.filter(review=OuterRef("pk"), role=Role.QUALITY_ASSURER)
        ),
        case_references_text=_case_references_text(),
    )


def _case_references_text():
    """The case exercises' references, one a line, in kind order, for the checks: a review has at most one
    exercise of each kind (a constraint), so one scalar subquery a kind gives them all."""
    exercises = CaseExercise.objects.filter(review=OuterRef("pk")).order_by()
    text = TextField()
    parts = [
        Coalesce(
            Subquery(exercises.filter(kind=kind).values("case_references")[:1]),
            Value("", text),
            output_field=text,
        )
        for kind in sorted(CaseExercise.Kind.values)
    ]
    return Concat(*[part for each in parts for part in (each, Value("\n", text))], output_field=text)


def _letter_sections():
    """The letter's sections with what the checks and provenance read of them."""
    return LetterSection.objects.select_related("theme", "updated_by")


def letter_of(review, *, with_checks=False):
    """The review's letter with what its page reads, each loaded once: sections, PDFs with the council's comments
    and, `with_checks`, the review's themes, the sign-offs and the acknowledged warnings (which the checks and the
    page share)."""
    letter = getattr(review, "letter", None)  # no query when fetched by `letter_reviews`
    if letter is None:
        return None
    letter.review = review  # already fetched, with its council
    prefetch_related_objects(
        [letter],
        Prefetch("sections", queryset=_letter_sections()),
        Prefetch(
            "renders",
            queryset=LetterRender.objects.select_related(
                "requested_by", "sent_for_check_by"
            ).prefetch_related(
                Prefetch("comments", queryset=FactualComment.objects.select_related("by", "section"))
            ),
        ),
    )
    if with_checks:
        prefetch_related_objects([review], "themes")
        prefetch_related_objects(
            [letter],
            Prefetch(
                "sign_offs",
                queryset=SignOff.objects.select_related(
                    "render", "submitted_by", "decided_by"
                ).prefetch_related("comments"),
            ),
            Prefetch("acknowledgements", queryset=CheckAcknowledgement.objects.select_related("by")),
        )
    return letter


def renders_for(user, review, letter):
    """The PDFs of the letter the user may see: the letter's writers and its quality assurer see all; the council,
    those sent to it and the issued one. Reads the renders `letter_of` loaded."""
    renders = letter.renders.all()
    if user.has_perm("casework.edit_letter", review) or user.has_perm("casework.read_letter_checks", review):
        return list(renders)  # the quality assurer reads every draft too
    return [r for r in renders if r.council_may_see or (r.final and r.status == LetterRender.Status.READY)]


agreed_findings = drafting.agreed_findings


def peer_roles_of(review):
    """user id -> their role on the review in words, for provenance: "Health peer" rather than a name."""
    roles = {
        user_id: Role(role).label
        for user_id, role in Membership.objects.filter(review=review).values_list("user_id", "role")
    }
    # A peer's place on the team says more than "Peer": "Health peer", "Police peer".
    roles.update(
        {
            user_id: PeerRole(role).label
            for user_id, role in TeamSlot.objects.filter(review=review, peer__user__isnull=False).values_list(
                "peer__user_id", "role"
            )
        }
    )
    return roles


def letter_sources(letter, *, for_checks=True, with_roles=False):
    """What the letter's checks (or, `for_checks=False, with_roles=True`, its provenance) read, in about a
    dozen queries whatever the number of findings and notes (the query budget tests hold it there)."""
    review = letter.review
    # What `letter_of` already loaded for the letter page is read from there; elsewhere, one query each.
    loaded = getattr(letter, "_prefetched_objects_cache", {})
    sections = list(
        letter.sections.all() if "sections" in loaded else _letter_sections().filter(letter=letter)
    )
    findings = list(
        agreed_findings(review)
        .select_related("theme")
        .prefetch_related(
            Prefetch(
                "notes",
                # What checks and provenance read of a note: never its text.
                queryset=Note.objects.shared()
                .select_related("session")
                .only(
                    "pk",
                    "author_id",
                    "agency",
                    "kind",
                    "created_at",
                    "is_draft",
                    "session__kind",
                    "session__title",
                    "session__day",
                )  # fmt: skip
                .order_by("created_at", "pk"),
                to_attr="source_notes",
            )
        )
    )
    note_ids = {note.pk for f in findings for note in f.source_notes}
    hypotheses_of_note, hypothesis_ids = {}, set()
    for link in HypothesisEvidence.objects.filter(note_id__in=note_ids).select_related("hypothesis"):
        hypotheses_of_note.setdefault(link.note_id, []).append((link.hypothesis, link.stance))
        hypothesis_ids.add(link.hypothesis_id)
    documents_of_hypothesis = {}
    # Documents are for provenance (with the roles); no check reads them.
    for hypothesis_id, title in Hypothesis.documents.through.objects.filter(
        hypothesis_id__in=hypothesis_ids if with_roles else []
    ).values_list("hypothesis_id", "document__title"):
        documents_of_hypothesis.setdefault(hypothesis_id, []).append(title)
    if not for_checks:
        texts = []
    elif "case_references_text" in review.__dict__:  # fetched with the review (`letter_reviews`)
        texts = [review.case_references_text]
    else:
        texts = CaseExercise.objects.filter(review=review).values_list("case_references", flat=True)
    references = [line.strip() for text in texts for line in text.splitlines() if line.strip()]
    pairs = [(s.title, s.body) for s in sections]
    return Sources(
        letter=letter,
        text_hash=text_hash(pairs),
        draft_hash=version_hash(pairs, drafting.letter_people(review)),
        sections=sections,
        themes=list(review.themes.all()),
        findings=findings,
        hypotheses_of_note=hypotheses_of_note,
        documents_of_hypothesis=documents_of_hypothesis,
        peer_roles=peer_roles_of(review) if with_roles else {},
        participant_names=participant_names(review) if for_checks else [],
        case_references=references,
        latest_draft=_latest_draft(letter, loaded) if for_checks else None,
        acknowledgements={
            a.key: a
            for a in (
                letter.acknowledgements.all()
                if "acknowledgements" in loaded
                else CheckAcknowledgement.objects.filter(letter=letter).select_related("by")
            )
        }
        if for_checks
        else {},
    )


def _latest_draft(letter, loaded):
    if "renders" in loaded:
        return max((r for r in letter.renders.all() if not r.final), key=lambda r: r.number, default=None)
    return letter.renders.filter(final=False).order_by("-number").first()


def stale_sections(letter, findings=None):
    """Keys of sections whose findings changed since the section was written. `findings`: the agreed findings,
    when the caller loaded them already (the checks' sources)."""
    planned = {key: body for key, _, _, body in drafting.finding_sections(letter.review, findings)}
    return {
        section.key
        for section in letter.sections.all()
        if section.key in planned and digest(planned[section.key]) != section.source_hash
    }


# Follow-up.


def actions_of(review):
    return review.actions.prefetch_related(
        "recommendations", Prefetch("updates", queryset=ProgressUpdate.objects.select_related("by"))
    )


def checkins_of(review):
    return CheckIn.objects.filter(review=review).select_related("submitted_by").order_by("due")


def evaluation_averages(review):
    return review.evaluations.aggregate(**{name: Avg(name) for name, _ in Evaluation.QUESTIONS})


def has_evaluated(review, user):
    return Evaluation.objects.filter(review=review, user=user).exists()


def role_of(review, user):
    return review.memberships.filter(user=user).values_list("role", flat=True).first()


def programme_figures(today):
    """The programme view's figures, counted in the database so the page costs the same for any size."""
    reviews = Review.objects.order_by().values_list("stage", "onsite_start__year").annotate(n=Count("pk"))
    rows = sorted(
        ((Review.Stage(stage).label, year, n) for stage, year, n in reviews),
        key=lambda row: (str(row[1]), row[0]),
    )
    recommendations = Finding.objects.agreed().recommendations()
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
            total=Count("pk"),
            on_track=Count("pk", filter=Q(status__in=[Action.Status.GREEN, Action.Status.DONE])),
            not_updated=Count("pk", filter=Q(status=Action.Status.NOT_UPDATED)),
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


def briefing_of(review):
    pack = BriefingPack.objects.filter(review=review).prefetch_related("sections").first()
    if pack:
        pack.review = review  # already fetched, with its council
    return pack


def briefing_renders_for(user, review, pack):
    """The PDFs of the briefing pack the user may open: its editors see all, everyone else the shared ones."""
    renders = pack.renders.select_related("requested_by", "shared_by")
    if user.has_perm("casework.edit_briefing", review):
        return list(renders)
    return [r for r in renders if r.is_shared]


def judgements_of(progress):
    """A progress review's recommendations, each with the council's actions on it and their latest updates."""
    return progress.judgements.select_related("recommendation__theme", "judged_by").prefetch_related(
        Prefetch(
            "recommendation__actions",
            queryset=Action.objects.order_by("pk").prefetch_related(
                Prefetch("updates", queryset=ProgressUpdate.objects.order_by("-at", "-pk"))
            ),
        )
    )


def progress_reviews():
    """For the programme view, per council: the original review, its progress review, the verdicts counted."""
    verdict = Judgement.Verdict
    return (
        ProgressReview.objects.select_related("original__authority", "review")
        .annotate(
            met=Count("judgements", filter=Q(judgements__verdict=verdict.MET)),
            partly_met=Count("judgements", filter=Q(judgements__verdict=verdict.PARTLY_MET)),
            not_met=Count("judgements", filter=Q(judgements__verdict=verdict.NOT_MET)),
            not_judged=Count("judgements", filter=Q(judgements__verdict="")),
        )
        .order_by("original__authority__name", "pk")
    )

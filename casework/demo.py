"""A published five-day programme for the demo data, modelled on a real review week (names are fictional)."""

import uuid
from datetime import datetime, time, timedelta

from django.utils import timezone

from reviews.models import TEAM_ROLES
from teams import services as team_services
from teams.models import SlotInvitation

from . import queries
from .models import CheckIn, Finding, Letter, PeerDay, Session, SessionRequest, SignOff, Venue, WeekPlan
from .services import briefing, followup, letter, notes, progress, scheduling, signoff, timetable, voices

VENUES = [
    (
        "Civic Centre",
        "Town Hall Square, Harrowmere",
        "Step-free entrance on Mill Lane. Sign in at reception.",
    ),
    ("Northfield Family Hub", "22 Northfield Road, Harrowmere", "Parking at the rear."),
    (
        "Public Protection Unit",
        "Harrowmere Police Station, Bridge Street",
        "Visitors' passes from the front desk.",
    ),
    ("St Anne's Children's Hospital", "Hospital Way, Harrowmere", "Safeguarding team office, level 2."),
]
TRAVEL = [(0, 1, 25), (0, 2, 15), (0, 3, 30), (1, 2, 35), (1, 3, 45), (2, 3, 30)]
K = Session.Kind
# (day, start, end, kind, title, venue, participants as (role, agency))
WEEK = [
    (0, 9, 10, K.OPENING, "Senior managers from the council and partners", 0,
     [("Director of Children's Services", "social_care"), ("Chief Nurse", "health"), ("Superintendent", "police")]),
    (0, 10.5, 11.5, K.INTERVIEW, "Head of Service, front door", 0, [("Head of Service, Children's Social Care", "social_care")]),
    (0, 13, 14.5, K.FOCUS_GROUP, "Social workers, assessment teams", 1, [("Social worker", "social_care")]),
    (1, 9.5, 10.5, K.INTERVIEW, "Designated nurse and named GP", 3, [("Designated Nurse", "health"), ("Named GP", "health")]),
    (1, 11.5, 12.5, K.INTERVIEW, "Detective Inspector, public protection", 2, [("Detective Inspector", "police")]),
    (1, 14, 15.5, K.OBSERVATION, "Multi-agency referral meeting", 0, [("Team manager", "social_care")]),
    (2, 9.5, 11, K.FOCUS_GROUP, "Head teachers and designated safeguarding leads", 1,
     [("Head teacher", "education"), ("Designated safeguarding lead", "education")]),
    (2, 11.5, 12.5, K.INTERVIEW, "Lead member for children", 0, [("Lead member for children", "members")]),
    (2, 14, 15, K.SITE_VISIT, "Early help hub", 1, [("Early help coordinator", "early_help")]),
    (3, 9.5, 11, K.CASE_DISCUSSION, "Case mapping follow-up", 0, [("Independent reviewing officer", "social_care")]),
    (3, 11.5, 12.5, K.FOCUS_GROUP, "Voluntary sector partners", 1, [("Chief executive, youth charity", "voluntary")]),
    (3, 14, 15, K.INTERVIEW, "LSCB independent chair", 0, [("Independent chair, LSCB", "lscb")]),
    (4, 10, 11.5, K.PRESENTATION, "Feedback to senior managers", 0, [("Director of Children's Services", "social_care")]),
    (4, 13, 15, K.WORKSHOP, "Feedback and prioritisation workshop", 0,
     [("Partnership managers", "social_care"), ("Health leads", "health"), ("Police leads", "police")]),
]  # fmt: skip


def _at(hours):
    return time(int(hours), int(round((hours % 1) * 60)))


def load_programme(review, manager):
    """Venues, travel times and a published week, once."""
    if review.sessions.exists() or not review.onsite_start:
        return
    venues = [
        Venue.objects.create(review=review, name=n, address=a, access_notes=notes) for n, a, notes in VENUES
    ]
    for a, b, minutes in TRAVEL:
        timetable.set_travel_time(review, venue_a=venues[a], venue_b=venues[b], minutes=minutes)
    team = [
        m.user for m in review.memberships.filter(role__in=TEAM_ROLES).select_related("user").order_by("role")
    ]
    themes = list(review.themes.all())
    days = [review.onsite_start + timedelta(days=i) for i in range(5)]

    def add(day, start, end, kind, title, venue, people, peers):
        session = timetable.save_session(
            review,
            Session(review=review),
            fields={"kind": kind, "title": title, "day": days[day], "starts": _at(start), "ends": _at(end),
                    "venue": venues[venue] if venue is not None else None,
                    "focus_areas": review.focus_areas[: (day % 2) + 1]},
            peers=peers, themes=themes[day % len(themes):][:2], by=manager,
        )  # fmt: skip
        for role, agency in people:
            timetable.add_participant(session, by=manager, role=role, agency=agency)

    for index, (day, start, end, kind, title, venue, people) in enumerate(WEEK):
        whole_team = kind in (K.OPENING, K.PRESENTATION, K.WORKSHOP)
        add(
            day, start, end, kind, title, venue, people, team if whole_team else team[index % len(team) :][:2]
        )
    for day in range(5):
        add(
            day,
            16.5,
            17,
            K.CATCH_UP,
            "No surprises catch-up",
            0,
            [("Director of Children's Services", "social_care")],
            team[:1],
        )
        add(day, 17, 17.75, K.REFLECTION, "Team reflection", 0, [], team)
    timetable.publish_timetable(review, by=manager, acknowledged=True)


NOTES = [
    ("social_care", "strength", 1, "Social workers describe a clear, well understood threshold document used by every agency."),
    ("social_care", "development", 1, "Recording of the child's own words is inconsistent; several plans describe needs without the child's view."),
    ("health", "strength", 3, "Health visitors attend initial child protection conferences and feel their views are heard."),
    ("health", "development", 3, "GPs rarely receive the outcome of referrals they make."),
    ("police", "practice", 3, "Strategy discussions happen within a day; police and social care sit in the same office."),
    ("education", "development", 3, "Schools are not consistently invited to strategy discussions out of term time."),
    ("education", "quote", 3, "\"We hear about it afterwards, when the child is already back in class.\""),
    ("social_care", "evidence", 2, "Re-referrals within 12 months fell from 24% to 17% over the year."),
    ("social_care", "development", 2, "Managers know the performance data but frontline staff say they rarely see it."),
    ("voluntary", "strength", 4, "The voluntary sector values the early help hub and its shared referral form."),
    ("social_care", "development", 4, "Agency staff make up a third of the assessment team; caseloads are high."),
    ("social_care", "strength", 5, "Leaders are visible: staff name the director's monthly open sessions as valued."),
    ("health", "strength", 5, "The health and wellbeing board and the LSCB share priorities and a joint plan."),
    ("early_help", "practice", 1, "Early help workers use a shared assessment that families say they understand."),
]  # fmt: skip
FINDINGS = {
    1: [("strength", "Thresholds are clear and shared across agencies."),
        ("recommendation", "Make the child's voice visible in every plan and review.")],
    2: [("strength", "Re-referral rates have fallen markedly."),
        ("consideration", "Share performance information with frontline staff, not only managers.")],
    3: [("strength", "Strategy discussions are timely and well attended by police and social care."),
        ("recommendation", "Involve schools in every child protection strategy discussion, in and out of term.")],
    4: [("consideration", "Reduce reliance on agency staff in the assessment teams."),
        ("recommendation", "Build a permanent workforce in the assessment teams within a year.")],
    5: [("strength", "Leadership is visible and trusted by frontline staff.")],
}  # fmt: skip


def load_notes(review, people):
    """A week of fictional, non-attributable notes, agreed findings under every theme, and two daily summaries."""
    if review.notes.exists() or not review.sessions.exists():
        return
    manager = people["manager@example.org"]
    writers = [people[e] for e in ["peer@example.org", "analyst@example.org", "leader@example.org"]]
    themes = {theme.number: theme for theme in review.themes.all()}
    sessions = list(review.sessions.exclude(kind__in=["catch_up", "reflection"]))
    notes_by_theme = {}
    for index, (agency, kind, number, text) in enumerate(NOTES):
        note = notes.save_note(
            review, author=writers[index % 3], client_id=uuid.uuid4(), text=text, draft=False,
            session=sessions[index % len(sessions)], kind=kind, agency=agency, themes=[themes[number]],
        )  # fmt: skip
        notes_by_theme.setdefault(number, []).append(note)
    for number, findings in FINDINGS.items():
        for kind, text in findings:
            finding = notes.save_finding(
                review, Finding(review=review),
                fields={"theme": themes[number], "kind": kind, "text": text,
                        "priority": "high" if kind == "recommendation" else ""},
                notes=notes_by_theme.get(number, []), by=people["leader@example.org"],
            )  # fmt: skip
            notes.set_agreed(finding, agreed=True, by=people["leader@example.org"])
    days = sorted({s.day for s in review.sessions.all()})
    notes.share_daily_summary(
        review, day=days[0], by=manager, findings=list(review.findings.filter(theme=themes[1])),
        text="Thresholds are well understood across agencies. The team is exploring how the child's voice is recorded.",
    )  # fmt: skip
    notes.share_daily_summary(
        review, day=days[1], by=manager, findings=[],
        text="Strong police and social care joint working. Schools' involvement in strategy discussions is a theme to test.",
    )  # fmt: skip


def load_issued_letter(review, people):
    """An issued letter for a review in follow-up, made from a few agreed findings, once."""
    if Letter.objects.filter(review=review).exists():
        return
    leader = people["manager@example.org"]
    themes = {theme.number: theme for theme in review.themes.all()}
    for number, findings in FINDINGS.items():
        for kind, text in findings:
            finding = notes.save_finding(
                review, Finding(review=review),
                fields={"theme": themes[number], "kind": kind, "text": text,
                        "priority": "medium" if kind == "recommendation" else ""},
                notes=[], by=leader,
            )  # fmt: skip
            notes.set_agreed(finding, agreed=True, by=leader)
    draft = letter.create_letter(review, by=leader)
    # History before the demo starts: this letter was issued before the letter's checks and sign-off
    # existed, so it goes straight to issue, its approval recorded as the programme's assurer gave it.
    sources = queries.letter_sources(draft)
    SignOff.objects.create(
        letter=draft, final=True, text_hash=sources.text_hash, state=SignOff.State.APPROVED,
        submitted_by=leader, decided_by=people["manager@example.org"], decided_at=timezone.now(),
    )  # fmt: skip
    letter._issue(draft, sources, by=leader)
    _follow_up(review, people)


def _follow_up(review, people):
    """Date the letter six weeks after the visit, and show actions in several states and a submitted check-in."""
    issued_on = review.onsite_end + timedelta(weeks=6)
    Letter.objects.filter(review=review).update(
        issued_at=timezone.make_aware(datetime.combine(issued_on, time(10)))
    )
    CheckIn.objects.filter(review=review).delete()
    followup.start_followup(review, issued_on)
    organiser = next(m.user for m in review.memberships.select_related("user") if m.role == "council_sponsor")
    owners = [
        ("Head of Service", "Children's social care"),
        ("Designated Nurse", "Health"),
        ("Head of Education", "Schools"),
    ]
    statuses = ["green", "amber", "done", "red", "green"]
    for index, action in enumerate(review.actions.all()):
        name, role = owners[index % len(owners)]
        action.owner_name, action.owner_role = name, role
        action.target_date = issued_on + timedelta(weeks=20 + 4 * index)
        action.save()
        followup.add_progress(
            action, by=organiser, status=statuses[index % len(statuses)],
            text=["Plan agreed at the partnership board.", "Recruitment slower than hoped.", "Completed and embedded.",
                  "Stalled while the service is restructured.", "First audit shows improvement."][index % 5],
        )  # fmt: skip
    first = review.checkins.order_by("months").first()
    followup.submit_checkin(
        first, by=organiser, overall="on_track",
        what_changed="Every recommendation has an owner and a date; the partnership board reviews progress monthly.",
        what_is_stuck="Recruitment of permanent social workers.", support_wanted="A peer conversation on recruitment.",
    )  # fmt: skip


def load_briefing(review, organiser):
    """The council's briefing pack for its staff and partners, drafted from the review (not yet shared)."""
    briefing.create_pack(review, by=organiser)


# Fictional answers from children, young people and families; one names the demo's family support worker,
# whom the team sees masked.
FAMILY_ANSWERS = [
    ("young_person", "yes", "yes", "yes", "My social worker comes when she says she will.", ""),
    ("young_person", "sometimes", "yes", "not_sure", "", "Tell me sooner when my worker changes."),
    ("young_person", "no", "sometimes", "yes", "", "Ask me before meetings about me, not after."),
    ("young_person", "yes", "yes", "yes", "The after-school club is a safe place.", ""),
    ("young_person", "sometimes", "not_sure", "no", "", ""),
    ("parent_carer", "yes", "yes", "yes", "Kerry Dunmore explained everything in plain words.", ""),
    ("parent_carer", "sometimes", "sometimes", "yes", "", "Fewer different workers, please."),
]


def load_family_feedback(review, manager):
    """The young people's form, open, with 7 answers (enough to show): one names a recorded participant."""
    if hasattr(review, "family_feedback"):
        return
    session = review.sessions.exclude(kind__in=["catch_up", "reflection"]).first()
    if session is not None:
        timetable.add_participant(
            session, by=manager, role="Family support worker", agency="early_help", name="Kerry Dunmore"
        )
    feedback = voices.open_family_feedback(
        review,
        closes_on=timezone.localdate() + timedelta(weeks=4),
        help_contact="Call Harrowmere Children's Advice Line on 0300 555 0199 (any time), "
        "Childline free on 0800 1111, or 999 in an emergency.",
        by=manager,
    )
    fields = ["who", "listened_to", "feel_safer", "know_who_to_tell", "what_is_good", "what_would_help"]
    for row in FAMILY_ANSWERS:
        voices.submit_family_answer(feedback, **dict(zip(fields, row, strict=True)))


def load_progress_review(original, manager):
    """A progress review underway for a review in follow-up: a two-day visit, the original team invited first,
    and two of the original recommendations judged so far."""
    if original.progress_reviews.exists() or original.stage != original.Stage.FOLLOW_UP:
        return
    today = timezone.localdate()
    started, _ = progress.start_progress_review(
        original,
        onsite_start=today + timedelta(weeks=6, days=7 - today.weekday()),
        onsite_days=2,
        team=[(slot.role, slot.peer) for slot in progress.original_team(original)],
        by=manager,
    )
    verdicts = [
        ("met", "Schools now attend every strategy discussion; the team saw it in the records it read."),
        (
            "partly_met",
            "Plans record the child's words more often, but not yet what changed because of them.",
        ),
    ]
    # One of the original team has already said yes (which also keeps the pool demo from seating a new team).
    invitation = SlotInvitation.objects.filter(
        slot__review=started.review, status=SlotInvitation.Status.PENDING, peer__user__isnull=False
    ).first()
    if invitation is not None:
        team_services.accept_place(invitation, user=invitation.peer.user)
    for judgement, (verdict, found) in zip(started.judgements.all(), verdicts, strict=False):
        progress.record_judgement(judgement, verdict=verdict, what_we_found=found, by=manager)


# (title, kind, minutes, agency, participants, priority, part-days as (day, "am"/"pm"), venue index or None)
REQUESTS = [
    ("Police child protection team", "focus_group", 90, "police", "Detective constables and sergeants", 3,
     [(3, "am")], 2),
    ("School nurses", "focus_group", 60, "health", "School nurses", 3, [(2, "am"), (3, "am")], 3),
    ("Youth offending service", "interview", 60, "social_care", "Youth offending team manager", 2, [], None),
    ("Care leavers' forum", "focus_group", 90, "voluntary", "Care leavers and their advocate", 1,
     [(3, "pm")], 1),
]  # fmt: skip


def load_week_plan(review, manager):
    """Requests the organiser added after the week was published, the solver's re-plan around the
    hand-built week, and that re-plan accepted and released: a new user sees the solver at work."""
    if review.session_requests.exists() or not review.sessions.exists():
        return
    days = [review.onsite_start + timedelta(days=i) for i in range(5)]
    venues = list(review.venues.order_by("pk"))
    Venue.objects.filter(pk=venues[0].pk).update(rooms=3)  # the Civic Centre has several meeting rooms
    for title, kind, minutes, agency, people, priority, parts, venue in REQUESTS:
        ask = SessionRequest.objects.create(
            review=review, title=title, kind=kind, minutes=minutes, agency=agency, participant_role=people,
            priority=priority, windows=[f"{days[d].isoformat()} {part}" for d, part in parts],
            created_by=manager,
        )  # fmt: skip
        if venue is not None:
            ask.venues.set([venues[venue]])
        ask.themes.set(list(review.themes.all())[:2])
    analyst = review.memberships.filter(role="analyst_peer").select_related("user").first()
    if analyst:
        PeerDay.objects.create(
            review=review, peer=analyst.user, day=days[0], arrives=time(11), note="Train from London"
        )
    plan = WeekPlan.objects.create(review=review, replan=True, requested_by=manager, time_limit=5)
    scheduling.run_week_plan(plan.pk)
    scheduling.accept_week_plan(plan, by=manager)


def load_draft_letter(review, people):
    """A draft letter waiting for the quality assurer: one warning acknowledged with a reason, a draft PDF
    version submitted for sign-off by the team leader. Once."""
    if Letter.objects.filter(review=review).exists() or not review.findings.exists():
        return
    leader = people["leader@example.org"]
    draft = letter.create_letter(review, by=leader)
    draft.review = review
    # The draft's one warning (a recommendation that names no owner) is acknowledged with a reason.
    _, result = signoff.checks_of(draft)
    for problem, _ in result.warnings[:1]:
        signoff.acknowledge_warning(
            draft, key=problem.key, by=leader,
            reason="The whole partnership owns this one: the council will name a lead in its action plan.",
        )  # fmt: skip
    # The PDF is made here, as the worker would; the job queued for it finds it made and does nothing.
    render = letter.render_letter_pdf(letter.request_render(draft, by=leader).pk) or draft.renders.first()
    _, result = signoff.checks_of(draft)
    if result.clear:
        signoff.submit_for_sign_off(draft, by=leader, render=render)

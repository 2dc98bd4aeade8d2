"""A large, realistic programme built fast for the benchmark: bulk inserts and a fixed random seed.

Scale 1 is 150 councils, 300 reviews spread over every stage, a pool of 5,000 peers,
a team for every review past scoping, 80 sessions for each review that reached the
timetable, 2,000 notes and 60 findings for each of 20 reviews on site or later,
100 small documents for each review past scoping, and action plans and check-ins for
reviews in follow-up. Every count is multiplied by the scale (at least one of each).

Reviews are started through the same service a manager's form uses, so each has
its framework, plan and manager exactly as in real use; the volume is bulk-inserted.
"""

import hashlib
import random
import uuid
from contextlib import suppress
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import DatabaseError, connection
from django.utils import timezone

from reviews import services as review_services
from reviews.models import (
    AgencyType,
    Authority,
    Category,
    Document,
    DocumentRequest,
    DocumentVersion,
    Hypothesis,
    Membership,
    Milestone,
    Review,
    ReviewTheme,
    Role,
    SelfEvaluation,
    SelfEvaluationEntry,
)
from teams.models import (
    STANDARD_SLOTS,
    DeclaredConflict,
    Expertise,
    PeerCapability,
    PeerProfile,
    PeerRole,
    SlotInvitation,
    TeamSlot,
    Unavailability,
)

from ..models import (
    Action,
    CheckIn,
    Finding,
    Letter,
    Note,
    Participant,
    Programme,
    ProgressUpdate,
    Session,
    TravelTime,
    Venue,
)
from ..services import followup
from ..services import letter as letter_service

PASSWORD = "bench-password-2026"
SEED = 2026
S = Review.Stage
STAGES = list(S)
# Weeks from this week's Monday to a review's on-site week, by stage.
WEEKS_AWAY = {S.SCOPING: 12, S.TEAM: 8, S.PREPARATION: 3, S.ON_SITE: 0, S.LETTER: -4, S.FOLLOW_UP: -20}
WEEKS_AWAY[S.CLOSED] = -60
AT_LEAST = {stage: STAGES[STAGES.index(stage) :] for stage in STAGES}
PLACES = ["Ash", "Birch", "Cedar", "Elm", "Hazel", "Holly", "Lime", "Oak", "Rowan", "Willow", "Yew", "Alder"]
ENDINGS = [
    "ford",
    "ham",
    "bury",
    "ton",
    "field",
    "mere",
    "ley",
    "wick",
    "stow",
    "worth",
    "combe",
    "by",
    "dale",
]
FIRST = [
    "Alex",
    "Sam",
    "Jo",
    "Priya",
    "Tom",
    "Aisha",
    "Grace",
    "Owen",
    "Maya",
    "Ravi",
    "Ellen",
    "Kofi",
    "Ines",
]
LAST = ["Ellis", "Okafor", "Shah", "Byrne", "Lindqvist", "Hughes", "Patel", "Reid", "Nowak", "Evans", "Khan"]
SENTENCES = [
    "Partners describe a shared understanding of thresholds at the front door.",
    "Social workers say caseloads have fallen and supervision is regular and reflective.",
    "Schools are not always invited to strategy discussions, and say they find out late.",
    "Health visitors report good joint working with early help in two of the three localities.",
    "Managers use performance data weekly, but frontline staff rarely see it.",
    "Young people on the council said they were listened to about their care plans.",
    "Police and social care hold joint strategy meetings the same day for urgent referrals.",
    "Audits show plans are clear about risk, less clear about what will change for the child.",
]
CAPABILITY_WEIGHTS = {
    PeerRole.MEMBER_PEER: 6, PeerRole.OFFICER_PEER: 30, PeerRole.HEALTH_PEER: 15, PeerRole.POLICE_PEER: 8,
    PeerRole.VOLUNTARY_PEER: 6, PeerRole.ANALYST_PEER: 10, PeerRole.TEAM_LEADER: 15, PeerRole.SPECIALIST: 10,
}  # fmt: skip
ORGANISATION = {
    PeerRole.HEALTH_PEER: PeerProfile.OrganisationType.HEALTH,
    PeerRole.POLICE_PEER: PeerProfile.OrganisationType.POLICE,
    PeerRole.VOLUNTARY_PEER: PeerProfile.OrganisationType.VOLUNTARY,
}
BATCH = 2000


@dataclass
class Cast:
    """Who and what the benchmark asks for pages as, picked from the data it built."""

    scale: float
    counts: dict = field(default_factory=dict)
    manager: object = None
    people: dict = field(default_factory=dict)  # role name -> a person on the on-site review
    reviews: dict = field(default_factory=dict)  # what for -> review
    peers_on_site: list = field(default_factory=list)  # (user, review) for the notes load


class Builder:
    def __init__(self, scale, media_root):
        self.scale = scale
        self.rng = random.Random(SEED)
        self.media_root = Path(media_root)
        self.today = timezone.localdate()
        self.monday = self.today - timedelta(days=self.today.weekday())
        self.now = timezone.now()
        self.password = make_password(PASSWORD)
        self.user_number = 0
        self.cast = Cast(scale=scale)

    def n(self, count):
        return max(1, round(count * self.scale))

    def sentence(self, words=2):
        return " ".join(self.rng.sample(SENTENCES, words))

    def users(self, rows, **flags):
        User = get_user_model()
        made = []
        for full_name in rows:
            self.user_number += 1
            slug = full_name.lower().replace(" ", ".").replace("'", "")
            made.append(
                User(
                    email=f"{slug}.{self.user_number}@bench.example",
                    full_name=full_name,
                    password=self.password,
                    **flags,
                )
            )
        return User.objects.bulk_create(made, batch_size=BATCH)

    def person_name(self):
        return f"{self.rng.choice(FIRST)} {self.rng.choice(LAST)}"

    def build(self):
        self.councils()
        self.pool()
        self.reviews()
        self.teams()
        self.documents()
        self.preparation()
        self.timetables()
        self.notes_and_findings()
        self.letters_and_follow_up()
        self.cast.counts = {
            "councils": Authority.objects.count(),
            "reviews": Review.objects.count(),
            "peers": PeerProfile.objects.count(),
            "sessions": Session.objects.count(),
            "notes": Note.objects.count(),
            "findings": Finding.objects.count(),
            "documents": Document.objects.count(),
            "actions": Action.objects.count(),
        }
        return self.cast

    def councils(self):
        names = set()
        while len(names) < self.n(150):
            names.add(f"{self.rng.choice(PLACES)}{self.rng.choice(ENDINGS)} {len(names) + 1} Council")
        regions = list(Authority.Region.values)
        kinds = list(Authority.Kind.values)
        self.authorities = Authority.objects.bulk_create(
            Authority(name=name, kind=self.rng.choice(kinds), region=regions[i % len(regions)])
            for i, name in enumerate(sorted(names))
        )
        # Each council neighbours the next one in its region.
        through = Authority.neighbours.through
        pairs = zip(self.authorities, self.authorities[len(regions) :], strict=False)
        through.objects.bulk_create(
            [through(from_authority=a, to_authority=b) for a, b in pairs]
            + [through(from_authority=b, to_authority=a) for a, b in pairs]
        )

    def pool(self):
        managers = self.users([self.person_name() for _ in range(self.n(10))], is_review_manager=True)
        self.managers = managers
        self.cast.manager = managers[0]
        expertise = list(Expertise.objects.all())
        peer_users = self.users([self.person_name() for _ in range(self.n(5000))])
        roles, weights = zip(*CAPABILITY_WEIGHTS.items(), strict=True)
        profiles, first_roles = [], []
        for user in [*managers, *peer_users]:
            role = PeerRole.REVIEW_MANAGER if user.is_review_manager else self.rng.choices(roles, weights)[0]
            home = self.rng.choice(self.authorities)
            first_roles.append(role)
            profiles.append(
                PeerProfile(
                    full_name=user.full_name,
                    email=user.email,
                    user=user,
                    job_title="Head of Service" if role == PeerRole.OFFICER_PEER else "Practice lead",
                    organisation=home.name,
                    organisation_type=ORGANISATION.get(role, PeerProfile.OrganisationType.COUNCIL),
                    home_authority=home,
                    region=home.region,
                    trained_on=self.today - timedelta(days=self.rng.randrange(30, 2000)),
                    accreditation=self.rng.choice(["accredited"] * 8 + ["in_training", "lapsed"]),
                )
            )
        self.profiles = PeerProfile.objects.bulk_create(profiles, batch_size=BATCH)
        self.by_capability = {role: [] for role in PeerRole}
        capabilities, tags = [], []
        through = PeerProfile.expertise.through
        for profile, role in zip(self.profiles, first_roles, strict=True):
            held = {role, *self.rng.sample(roles, self.rng.choice([0, 0, 1]))}
            for each in held:
                capabilities.append(PeerCapability(peer=profile, role=each))
                self.by_capability[each].append(profile)
            tags += [through(peerprofile=profile, expertise=e) for e in self.rng.sample(expertise, 2)]
        PeerCapability.objects.bulk_create(capabilities, batch_size=BATCH)
        through.objects.bulk_create(tags, batch_size=BATCH)
        Unavailability.objects.bulk_create(
            (
                Unavailability(peer=p, starts=(start := self.monday + timedelta(days=self.rng.randrange(-60, 120))),
                               ends=start + timedelta(days=self.rng.randrange(1, 15)), note="Leave")
                for p in self.rng.sample(self.profiles, len(self.profiles) // 10)
            ),
            batch_size=BATCH,
        )  # fmt: skip
        DeclaredConflict.objects.bulk_create(
            DeclaredConflict(peer=p, authority=self.rng.choice(self.authorities), reason="Worked there until 2024")
            for p in self.rng.sample(self.profiles, len(self.profiles) // 50)
        )  # fmt: skip

    def reviews(self):
        self.all_reviews = []
        council_users = []
        for authority in self.authorities:
            council_users += [
                f"Director of Children's Services {authority.pk}",
                f"Review organiser {authority.pk}",
            ]
        council_users = self.users(council_users)
        self.council_people = {
            a.pk: (council_users[2 * i], council_users[2 * i + 1]) for i, a in enumerate(self.authorities)
        }
        for i in range(max(len(STAGES), self.n(300))):  # at least one review in every stage
            stage = STAGES[i % len(STAGES)]
            weeks = WEEKS_AWAY[stage] + (i // len(STAGES)) % 4 * (1 if WEEKS_AWAY[stage] > 0 else -1)
            authority = self.authorities[i % len(self.authorities)]
            review = review_services.create_review(
                authority=authority,
                created_by=self.managers[i % len(self.managers)],
                purpose=f"To help {authority.name} see how well children are kept safe.",
                focus_areas=self.rng.sample(
                    ["Looked-after children", "Early help", "The front door and referrals"], 2
                ),
                onsite_start=self.monday + timedelta(weeks=weeks),
            )
            review.stage = stage
            self.all_reviews.append(review)
        for stage in STAGES:
            chosen = [r.pk for r in self.all_reviews if r.stage == stage]
            Review.objects.filter(pk__in=chosen).update(
                stage=stage, scope_status="agreed" if stage != S.SCOPING else "sent"
            )
        Milestone.objects.filter(due__lt=self.today).update(done_at=self.now, done_by=self.cast.manager)
        memberships = []
        for review in self.all_reviews:
            sponsor, organiser = self.council_people[review.authority_id]
            memberships += [
                Membership(review=review, user=sponsor, role=Role.COUNCIL_SPONSOR),
                Membership(review=review, user=organiser, role=Role.COUNCIL_ORGANISER),
            ]
        Membership.objects.bulk_create(memberships, batch_size=BATCH)
        self.themes = {}
        for theme in ReviewTheme.objects.prefetch_related("lines"):
            self.themes.setdefault(theme.review_id, []).append(theme)

    def reviews_at(self, *stages):
        return [r for r in self.all_reviews if r.stage in stages]

    def teams(self):
        """Seven places for every review past scoping: filled, or half filled and asked while in "team"."""
        slots, memberships, invitations = [], [], []
        self.team = {}
        manager_profile = {p.user_id: p for p in self.profiles[: len(self.managers)]}
        for review in self.reviews_at(*AT_LEAST[S.TEAM]):
            chosen = set()
            team = []
            for position, role in enumerate(STANDARD_SLOTS):
                if role == PeerRole.REVIEW_MANAGER:
                    peer = manager_profile[review.created_by_id]
                else:
                    peer = self.rng.choice(self.by_capability[role])
                    while peer.pk in chosen or peer.home_authority_id == review.authority_id:
                        peer = self.rng.choice(self.by_capability[role])
                chosen.add(peer.pk)
                filled = review.stage != S.TEAM or position < 4
                slot = TeamSlot(review=review, role=role, position=position, peer=peer if filled else None)
                slots.append(slot)
                if filled:
                    team.append((peer.user, role))
                    if role != PeerRole.REVIEW_MANAGER:
                        memberships.append(Membership(review=review, user=peer.user, role=role.review_role))
                elif position == 4:
                    invitations.append((slot, peer))
            self.team[review.pk] = team
        TeamSlot.objects.bulk_create(slots, batch_size=BATCH)
        Membership.objects.bulk_create(memberships, batch_size=BATCH)
        SlotInvitation.objects.bulk_create(
            SlotInvitation(slot=slot, peer=peer, invited_by=self.cast.manager, sent_at=self.now)
            for slot, peer in invitations
        )

    def documents(self):
        """A library of small real files for every review past scoping."""
        documents, versions, requests = [], [], []
        categories = list(Category.values)
        for review in self.reviews_at(*AT_LEAST[S.TEAM]):
            requests += [
                DocumentRequest(
                    review=review,
                    title=f"Requested item {k + 1}",
                    category=categories[k % 7],
                    due=(review.onsite_start or self.now.date()) - timedelta(weeks=4),
                )
                for k in range(self.n(10))
            ]
            for k in range(self.n(100)):
                documents.append(
                    Document(
                        review=review,
                        title=f"{Category(categories[k % 7]).label} {k + 1:03d}",
                        category=categories[k % 7],
                        description="Supplied by the council before the visit.",
                        created_at=self.now - timedelta(days=self.rng.randrange(1, 60)),
                    )
                )
        DocumentRequest.objects.bulk_create(requests, batch_size=BATCH)
        Document.objects.bulk_create(documents, batch_size=BATCH)
        through = Document.themes.through
        links = []
        organiser = {r.pk: self.council_people[r.authority_id][1] for r in self.all_reviews}
        for document in documents:
            content = f"indicator,value\nreferrals,{self.rng.randrange(100, 900)}\n".encode() * 20
            # Through the storage API, like every stored file: the local folder, or the object store.
            path = default_storage.save(
                f"reviews/{document.review_id}/{uuid.UUID(int=self.rng.getrandbits(128)).hex}",
                ContentFile(content),
            )
            versions.append(
                DocumentVersion(
                    document=document, number=1, file=path, original_name=f"{document.title}.csv",
                    content_type="text/csv", size=len(content), sha256=hashlib.sha256(content).hexdigest(),
                    uploaded_by=organiser[document.review_id], uploaded_at=document.created_at,
                )
            )  # fmt: skip
            links.append(
                through(document=document, reviewtheme=self.rng.choice(self.themes[document.review_id]))
            )
        DocumentVersion.objects.bulk_create(versions, batch_size=BATCH)
        through.objects.bulk_create(links, batch_size=BATCH)

    def preparation(self):
        """The council's self-evaluation and the analyst's hypotheses, from preparation on."""
        entries, hypotheses = [], []
        for review in self.reviews_at(*AT_LEAST[S.PREPARATION]):
            evaluation = SelfEvaluation.objects.create(
                review=review, status="submitted", submitted_at=self.now,
                submitted_by=self.council_people[review.authority_id][1],
            )  # fmt: skip
            for theme in self.themes[review.pk]:
                entries.append(
                    SelfEvaluationEntry(
                        self_evaluation=evaluation, theme=theme, grade=self.rng.randint(1, 4),
                        strengths=self.sentence(), areas_for_development=self.sentence(), evidence=self.sentence(1),
                    )
                )  # fmt: skip
                hypotheses.append(Hypothesis(review=review, theme=theme, statement=self.sentence(1)))
        SelfEvaluationEntry.objects.bulk_create(entries, batch_size=BATCH)
        Hypothesis.objects.bulk_create(hypotheses, batch_size=BATCH)

    def timetables(self):
        """Sessions over the five on-site days, four at a time, for reviews that reached the timetable."""
        venues, travel, sessions, session_peers, session_themes, participants = [], [], [], [], [], []
        self.sessions = {}
        kinds = ["interview"] * 5 + ["focus_group"] * 3 + ["observation", "case_discussion", "site_visit"]
        agencies = list(AgencyType.values)
        reviews = self.reviews_at(*AT_LEAST[S.PREPARATION])
        Programme.objects.bulk_create(
            Programme(review=r, published_at=self.now if r.stage != S.PREPARATION else None,
                      published_by=self.cast.manager)
            for r in reviews
        )  # fmt: skip
        for review in reviews:
            here = [Venue(review=review, name=f"Venue {k + 1}", address="Town Hall Square") for k in range(4)]
            venues += here
            start = review.onsite_start
            days = [start + timedelta(days=d) for d in range(7) if (start + timedelta(days=d)).weekday() < 5]
            team_users = [user for user, _ in self.team[review.pk]]
            mine = []
            for k in range(self.n(80)):
                day, slot, track = days[k // 16 % 5], k % 16 // 4, k % 4
                hour = [9, 10, 13, 14][slot]
                session = Session(
                    review=review, kind=self.rng.choice(kinds), title=f"Session {k + 1}", day=day,
                    starts=time(hour, 30 if slot % 2 else 0), ends=time(hour + 1, 30 if slot % 2 else 0),
                    venue=here[track], focus_areas=review.focus_areas[:1],
                )  # fmt: skip
                mine.append(session)
                session_peers += [(session, team_users[(track * 2 + j) % len(team_users)]) for j in range(2)]
                session_themes.append((session, self.rng.choice(self.themes[review.pk])))
                participants += [
                    Participant(session=session, role="Team manager", agency=self.rng.choice(agencies)),
                    Participant(session=session, role="Social worker", agency="social_care",
                                name=self.person_name() if k % 5 == 0 else ""),
                ]  # fmt: skip
            self.sessions[review.pk] = mine
            sessions += mine
        Venue.objects.bulk_create(venues, batch_size=BATCH)
        for k in range(0, len(venues), 4):
            here = venues[k : k + 4]
            travel += [
                TravelTime(review_id=here[0].review_id, venue_a=a, venue_b=b, minutes=20)
                for i, a in enumerate(here) for b in here[i + 1 :]
            ]  # fmt: skip
        TravelTime.objects.bulk_create(travel, batch_size=BATCH)
        Session.objects.bulk_create(sessions, batch_size=BATCH)
        Participant.objects.bulk_create(participants, batch_size=BATCH)
        Session.peers.through.objects.bulk_create(
            (Session.peers.through(session=s, user=u) for s, u in session_peers), batch_size=BATCH
        )
        Session.themes.through.objects.bulk_create(
            (Session.themes.through(session=s, reviewtheme=t) for s, t in session_themes), batch_size=BATCH
        )

    def notes_and_findings(self):
        """Notes and findings for the reviews most written about; a short list of findings for the rest."""
        # At least one review in each of those stages, however small the scale.
        cohort = self.reviews_at(S.ON_SITE, S.LETTER, S.FOLLOW_UP, S.CLOSED)[: max(4, self.n(20))]
        self.cohort = cohort
        notes, note_themes, note_lines = [], [], []
        kinds, agencies = list(Note.Kind.values), list(AgencyType.values)
        for review in cohort:
            authors = [user for user, role in self.team[review.pk] if role != PeerRole.REVIEW_MANAGER]
            sessions = self.sessions[review.pk]
            for k in range(self.n(2000)):
                session = self.rng.choice(sessions)
                theme = self.rng.choice(self.themes[review.pk])
                note = Note(
                    review=review, session=session, author=self.rng.choice(authors), text=self.sentence(3),
                    kind=self.rng.choice(kinds), agency=self.rng.choice(agencies), is_draft=k % 20 == 0,
                    client_id=uuid.UUID(int=self.rng.getrandbits(128), version=4),
                    created_at=timezone.make_aware(datetime.combine(session.day, session.ends)),
                )  # fmt: skip
                note.updated_at = note.created_at
                notes.append(note)
                note_themes.append((note, theme))
                if theme.lines.all():
                    note_lines.append((note, self.rng.choice(theme.lines.all())))
        Note.objects.bulk_create(notes, batch_size=BATCH)
        Note.themes.through.objects.bulk_create(
            (Note.themes.through(note=n, reviewtheme=t) for n, t in note_themes), batch_size=BATCH
        )
        Note.lines.through.objects.bulk_create(
            (Note.lines.through(note=n, reviewline=line) for n, line in note_lines), batch_size=BATCH
        )
        by_review = {}
        for note in notes:
            if not note.is_draft:
                by_review.setdefault(note.review_id, []).append(note)
        findings, evidence = [], []
        finding_kinds = list(Finding.Kind.values)
        for review in self.reviews_at(S.ON_SITE, S.LETTER, S.FOLLOW_UP, S.CLOSED):
            in_cohort = review in cohort
            agreed = review.stage != S.ON_SITE
            for k in range(self.n(60) if in_cohort else self.n(12)):
                kind = finding_kinds[k % 3]
                finding = Finding(
                    review=review, theme=self.themes[review.pk][k % len(self.themes[review.pk])], kind=kind,
                    text=self.sentence(3), priority="high" if kind == "recommendation" else "", position=k,
                    agreed_at=self.now if agreed or k % 2 else None,
                    agreed_by=self.cast.manager if agreed or k % 2 else None, created_by=self.cast.manager,
                )  # fmt: skip
                findings.append(finding)
                if in_cohort:
                    evidence += [(finding, note) for note in self.rng.sample(by_review[review.pk], 4)]
        Finding.objects.bulk_create(findings, batch_size=BATCH)
        Finding.notes.through.objects.bulk_create(
            (Finding.notes.through(finding=f, note=n) for f, n in evidence), batch_size=BATCH
        )
        self.cast.peers_on_site = [
            (user, review)
            for review in cohort
            if review.stage == S.ON_SITE
            for user, role in self.team[review.pk]
            if role != PeerRole.REVIEW_MANAGER
        ]

    def letters_and_follow_up(self):
        updates = []
        for review in self.reviews_at(S.LETTER, S.FOLLOW_UP, S.CLOSED):
            letter = letter_service.create_letter(review, by=self.cast.manager)
            if review.stage == S.LETTER:
                continue
            issued_on = review.onsite_start + timedelta(weeks=6)
            Letter.objects.filter(pk=letter.pk).update(
                status=Letter.Status.ISSUED,
                issued_at=timezone.make_aware(datetime.combine(issued_on, time(10))),
                issued_by=self.cast.manager,
            )
            followup.start_followup(review, issued_on)
            organiser = self.council_people[review.authority_id][1]
            for action in review.actions.all():
                updates += [
                    ProgressUpdate(action=action, status=self.rng.choice(["green", "amber", "red"]),
                                   text=self.sentence(1), by=organiser)
                    for _ in range(2)
                ]  # fmt: skip
            CheckIn.objects.filter(review=review, due__lt=self.today).update(
                overall="on_track",
                what_changed=self.sentence(),
                submitted_at=self.now,
                submitted_by=organiser,
            )
        ProgressUpdate.objects.bulk_create(updates, batch_size=BATCH)

    def pick_cast(self):
        """The people and reviews the pages are asked for as: the busiest of each kind."""
        cast = self.cast
        cohort_by_stage = {}
        for review in self.cohort:
            cohort_by_stage.setdefault(review.stage, review)
        on_site = cohort_by_stage[S.ON_SITE]
        lettered = cohort_by_stage.get(S.LETTER, on_site)
        team_stage = self.reviews_at(S.TEAM)[0]
        sponsor, organiser = self.council_people[on_site.authority_id]
        leader = next(u for u, role in self.team[on_site.pk] if role == PeerRole.TEAM_LEADER)
        peer = next(u for u, role in self.team[on_site.pk] if role.review_role == Role.PEER)
        cast.people = {
            "team leader": leader,
            "peer": peer,
            "council sponsor": sponsor,
            "council organiser": organiser,
        }
        cast.reviews = {"on site": on_site, "letter": lettered, "team": team_stage}
        return cast


def build(scale, media_root=None):
    builder = Builder(scale, media_root or settings.MEDIA_ROOT)
    builder.build()
    settle()
    return builder.pick_cast()


def settle():
    """Give the new data what a database in use already has: planner statistics, and its writes on
    disk. Otherwise autovacuum and a checkpoint catch up with the bulk load during the measurements."""
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
        # CHECKPOINT needs a superuser or pg_checkpoint; without it the bench still runs.
        with suppress(DatabaseError):
            cursor.execute("CHECKPOINT")

"""Demo data for a new user: fictional councils, reviews in several stages, one person per role.

Safe to run again: it updates what is there rather than adding a second copy.
Every name here is made up.
"""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from casework import demo as casework_demo
from reviews import demo as reviews_demo
from reviews import services
from reviews.models import Authority, InspectionWindow, Membership, Review, Role
from teams import demo as teams_demo

DEMO_PASSWORD = "demo-password-2026"
DEMO_PEOPLE = [
    ("manager@example.org", "Morgan Ellis", Role.REVIEW_MANAGER),
    ("leader@example.org", "Priya Natarajan", Role.TEAM_LEADER),
    ("peer@example.org", "Tom Okafor", Role.PEER),
    ("analyst@example.org", "Hannah Lindqvist", Role.ANALYST_PEER),
    ("sponsor@example.org", "Graham Whitfield", Role.COUNCIL_SPONSOR),
    ("organiser@example.org", "Aisha Rahman", Role.COUNCIL_ORGANISER),
    ("assurer@example.org", "Dana Whitcombe", Role.QUALITY_ASSURER),
]
# How the letter addresses the council's lead and how the team leader signs it.
DEMO_JOB_TITLES = {
    "sponsor@example.org": "Director of Children's Services",
    "leader@example.org": "Director of Children's Services",
}
A = Authority
COUNCILS = [
    ("Harrowmere Metropolitan Borough Council", A.Kind.METROPOLITAN, A.Region.NORTH_WEST),
    ("Linford City Council", A.Kind.UNITARY, A.Region.NORTH_WEST),
    ("Eastbrook County Council", A.Kind.COUNTY, A.Region.EAST),
    ("Northmoor Council", A.Kind.UNITARY, A.Region.NORTH_EAST),
    ("Royal Borough of Ashcombe", A.Kind.LONDON_BOROUGH, A.Region.LONDON),
]
NEIGHBOURS = [("Harrowmere Metropolitan Borough Council", "Linford City Council")]
S = Review.Stage
# Council, stage, weeks from next Monday to the on-site week, scope status, focus areas.
REVIEWS = [
    ("Harrowmere Metropolitan Borough Council", S.SCOPING, 13, Review.ScopeStatus.SENT,
     ["Looked-after children", "The front door and referrals"]),
    ("Linford City Council", S.TEAM, 9, Review.ScopeStatus.AGREED, ["Early help", "Health partnership"]),
    ("Eastbrook County Council", S.PREPARATION, 3, Review.ScopeStatus.AGREED, ["Child protection proceedings"]),
    ("Northmoor Council", S.LETTER, -5, Review.ScopeStatus.AGREED, ["Education"]),
    ("Royal Borough of Ashcombe", S.FOLLOW_UP, -20, Review.ScopeStatus.AGREED,
     ["The Local Safeguarding Children Board (LSCB)"]),
]  # fmt: skip


class Command(BaseCommand):
    help = "Load fictional demo data and print the demo sign-ins."

    def handle(self, *args, **options):
        # The story the demo tells involves emails (invitations, reminders); they are not worth printing.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
            self._load()

    @transaction.atomic
    def _load(self):
        people = self._people()
        councils = self._councils()
        today = timezone.localdate()
        next_monday = today + timedelta(days=7 - today.weekday())
        manager = people["manager@example.org"]

        for name, stage, weeks, scope_status, focus in REVIEWS:
            review = Review.objects.filter(authority=councils[name]).first()
            if review is None:
                review = services.create_review(
                    authority=councils[name],
                    created_by=manager,
                    kind=Review.Kind.FULL,
                    purpose=f"To help {name} and its partners see how well children are kept safe, "
                    "and what would make the most difference next.",
                    focus_areas=focus,
                    onsite_start=next_monday + timedelta(weeks=weeks),
                )
                self._bring_to(review, stage, scope_status, manager, today)

        main = Review.objects.get(authority=councils[REVIEWS[0][0]])
        for email, _, role in DEMO_PEOPLE:
            Membership.objects.update_or_create(review=main, user=people[email], defaults={"role": role})
        Membership.objects.get_or_create(
            review=Review.objects.get(authority=councils["Northmoor Council"]),
            user=people["peer@example.org"],
            defaults={"role": Role.PEER},
        )

        teams_demo.load(people)
        reviews_demo.load_evidence(main, people)
        casework_demo.load_programme(main, people["manager@example.org"])
        casework_demo.load_week_plan(main, people["manager@example.org"])
        casework_demo.load_notes(main, people)
        casework_demo.load_briefing(main, people["organiser@example.org"])
        casework_demo.load_family_feedback(main, people["manager@example.org"])
        casework_demo.load_draft_letter(main, people)
        # Ashcombe's review is in follow-up; its progress review (issue 23) is the council's second review.
        ashcombe = Review.objects.get(
            authority=councils["Royal Borough of Ashcombe"], progress_of__isnull=True
        )
        casework_demo.load_issued_letter(ashcombe, people)
        casework_demo.load_progress_review(ashcombe, people["manager@example.org"])

        self.stdout.write(self.style.SUCCESS(f"Demo data ready. Sign in at {settings.SITE_URL} with:"))
        self.stdout.write(f"  {'admin@example.org':<24} {DEMO_PASSWORD}   Django admin (staff)")
        for email, _, role in DEMO_PEOPLE:
            self.stdout.write(f"  {email:<24} {DEMO_PASSWORD}   {role.label}")

    def _people(self):
        User = get_user_model()
        people = {}
        rows = [("admin@example.org", "Site Administrator", None), *DEMO_PEOPLE]
        for email, name, role in rows:
            user, _ = User.objects.update_or_create(
                email=email,
                defaults={
                    "full_name": name,
                    "job_title": DEMO_JOB_TITLES.get(email, ""),
                    "is_staff": role is None,
                    "is_superuser": role is None,
                    "is_review_manager": role == Role.REVIEW_MANAGER,
                },
            )
            user.set_password(DEMO_PASSWORD)
            user.save()
            people[email] = user
        return people

    def _councils(self):
        councils = {}
        for name, kind, region in COUNCILS:
            councils[name], _ = Authority.objects.update_or_create(
                name=name, defaults={"kind": kind, "region": region}
            )
        for a, b in NEIGHBOURS:
            councils[a].neighbours.add(councils[b])
        return councils

    def _council_sponsor(self, review):
        """A sponsor for the other demo councils; they have no password, so nobody signs in as them."""
        slug = review.authority.name.split()[0].lower()
        sponsor, created = get_user_model().objects.get_or_create(
            email=f"dcs.{slug}@example.org",
            defaults={"full_name": f"Director of Children's Services, {slug.title()}"},
        )
        if created:
            sponsor.set_unusable_password()
            sponsor.save()
        Membership.objects.get_or_create(review=review, user=sponsor, defaults={"role": Role.COUNCIL_SPONSOR})
        return sponsor

    def _bring_to(self, review, stage, scope_status, manager, today):
        """Walk a new demo review to its stage as its people would have."""
        if scope_status != Review.ScopeStatus.DRAFT:
            services.send_scope(review, by=manager)
        if scope_status == Review.ScopeStatus.AGREED:
            services.respond_to_scope(
                review, by=self._council_sponsor(review), agree=True, comment="Agreed at our scoping meeting."
            )
        for milestone in review.milestones.filter(due__lt=today):
            services.mark_milestone(milestone, done=True, by=manager)
        if review.authority.name == "Linford City Council":
            InspectionWindow.objects.get_or_create(
                authority=review.authority,
                starts=review.onsite_start - timedelta(days=2),
                ends=review.onsite_start + timedelta(days=12),
                defaults={
                    "certainty": InspectionWindow.Certainty.EXPECTED,
                    "note": "Ofsted inspection expected",
                },
            )
        for target in list(Review.Stage)[1 : list(Review.Stage).index(stage) + 1]:
            review.refresh_from_db()
            for milestone in review.milestones.filter(done_at__isnull=True, due__lt=today):
                services.mark_milestone(milestone, done=True, by=manager)
            services.move_stage(review, to_stage=target, by=manager, reason="")

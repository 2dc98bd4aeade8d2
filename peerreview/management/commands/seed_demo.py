"""Demo data for a new user: fictional councils, a review, one person per role.

Safe to run again: it updates what is there rather than adding a second copy.
"""

from datetime import date

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction

from reviews.models import Authority, Membership, Review, Role

DEMO_PASSWORD = "demo-password-2026"
DEMO_PEOPLE = [
    ("manager@example.org", "Morgan Ellis", Role.REVIEW_MANAGER),
    ("leader@example.org", "Priya Natarajan", Role.TEAM_LEADER),
    ("peer@example.org", "Tom Okafor", Role.PEER),
    ("analyst@example.org", "Hannah Lindqvist", Role.ANALYST_PEER),
    ("sponsor@example.org", "Graham Whitfield", Role.COUNCIL_SPONSOR),
    ("organiser@example.org", "Aisha Rahman", Role.COUNCIL_ORGANISER),
]


class Command(BaseCommand):
    help = "Load fictional demo data and print the demo sign-ins."

    @transaction.atomic
    def handle(self, *args, **options):
        User = get_user_model()
        council, _ = Authority.objects.get_or_create(name="Harrowmere Metropolitan Borough Council")
        Authority.objects.get_or_create(name="Eastbrook County Council")
        review, _ = Review.objects.update_or_create(
            authority=council,
            title="Safeguarding children peer review",
            defaults={"stage": Review.Stage.SCOPING, "onsite_start": date(2027, 3, 1)},
        )

        admin, _ = User.objects.update_or_create(
            email="admin@example.org",
            defaults={"full_name": "Site Administrator", "is_staff": True, "is_superuser": True},
        )
        admin.set_password(DEMO_PASSWORD)
        admin.save()

        rows = [("admin@example.org", "Django admin (staff)")]
        for email, name, role in DEMO_PEOPLE:
            user, _ = User.objects.update_or_create(email=email, defaults={"full_name": name})
            user.set_password(DEMO_PASSWORD)
            user.save()
            Membership.objects.update_or_create(review=review, user=user, defaults={"role": role})
            rows.append((email, role.label))

        self.stdout.write(self.style.SUCCESS("Demo data ready. Sign in at http://127.0.0.1:8000 with:"))
        for email, what in rows:
            self.stdout.write(f"  {email:<24} {DEMO_PASSWORD}   {what}")

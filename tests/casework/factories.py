"""Factories for casework's main models: the on-site week, notes and findings, the letter, follow-up.

They make rows directly, for tests that need data to be there; tests of what a user does go
through the services (casework.services.*) as the views do.
"""

import uuid
from datetime import time, timedelta

import factory
from django.utils import timezone

from casework.models import (
    Action,
    CheckIn,
    Finding,
    Letter,
    LetterRender,
    LetterSection,
    Note,
    Participant,
    ProgressUpdate,
    Session,
    Venue,
)
from reviews.models import AgencyType
from tests.factories import ReviewFactory, UserFactory


class VenueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Venue

    review = factory.SubFactory(ReviewFactory)
    name = factory.Sequence(lambda n: f"Venue {n}")
    address = "1 High Street"


class SessionFactory(factory.django.DjangoModelFactory):
    """A one-hour interview on the first day of the visit (or today, for a review without dates)."""

    class Meta:
        model = Session
        skip_postgeneration_save = True

    review = factory.SubFactory(ReviewFactory)
    kind = Session.Kind.INTERVIEW
    title = factory.Sequence(lambda n: f"Interview {n}")
    day = factory.LazyAttribute(lambda s: s.review.onsite_start or timezone.localdate())
    starts = time(10)
    ends = time(11)

    @factory.post_generation
    def peers(self, create, extracted, **kwargs):
        if create and extracted:
            self.peers.add(*extracted)

    @factory.post_generation
    def themes(self, create, extracted, **kwargs):
        if create and extracted:
            self.themes.add(*extracted)


class ParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participant

    session = factory.SubFactory(SessionFactory)
    role = "Team manager"
    agency = AgencyType.CHILDRENS_SOCIAL_CARE


class NoteFactory(factory.django.DjangoModelFactory):
    """A finished note (on the board); pass is_draft=True for a draft."""

    class Meta:
        model = Note
        skip_postgeneration_save = True

    review = factory.SubFactory(ReviewFactory)
    author = factory.SubFactory(UserFactory)
    text = factory.Sequence(lambda n: f"Note {n}: thresholds are well understood.")
    client_id = factory.LazyFunction(uuid.uuid4)
    is_draft = False

    @factory.post_generation
    def themes(self, create, extracted, **kwargs):
        if create and extracted:
            self.themes.add(*extracted)


class FindingFactory(factory.django.DjangoModelFactory):
    """A strength, not yet agreed; `agreed=True` marks it agreed by its author."""

    class Meta:
        model = Finding
        skip_postgeneration_save = True

    class Params:
        agreed = factory.Trait(
            agreed_at=factory.LazyFunction(timezone.now), agreed_by=factory.SelfAttribute("created_by")
        )

    review = factory.SubFactory(ReviewFactory)
    kind = Finding.Kind.STRENGTH
    text = factory.Sequence(lambda n: f"Finding {n}: partners share information well.")
    position = factory.Sequence(lambda n: n + 1)
    created_by = factory.SubFactory(UserFactory)

    @factory.post_generation
    def notes(self, create, extracted, **kwargs):
        if create and extracted:
            self.notes.add(*extracted)


class LetterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Letter

    review = factory.SubFactory(ReviewFactory)
    created_by = factory.SubFactory(UserFactory)


class LetterSectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LetterSection

    letter = factory.SubFactory(LetterFactory)
    key = factory.Sequence(lambda n: f"section-{n}")
    title = factory.Sequence(lambda n: f"Section {n}")
    body = "Partners share information well."
    position = factory.Sequence(lambda n: n)


class LetterRenderFactory(factory.django.DjangoModelFactory):
    """A queued PDF of the letter (no file): pass status=READY and a file for one that is made."""

    class Meta:
        model = LetterRender

    letter = factory.SubFactory(LetterFactory)
    number = factory.Sequence(lambda n: n + 1)
    content_hash = factory.Sequence(lambda n: f"{n:064x}")
    requested_by = factory.SelfAttribute("letter.created_by")


class ActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Action
        skip_postgeneration_save = True

    review = factory.SubFactory(ReviewFactory)
    title = factory.Sequence(lambda n: f"Action {n}: agree a threshold document")

    @factory.post_generation
    def recommendations(self, create, extracted, **kwargs):
        if create and extracted:
            self.recommendations.add(*extracted)


class ProgressUpdateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgressUpdate

    action = factory.SubFactory(ActionFactory)
    text = "Plan agreed at the partnership board."
    status = Action.Status.GREEN
    by = factory.SubFactory(UserFactory)


class CheckInFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CheckIn
        django_get_or_create = ["review", "months"]

    review = factory.SubFactory(ReviewFactory)
    months = 3
    due = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=90))

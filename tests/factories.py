from datetime import date, timedelta

import factory
from django.contrib.auth import get_user_model

from reviews.models import Authority, Invitation, Membership, Review, Role

PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["email"]

    full_name = factory.Faker("name", locale="en_GB")
    email = factory.Sequence(lambda n: f"person{n}@example.org")
    password = factory.django.Password(PASSWORD)


class AuthorityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Authority

    name = factory.Sequence(lambda n: f"Fictional Borough Council {n}")


class ReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Review

    authority = factory.SubFactory(AuthorityFactory)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    review = factory.SubFactory(ReviewFactory)
    user = factory.SubFactory(UserFactory)
    role = Role.PEER


class InvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Invitation

    review = factory.SubFactory(ReviewFactory)
    email = factory.Sequence(lambda n: f"invitee{n}@example.org")
    role = Role.PEER
    invited_by = factory.SubFactory(UserFactory)


class PeerProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "teams.PeerProfile"
        django_get_or_create = ["email"]
        skip_postgeneration_save = True

    full_name = factory.Faker("name", locale="en_GB")
    email = factory.Sequence(lambda n: f"pool{n}@example.org")
    job_title = "Head of Safeguarding"
    organisation = factory.Sequence(lambda n: f"Somewhere Council {n}")
    trained_on = factory.LazyFunction(lambda: date.today() - timedelta(days=200))

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        from teams.models import PeerCapability, PeerRole

        for role in extracted or [PeerRole.OFFICER_PEER]:
            PeerCapability.objects.get_or_create(peer=self, role=role)

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

"""A review manager invites people; the invitation link works once, until it expires or is withdrawn."""

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from reviews.models import Invitation, Membership, Role
from tests.factories import PASSWORD, InvitationFactory, MembershipFactory, UserFactory


@pytest.fixture
def manager_client(client, world):
    client.force_login(world.people[Role.REVIEW_MANAGER])
    return client


def invite(client, review, email, role=Role.PEER):
    return client.post(reverse("reviews:invitation-create", args=[review.pk]), {"email": email, "role": role})


def test_manager_invites_a_new_person_who_gets_an_email_with_a_one_time_link(
    manager_client, world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = invite(manager_client, world.review, "New.Peer@Example.org")

    assert response.status_code == 302
    invitation = Invitation.objects.get(review=world.review)
    assert invitation.email == "new.peer@example.org"
    assert invitation.sent_at is not None
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["new.peer@example.org"]
    assert "Harrowmere Metropolitan Borough Council" in message.subject
    assert invitation.get_absolute_url() in message.body
    page = manager_client.get(world.review.get_absolute_url())
    assert "new.peer@example.org" in page.content.decode()


def test_sending_the_email_twice_sends_it_once(world):
    from reviews.services import deliver_invitation

    invitation = InvitationFactory(review=world.review)
    assert deliver_invitation(invitation.pk) is True
    assert deliver_invitation(invitation.pk) is False
    assert len(mail.outbox) == 1


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"email": "not-an-email", "role": Role.PEER}, "email", "Enter a valid email address."),
        ({"email": "", "role": Role.PEER}, "email", "This field is required."),
        ({"email": "someone@example.org", "role": "emperor"}, "role", "Select a valid choice."),
    ],
)
def test_invitation_form_says_what_is_wrong_next_to_the_field(manager_client, world, data, field, message):
    response = manager_client.post(reverse("reviews:invitation-create", args=[world.review.pk]), data)
    assert response.status_code == 200
    assert message in response.context["form"].errors[field][0]
    assert "There is a problem" in response.content.decode()
    assert not Invitation.objects.exists()


def test_cannot_invite_someone_already_on_the_review(manager_client, world):
    response = invite(manager_client, world.review, world.people[Role.PEER].email.upper())
    assert response.context["form"].errors["email"] == ["This person is already on the review."]


def test_cannot_invite_twice_while_an_invitation_waits(manager_client, world):
    InvitationFactory(review=world.review, email="waiting@example.org")
    response = invite(manager_client, world.review, "waiting@example.org")
    assert "already has an invitation waiting" in response.context["form"].errors["email"][0]
    assert Invitation.objects.count() == 1


def test_new_person_sets_a_password_and_lands_on_the_review(client, world):
    invitation = InvitationFactory(review=world.review, email="fresh@example.org", role=Role.ANALYST_PEER)
    url = invitation.get_absolute_url()
    assert "Create account and join review" in client.get(url).content.decode()

    response = client.post(url, {"full_name": "Fresh Analyst", "password1": PASSWORD, "password2": PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == world.review.get_absolute_url()
    membership = Membership.objects.get(review=world.review, user__email="fresh@example.org")
    assert membership.role == Role.ANALYST_PEER
    assert client.get(world.review.get_absolute_url()).status_code == 200  # signed in
    invitation.refresh_from_db()
    assert invitation.accepted_by == membership.user


def test_weak_or_mismatched_passwords_are_refused_and_nothing_is_created(client, world):
    invitation = InvitationFactory(review=world.review, email="fresh@example.org")
    url = invitation.get_absolute_url()

    weak = client.post(url, {"full_name": "Fresh Person", "password1": "password", "password2": "password"})
    assert "This password is too common." in weak.context["form"].errors["password1"]
    mismatch = client.post(
        url, {"full_name": "Fresh Person", "password1": PASSWORD, "password2": PASSWORD + "x"}
    )
    assert "do not match" in mismatch.context["form"].errors["password2"][0]
    assert not Membership.objects.filter(user__email="fresh@example.org").exists()
    invitation.refresh_from_db()
    assert invitation.is_usable


def test_a_used_link_cannot_be_used_again(client, world):
    invitation = InvitationFactory(review=world.review, email="fresh@example.org")
    url = invitation.get_absolute_url()
    client.post(url, {"full_name": "Fresh Person", "password1": PASSWORD, "password2": PASSWORD})
    client.logout()

    response = client.get(url)
    assert response.status_code == 410
    assert "already been accepted" in response.content.decode()


def test_an_expired_link_says_so_and_whom_to_ask(client, world):
    invitation = InvitationFactory(review=world.review, invited_by=world.people[Role.REVIEW_MANAGER])
    with time_machine.travel(timezone.now() + timedelta(days=8)):
        response = client.get(invitation.get_absolute_url())
        post = client.post(
            invitation.get_absolute_url(), {"full_name": "Late", "password1": PASSWORD, "password2": PASSWORD}
        )
    assert response.status_code == 410
    body = response.content.decode()
    assert "expired" in body
    assert world.people[Role.REVIEW_MANAGER].email in body
    assert post.status_code == 410
    assert not Membership.objects.filter(user__email=invitation.email).exists()


def test_manager_withdraws_an_invitation_and_the_link_stops_working(manager_client, client, world):
    invitation = InvitationFactory(review=world.review)
    response = manager_client.post(
        reverse("reviews:invitation-revoke", args=[world.review.pk, invitation.pk]), follow=True
    )
    assert "withdrawn" in response.content.decode()

    manager_client.logout()
    page = manager_client.get(invitation.get_absolute_url())
    assert page.status_code == 410
    assert "withdrawn this invitation" in page.content.decode()


def test_withdrawing_needs_a_post(manager_client, world):
    invitation = InvitationFactory(review=world.review)
    url = reverse("reviews:invitation-revoke", args=[world.review.pk, invitation.pk])
    assert manager_client.get(url).status_code == 405
    invitation.refresh_from_db()
    assert invitation.is_usable


def test_cannot_withdraw_an_invitation_of_another_review(manager_client, world):
    other = InvitationFactory()
    url = reverse("reviews:invitation-revoke", args=[world.review.pk, other.pk])
    assert manager_client.post(url).status_code == 404
    other.refresh_from_db()
    assert other.is_usable


def test_someone_with_an_account_signs_in_then_joins(client, world):
    existing = UserFactory(email="known@example.org")
    MembershipFactory(user=existing)  # on another review already
    invitation = InvitationFactory(review=world.review, email="known@example.org", role=Role.PEER)
    url = invitation.get_absolute_url()

    anonymous = client.get(url)
    assert "already has an account" in anonymous.content.decode()
    assert f"{reverse('sign-in')}?next={url}" in anonymous.content.decode()

    client.force_login(existing)
    assert "Join review" in client.get(url).content.decode()
    response = client.post(url)
    assert response["Location"] == world.review.get_absolute_url()
    assert Membership.objects.get(review=world.review, user=existing).role == Role.PEER


def test_someone_signed_in_as_another_person_is_told_to_sign_out(client, world):
    invitation = InvitationFactory(review=world.review, email="fresh@example.org")
    client.force_login(world.people[Role.PEER])
    response = client.post(invitation.get_absolute_url(), {"full_name": "X", "password1": PASSWORD})
    assert "you are signed in as peer@example.org" in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.is_usable


def test_unknown_link_is_not_found(client, db):
    assert client.get(reverse("reviews:invitation-accept", args=["nope"])).status_code == 404

"""Two-step sign-in with an authenticator app and backup codes."""

import re
from datetime import timedelta

import time_machine
from django.contrib.auth.signals import user_logged_in
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from peerreview.middleware import on_signed_in
from reviews.models import AuditEvent, Role
from tests.factories import PASSWORD, UserFactory
from tests.helpers import current_code


def set_up(client, user):
    client.force_login(user)
    client.get(reverse("two-factor-setup"))
    device = TOTPDevice.objects.get(user=user)
    page = client.post(reverse("two-factor-setup"), {"code": current_code(device)})
    return device, re.findall(r'<code class="app-code">([0-9a-f]{8})</code>', page.content.decode())


def sign_in(client, email):
    return client.post(reverse("sign-in"), {"username": email, "password": PASSWORD})


def test_set_up_then_every_sign_in_asks_for_a_code(db):
    user = UserFactory(email="peer2fa@example.org")
    device, backup = set_up(Client(), user)
    device.refresh_from_db()
    assert device.confirmed
    assert len(backup) == 10
    assert AuditEvent.objects.filter(action="two_factor_changed", user=user).exists()

    client = Client()
    sign_in(client, user.email)
    response = client.get(reverse("dashboard"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("two-factor-verify"))
    refused = client.post(reverse("two-factor-verify"), {"code": "12345678"})
    assert "That code is not right" in refused.content.decode()
    # After a wrong code django-otp makes the next try wait, and a code is never accepted twice.
    with time_machine.travel(timezone.now() + timedelta(seconds=40), tick=False):
        device.refresh_from_db()
        client.post(reverse("two-factor-verify") + "?next=/", {"code": current_code(device)})
        assert client.get(reverse("dashboard")).status_code == 200


def test_a_backup_code_works_once(db):
    user = UserFactory(email="backup@example.org")
    _, backup = set_up(Client(), user)
    first = Client()
    sign_in(first, user.email)
    first.post(reverse("two-factor-verify"), {"code": backup[0]})
    assert first.get(reverse("dashboard")).status_code == 200
    second = Client()
    sign_in(second, user.email)
    second.post(reverse("two-factor-verify"), {"code": backup[0]})
    assert second.get(reverse("dashboard")).status_code == 302


def test_when_mandatory_members_are_walked_through_setting_it_up(client, world, settings):
    settings.TWO_FACTOR_MANDATORY = True
    client.force_login(world.people[Role.COUNCIL_ORGANISER])
    response = client.get(reverse("dashboard"))
    assert response["Location"] == reverse("two-factor-setup")
    assert client.get(reverse("two-factor-setup")).status_code == 200
    client.force_login(UserFactory())  # on no review: nothing to protect yet
    assert client.get(reverse("dashboard")).status_code == 200


def test_a_manager_resets_a_members_second_step_and_it_is_recorded(client, world):
    peer = world.people[Role.PEER]
    set_up(Client(), peer)
    client.force_login(world.people[Role.REVIEW_MANAGER])
    client.post(reverse("reviews:reset-two-factor", args=[world.review.pk, peer.pk]))
    assert not TOTPDevice.objects.filter(user=peer).exists()
    assert AuditEvent.objects.filter(action="two_factor_changed", target=f"Reset: {peer.email}").exists()
    fresh = Client()
    sign_in(fresh, peer.email)
    assert fresh.get(reverse("dashboard")).status_code == 200


def test_a_code_is_asked_for_even_if_nothing_marked_it_due_at_sign_in(db):
    user = UserFactory(email="nosignal@example.org")
    set_up(Client(), user)
    client = Client()
    user_logged_in.disconnect(dispatch_uid="peerreview.signed_in")
    try:
        sign_in(client, user.email)
    finally:
        user_logged_in.connect(on_signed_in, dispatch_uid="peerreview.signed_in")
    assert client.get(reverse("dashboard"))["Location"].startswith(reverse("two-factor-verify"))


def test_between_password_and_code_the_set_up_page_cannot_replace_the_authenticator(db):
    user = UserFactory(email="victim@example.org")
    device, _ = set_up(Client(), user)
    attacker = Client()
    sign_in(attacker, user.email)
    assert attacker.get(reverse("two-factor-setup"))["Location"].startswith(reverse("two-factor-verify"))
    attacker.post(reverse("two-factor-setup"), {"code": "123456"})
    assert list(TOTPDevice.objects.filter(user=user)) == [device]


def replace_page(user):
    """A signed-in, verified session on the set-up page, with the new app's device."""
    client = Client()
    old, backup = set_up(client, user)
    client.get(reverse("two-factor-setup"))
    new = TOTPDevice.objects.get(user=user, confirmed=False)
    return client, old, new, backup


def test_replacing_the_authenticator_needs_a_code_from_the_current_one(db):
    user = UserFactory(email="replace@example.org")
    client, old, new, _ = replace_page(user)
    page = client.post(reverse("two-factor-setup"), {"code": current_code(new)})
    assert "Enter a code from your current authenticator app, or a backup code" in page.content.decode()
    assert TOTPDevice.objects.get(user=user, confirmed=True) == old


def test_replacing_with_a_backup_code_is_recorded(db):
    user = UserFactory(email="replace2@example.org")
    client, old, new, backup = replace_page(user)
    client.post(reverse("two-factor-setup"), {"current_code": backup[0], "code": current_code(new)})
    assert TOTPDevice.objects.get(user=user, confirmed=True) == new
    assert AuditEvent.objects.filter(action="two_factor_changed", target=f"Replaced: {user.email}").exists()

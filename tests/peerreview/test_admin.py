"""The Django admin: what staff may do there, and what it never shows."""

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.urls import reverse

from casework.models import DailySummary, Finding, HypothesisEvidence, Note
from reviews.models import EarlyFinding, Hypothesis
from tests.factories import UserFactory


@pytest.fixture
def staff_client(client, db):
    client.force_login(UserFactory(email="admin@example.org", is_staff=True, is_superuser=True))
    return client


def test_staff_can_make_someone_a_review_manager(staff_client):
    person = UserFactory(email="new.manager@example.org", full_name="Nia Manager")
    page = staff_client.get(reverse("admin:peerreview_user_change", args=[person.pk]))
    assert "Review manager" in page.content.decode()
    staff_client.post(
        reverse("admin:peerreview_user_change", args=[person.pk]),
        {
            "email": person.email,
            "full_name": person.full_name,
            "is_review_manager": "on",
            "is_active": "on",
            "date_joined_0": "2026-01-05",
            "date_joined_1": "09:00:00",
        },
    )
    person.refresh_from_db()
    assert person.is_review_manager


def test_staff_can_add_a_review_manager(staff_client):
    staff_client.post(
        reverse("admin:peerreview_user_add"),
        {
            "email": "added.manager@example.org",
            "full_name": "Ada Added",
            "is_review_manager": "on",
            "usable_password": "true",
            "password1": "a-long-enough-passphrase-2026",
            "password2": "a-long-enough-passphrase-2026",
        },
    )
    from_admin = get_user_model().objects.get(email="added.manager@example.org")
    assert from_admin.is_review_manager


@pytest.mark.parametrize("model", [Note, HypothesisEvidence, Finding, DailySummary, Hypothesis, EarlyFinding])
def test_the_admin_does_not_show_the_teams_confidential_material(model):
    assert not admin.site.is_registered(model)


def test_staff_still_keep_reviews_and_councils_in_the_admin(staff_client):
    assert staff_client.get(reverse("admin:reviews_review_changelist")).status_code == 200
    assert staff_client.get(reverse("admin:reviews_authority_add")).status_code == 200

"""Conflicts of interest: employment history, reciprocity, declared relationships, and checking on its own."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from teams import services
from teams.models import ConflictCheck, EmploymentPeriod, PeerProfile, PeerRole, TeamSlot
from tests.factories import AuthorityFactory, PeerProfileFactory, ReviewFactory

pytestmark = pytest.mark.django_db


def _check(peer, review, manager):
    return services.check_conflicts(peer, review, by=manager)


def test_working_for_the_council_within_five_years_is_a_conflict_naming_the_record(team_world):
    w = team_world
    EmploymentPeriod.objects.create(
        peer=w.plain, organisation="Old job", authority=w.review.authority,
        starts=date(2015, 1, 1), ends=timezone.localdate() - timedelta(days=365 * 2),
    )  # fmt: skip
    (conflict,) = _check(w.plain, w.review, w.manager).conflicts
    assert conflict["rule"] == "Employment history"
    assert conflict["record"].startswith("Employment history: Old job, 01/2015 to ")


def test_working_for_the_council_longer_ago_is_no_conflict(team_world):
    w = team_world
    EmploymentPeriod.objects.create(
        peer=w.plain, organisation="Old job", authority=w.review.authority,
        starts=date(2005, 1, 1), ends=timezone.localdate() - timedelta(days=365 * 6),
    )  # fmt: skip
    assert _check(w.plain, w.review, w.manager).clear


def test_working_with_the_council_counts_as_well(team_world):
    w = team_world
    EmploymentPeriod.objects.create(
        peer=w.plain, organisation="Consultancy", authority=w.review.authority,
        link=EmploymentPeriod.Link.WORKED_WITH, starts=date(2023, 1, 1),
    )  # fmt: skip
    (conflict,) = _check(w.plain, w.review, w.manager).conflicts
    assert conflict["text"].startswith(f"Worked with {w.review.authority.name}")


def test_staff_of_the_council_who_reviewed_the_peers_own_council_make_a_reciprocal_conflict(team_world):
    w = team_world
    home = AuthorityFactory(name="Harbour Town Council")
    peer = PeerProfileFactory(full_name="Ira Home", home_authority=home)
    # Last year someone from the council now under review sat on the team that reviewed Harbour Town.
    earlier = ReviewFactory(authority=home, onsite_start=timezone.localdate() - timedelta(days=300))
    reviewer = PeerProfileFactory(home_authority=w.review.authority)
    TeamSlot.objects.create(review=earlier, role=PeerRole.OFFICER_PEER, peer=reviewer)
    (conflict,) = _check(peer, w.review, w.manager).conflicts
    assert conflict["rule"] == "Reciprocal review"
    assert conflict["record"] == f"the review of Harbour Town Council on site {earlier.onsite_start:%d/%m/%Y}"


def test_a_declared_relationship_is_a_conflict(team_world):
    w = team_world
    services.declare_conflict(
        w.plain, authority=w.review.authority, reason="Sister is a social worker there", relationship="family"
    )
    (conflict,) = _check(w.plain, w.review, w.manager).conflicts
    assert (conflict["rule"], conflict["record"]) == (
        "Declared relationship",
        "Declared: A family member or partner works there",
    )


def test_a_neighbour_is_still_a_conflict(team_world):
    w = team_world
    (conflict,) = _check(w.neighbourly, w.review, w.manager).conflicts
    assert conflict["rule"] == "Neighbouring council"


def test_an_employment_conflict_stops_an_invitation_without_a_reason(team_world):
    w = team_world
    EmploymentPeriod.objects.create(
        peer=w.plain, organisation="Old job", authority=w.review.authority, starts=date(2024, 1, 1)
    )
    with pytest.raises(services.ActionRefused, match="conflict of interest"):
        services.invite_peer(w.slot(PeerRole.OFFICER_PEER), peer=w.plain, by=w.manager)


def test_checking_conflicts_from_the_pool_records_who_checked_and_shows_the_rule(client, team_world):
    w = team_world
    client.force_login(w.manager)
    url = reverse("teams:conflict-check", args=[w.neighbourly.pk])
    response = client.post(url, {"review": w.review.pk}, follow=True)
    check = ConflictCheck.objects.get()
    assert (check.peer, check.review, check.by) == (w.neighbourly, w.review, w.manager)
    page = response.content.decode()
    assert "Neighbouring council" in page
    assert "Council on profile: Linford City Council" in page
    assert w.neighbourly.invitations.count() == 0


def test_an_employment_period_ending_before_it_starts_is_refused_and_nothing_saved(client, team_world):
    w = team_world
    client.force_login(w.manager)
    response = client.post(
        reverse("teams:employment-create", args=[w.plain.pk]),
        {
            "organisation": "Old job", "authority": w.review.authority.pk, "link": "for",
            "starts_0": "1", "starts_1": "6", "starts_2": "2024", "ends_0": "1", "ends_1": "1", "ends_2": "2024",
        },
    )  # fmt: skip
    assert response.status_code == 200
    assert "The end date must be the same as or after the start date" in response.content.decode()
    assert not EmploymentPeriod.objects.exists()


def test_a_yearly_cap_below_the_reviews_a_peer_already_holds_is_refused(client, team_world):
    w = team_world
    year = w.review.onsite_start.year
    TeamSlot.objects.filter(pk=w.slot(PeerRole.OFFICER_PEER).pk).update(peer=w.plain)
    other = ReviewFactory(onsite_start=w.review.onsite_start + timedelta(days=21))
    TeamSlot.objects.create(review=other, role=PeerRole.OFFICER_PEER, peer=w.plain)
    client.force_login(w.manager)
    data = {
        "full_name": w.plain.full_name, "email": w.plain.email, "organisation_type": "council",
        "roles": ["officer_peer"], "accreditation": "accredited", "max_reviews_per_year": "1",
    }  # fmt: skip
    response = client.post(reverse("teams:peer-edit", args=[w.plain.pk]), data)
    assert f"already has places on 2 reviews on site in {year}" in response.content.decode()
    assert PeerProfile.objects.get(pk=w.plain.pk).max_reviews_per_year == 3


def test_removing_an_employment_period_is_recorded(client, team_world):
    from reviews.models import AuditEvent

    w = team_world
    period = EmploymentPeriod.objects.create(peer=w.plain, organisation="Old job", starts=date(2020, 1, 1))
    client.force_login(w.manager)
    client.post(reverse("teams:employment-delete", args=[w.plain.pk, period.pk]))
    assert not EmploymentPeriod.objects.exists()
    assert AuditEvent.objects.filter(
        action="deleted", target__startswith=f"Employment history of {w.plain}"
    ).exists()

from datetime import date, timedelta

from django.urls import reverse

from reviews.models import Milestone, Review, Role
from tests.factories import MembershipFactory, UserFactory


def test_dashboard_shows_my_reviews_with_my_role_and_nothing_else(client, world):
    peer = world.people[Role.PEER]
    MembershipFactory(user=peer, role=Role.TEAM_LEADER, review__authority__name="Eastbrook County Council")
    MembershipFactory(review__authority__name="Someone Else's Council")
    client.force_login(peer)

    body = client.get(reverse("dashboard")).content.decode()

    assert "Harrowmere Metropolitan Borough Council" in body
    assert "Eastbrook County Council" in body
    assert "Team leader" in body
    assert "Someone Else&#x27;s Council" not in body


def test_dashboard_without_reviews_says_what_happens_next(client, db):
    client.force_login(UserFactory())
    assert "You are not on any review yet" in client.get(reverse("dashboard")).content.decode()


def _review_with_milestone(user, n, role=Role.PEER):
    """A review the user belongs to, on site in March, with one milestone due `n` days into the year."""
    membership = MembershipFactory(
        user=user,
        role=role,
        review__onsite_start=date(2027, 3, 1),
        review__authority__name=f"Council {n:02d}",
        review__scope_status=Review.ScopeStatus.SENT,
    )
    return Milestone.objects.create(
        review=membership.review, kind=Milestone.Kind.DOCUMENTS_DUE, due=date(2027, 1, 1) + timedelta(days=n)
    )


def test_dashboard_query_count_stays_flat_as_reviews_grow(client, db, count_queries):
    """Real rows at both sizes: reviews, the milestones coming up, and the scope waiting for a council contact."""
    user = UserFactory()
    client.force_login(user)
    _review_with_milestone(user, 0, role=Role.COUNCIL_SPONSOR)
    _review_with_milestone(user, 1)

    few = count_queries(lambda: client.get(reverse("dashboard")))
    body = client.get(reverse("dashboard")).content.decode()
    assert body.count("Documents and data due") == 2
    assert "1 January 2027" in body
    assert "2 January 2027" in body
    assert body.count("Scope waiting for your agreement") == 1  # the sponsor's review, not the peer's

    for n in range(2, 27):
        _review_with_milestone(user, n, role=Role.COUNCIL_ORGANISER if n % 2 else Role.PEER)
    many = count_queries(lambda: client.get(reverse("dashboard")))
    body = client.get(reverse("dashboard")).content.decode()
    assert body.count("Documents and data due") == 8  # the next eight, soonest first
    assert "8 January 2027" in body
    assert "9 January 2027" not in body
    assert "Council 26" in body
    assert body.count("Scope waiting for your agreement") == 1 + 12  # and each organiser's
    assert few == many <= 7

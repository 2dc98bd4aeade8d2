"""Review managers keep the list of councils and their inspection windows."""

from datetime import timedelta

from django.urls import reverse

from reviews.models import Authority, InspectionWindow, Role
from tests.factories import AuthorityFactory


def test_add_a_council_with_neighbours_both_ways(client, world):
    client.force_login(world.people[Role.REVIEW_MANAGER])
    neighbour = AuthorityFactory(name="Linford City Council")
    response = client.post(
        reverse("reviews:council-create"),
        {
            "name": "  Kestrel   Vale Council ",
            "kind": "unitary",
            "region": "north_west",
            "neighbours": [neighbour.pk],
        },
    )
    council = Authority.objects.get(name="Kestrel Vale Council")
    assert response["Location"] == council.get_absolute_url()
    assert list(neighbour.neighbours.all()) == [council]


def test_duplicate_council_name_is_refused_whatever_the_capitals(client, world):
    client.force_login(world.people[Role.REVIEW_MANAGER])
    response = client.post(
        reverse("reviews:council-create"),
        {"name": "harrowmere metropolitan borough council", "kind": "other"},
    )
    assert response.context["form"].errors["name"] == ["A council with this name already exists."]
    assert Authority.objects.filter(name__iexact="harrowmere metropolitan borough council").count() == 1


def test_unknown_neighbour_is_refused(client, world):
    client.force_login(world.people[Role.REVIEW_MANAGER])
    response = client.post(
        reverse("reviews:council-create"), {"name": "New Council", "kind": "other", "neighbours": [999999]}
    )
    assert response.context["form"].errors["neighbours"] == [
        "Choose neighbours from the list. If a council is missing, add it first."
    ]
    assert not Authority.objects.filter(name="New Council").exists()


def test_inspection_window_that_ends_before_it_starts_is_refused(client, world):
    client.force_login(world.people[Role.REVIEW_MANAGER])
    council = world.review.authority
    start = world.review.onsite_start
    response = client.post(
        reverse("reviews:inspection-create", args=[council.pk]),
        {
            "starts_0": start.day, "starts_1": start.month, "starts_2": start.year,
            "ends_0": (start - timedelta(days=3)).day, "ends_1": (start - timedelta(days=3)).month,
            "ends_2": (start - timedelta(days=3)).year, "certainty": "known",
        },
    )  # fmt: skip
    assert response.context["form"].errors["ends"] == [
        "The last day must be the same as or after the first day"
    ]
    assert not InspectionWindow.objects.exists()


def test_an_inspection_clash_warns_on_the_review_and_the_dashboard(client, world):
    client.force_login(world.people[Role.REVIEW_MANAGER])
    start = world.review.onsite_start + timedelta(days=2)
    end = start + timedelta(days=14)
    client.post(
        reverse("reviews:inspection-create", args=[world.review.authority_id]),
        {
            "starts_0": start.day, "starts_1": start.month, "starts_2": start.year,
            "ends_0": end.day, "ends_1": end.month, "ends_2": end.year,
            "certainty": "expected", "note": "Ofsted inspection expected",
        },
    )  # fmt: skip
    client.force_login(world.people[Role.COUNCIL_SPONSOR])
    assert "overlap expected inspection dates" in client.get(world.review.get_absolute_url()).content.decode()
    assert "Inspection clash" in client.get(reverse("dashboard")).content.decode()


def test_no_warning_when_the_inspection_is_another_week(client, world):
    InspectionWindow.objects.create(
        authority=world.review.authority,
        starts=world.review.onsite_end + timedelta(days=1),
        ends=world.review.onsite_end + timedelta(days=20),
    )
    client.force_login(world.people[Role.REVIEW_MANAGER])
    assert "Inspection clash" not in client.get(reverse("dashboard")).content.decode()


def test_council_pages_keep_flat_query_counts(client, world, count_queries):
    client.force_login(world.people[Role.REVIEW_MANAGER])
    pages = [
        reverse("reviews:council-list"),
        world.review.authority.get_absolute_url(),
        reverse("reviews:framework"),
    ]
    before = [count_queries(lambda url=url: client.get(url)) for url in pages]
    for i in range(20):
        council = AuthorityFactory()
        council.neighbours.add(world.review.authority)
        InspectionWindow.objects.create(
            authority=world.review.authority,
            starts=world.review.onsite_start + timedelta(days=40 + i),
            ends=world.review.onsite_start + timedelta(days=41 + i),
        )
    after = [count_queries(lambda url=url: client.get(url)) for url in pages]
    assert before == after
    assert max(after) <= 8

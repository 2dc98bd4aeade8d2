"""A review manager creates and scopes a review; the council agrees the scope."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from reviews import services
from reviews.models import LineOfEnquiry, Membership, Milestone, Review, ReviewLine, Role, ScopeEvent, Theme
from tests.factories import AuthorityFactory

FUTURE = date.today() + timedelta(weeks=20)


def date_fields(name, day):
    return {f"{name}_0": day.day, f"{name}_1": day.month, f"{name}_2": day.year}


def review_data(council, start=FUTURE, **extra):
    data = {
        "authority": council.pk,
        "kind": Review.Kind.IN_DEPTH,
        "purpose": "How well the front door works.",
        "focus_areas": ["Early help"],
        "other_focus_areas": "Private fostering\n\n",
        "onsite_days": 5,
        **date_fields("onsite_start", start),
    }
    data.update(extra)
    return data


@pytest.fixture
def manager(client, world):
    client.force_login(world.people[Role.REVIEW_MANAGER])
    return world.people[Role.REVIEW_MANAGER]


def test_manager_creates_a_review_with_framework_plan_and_membership(client, manager, shipped_data):
    council = AuthorityFactory(name="Linford City Council")
    monday = FUTURE - timedelta(days=FUTURE.weekday())
    response = client.post(reverse("reviews:create"), review_data(council, start=monday))

    review = Review.objects.get(authority=council)
    assert response["Location"] == reverse("reviews:lines", args=[review.pk])
    assert review.focus_areas == ["Early help", "Private fostering"]
    assert review.onsite_end == monday + timedelta(days=4)  # Monday to Friday
    assert review.feedback_workshop == review.onsite_end
    assert Membership.objects.get(review=review, user=manager).role == Role.REVIEW_MANAGER
    assert (
        ReviewLine.objects.filter(theme__review=review).count()
        == LineOfEnquiry.objects.filter(active=True).count()
    )
    assert review.milestones.count() == len(Milestone.Kind)
    assert review.milestones.get(kind="scope_agreed").due == monday - timedelta(weeks=12)
    assert review.milestones.get(kind="final_letter").due == review.onsite_end + timedelta(weeks=6)


def test_on_site_week_skips_the_weekend(world):
    wednesday = FUTURE + timedelta(days=(2 - FUTURE.weekday()) % 7)
    world.review.onsite_start, world.review.onsite_days = wednesday, 5
    world.review.save()
    assert world.review.onsite_end == wednesday + timedelta(days=6)  # the next Tuesday


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        (
            date_fields("onsite_start", date.today() - timedelta(days=1)),
            "onsite_start",
            "today or in the future",
        ),
        ({"onsite_days": 0}, "onsite_days", "at least 1 day"),
        (
            date_fields("feedback_workshop", FUTURE - timedelta(days=1)),
            "feedback_workshop",
            "on or after the first on-site day",
        ),
        ({"onsite_start_0": "31", "onsite_start_1": "2"}, "onsite_start", "Enter a real date"),
        ({"authority": ""}, "authority", "This field is required"),
    ],
)
def test_bad_review_details_are_refused_next_to_the_field(
    client, manager, shipped_data, change, field, message
):
    council = AuthorityFactory()
    response = client.post(reverse("reviews:create"), review_data(council) | change)
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert not Review.objects.filter(authority=council).exists()


def test_tailoring_one_review_leaves_others_and_the_framework_alone(client, manager, world):
    other = services.create_review(authority=AuthorityFactory(), created_by=manager, onsite_start=FUTURE)
    lines = ReviewLine.objects.filter(theme__review=world.review)
    keep = list(lines.values_list("pk", flat=True)[:3])
    data = {}
    for line in lines.filter(pk__in=keep).select_related("theme"):
        data.setdefault(f"theme_{line.theme.number}", []).append(line.pk)
    client.post(reverse("reviews:lines", args=[world.review.pk]), data)

    assert set(lines.filter(included=True).values_list("pk", flat=True)) == set(keep)
    assert not ReviewLine.objects.filter(theme__review=other, included=False).exists()
    assert not LineOfEnquiry.objects.filter(active=False).exists()


def test_manager_adds_a_local_line_and_framework_edits_do_not_reach_existing_reviews(client, manager, world):
    theme = world.review.themes.get(number=3)
    client.post(
        reverse("reviews:local-line-create", args=[world.review.pk]),
        {"theme": theme.pk, "text": "How well do schools use early help?"},
    )
    assert theme.lines.get(is_local=True).text == "How well do schools use early help?"

    line = LineOfEnquiry.objects.filter(theme__number=3).first()
    old_text = line.text
    client.post(reverse("reviews:line-edit", args=[line.pk]), {"text": "A reworded line", "active": "on"})
    line.refresh_from_db()
    assert line.text == "A reworded line"
    assert theme.lines.filter(text=old_text).exists()
    assert not theme.lines.filter(text="A reworded line").exists()
    new = services.create_review(authority=AuthorityFactory(), created_by=manager, onsite_start=FUTURE)
    assert new.themes.get(number=3).lines.filter(text="A reworded line").exists()


def test_local_line_needs_a_theme_and_text(client, manager, world):
    response = client.post(
        reverse("reviews:local-line-create", args=[world.review.pk]), {"theme": "", "text": ""}
    )
    errors = response.context["form"].errors
    assert errors["theme"] == ["Choose the theme it belongs to"]
    assert errors["text"] == ["Enter the line of enquiry"]


def test_the_council_agrees_the_scope(client, manager, world):
    client.post(reverse("reviews:scope-send", args=[world.review.pk]))
    world.review.refresh_from_db()
    assert world.review.scope_status == Review.ScopeStatus.SENT

    client.force_login(world.people[Role.COUNCIL_SPONSOR])
    dashboard = client.get(reverse("dashboard")).content.decode()
    assert "Scope waiting for your agreement" in dashboard
    page = client.get(reverse("reviews:scope", args=[world.review.pk])).content.decode()
    assert "Do you agree this scope?" in page
    assert "To see how well children are kept safe." in page

    client.post(reverse("reviews:scope", args=[world.review.pk]), {"decision": "agree", "comment": ""})
    world.review.refresh_from_db()
    assert world.review.scope_status == Review.ScopeStatus.AGREED
    assert world.review.milestones.get(kind="scope_agreed").is_done
    assert world.review.scope_events.first().by == world.people[Role.COUNCIL_SPONSOR]


def test_asking_for_changes_needs_a_comment(client, world):
    services.send_scope(world.review, by=world.people[Role.REVIEW_MANAGER])
    client.force_login(world.people[Role.COUNCIL_ORGANISER])
    url = reverse("reviews:scope", args=[world.review.pk])
    response = client.post(url, {"decision": "changes", "comment": "  "})
    assert response.context["form"].errors["comment"] == ["Say what you would like changed"]
    world.review.refresh_from_db()
    assert world.review.scope_status == Review.ScopeStatus.SENT

    client.post(url, {"decision": "changes", "comment": "Please add the health partnership."})
    world.review.refresh_from_db()
    assert world.review.scope_status == Review.ScopeStatus.CHANGES_REQUESTED
    assert "Please add the health partnership." in client.get(url).content.decode()


def test_peers_read_the_scope_but_cannot_answer_or_send_it(client, world):
    services.send_scope(world.review, by=world.people[Role.REVIEW_MANAGER])
    client.force_login(world.people[Role.PEER])
    url = reverse("reviews:scope", args=[world.review.pk])
    page = client.get(url).content.decode()
    assert "To see how well children are kept safe." in page
    assert "Do you agree this scope?" not in page
    client.post(url, {"decision": "agree"})
    world.review.refresh_from_db()
    assert world.review.scope_status == Review.ScopeStatus.SENT


def test_sending_an_incomplete_scope_says_what_is_missing(client, manager, world):
    Review.objects.filter(pk=world.review.pk).update(purpose="")
    response = client.post(reverse("reviews:scope-send", args=[world.review.pk]), follow=True)
    assert "Before sending the scope, add the purpose of the review." in response.content.decode()
    world.review.refresh_from_db()
    assert world.review.scope_status == Review.ScopeStatus.DRAFT


def test_changing_an_agreed_scope_reopens_it_and_both_sides_see_what_changed(client, manager, world):
    services.send_scope(world.review, by=manager)
    services.respond_to_scope(world.review, by=world.people[Role.COUNCIL_SPONSOR], agree=True)
    data = {
        "kind": Review.Kind.SCOPING,
        "purpose": "A new purpose.",
        "focus_areas": ["Early help"],
        "onsite_days": 5,
        **date_fields("onsite_start", world.review.onsite_start),
    }
    response = client.post(reverse("reviews:edit", args=[world.review.pk]), data)
    assert response.status_code == 302, response.context["form"].errors
    world.review.refresh_from_db()
    assert world.review.scope_status == Review.ScopeStatus.DRAFT
    assert world.review.scope_events.first().kind == ScopeEvent.Kind.REOPENED

    for role in (Role.REVIEW_MANAGER, Role.COUNCIL_SPONSOR):
        client.force_login(world.people[role])
        page = client.get(reverse("reviews:scope", args=[world.review.pk])).content.decode()
        assert "Changed since the council agreed it" in page
        assert "Purpose changed from “To see how well children are kept safe.” to “A new purpose.”" in page


def test_saving_an_agreed_scope_unchanged_keeps_it_agreed(world):
    manager = world.people[Role.REVIEW_MANAGER]
    services.send_scope(world.review, by=manager)
    services.respond_to_scope(world.review, by=world.people[Role.COUNCIL_SPONSOR], agree=True)
    world.review.refresh_from_db()
    services.update_review(world.review, by=manager, purpose=world.review.purpose)
    world.review.refresh_from_db()
    assert world.review.scope_status == Review.ScopeStatus.AGREED


def test_review_list_filters_and_sorts(client, manager, world):
    early = services.create_review(
        authority=AuthorityFactory(name="Early Council"), created_by=manager, onsite_start=date(2027, 2, 1)
    )
    late = services.create_review(
        authority=AuthorityFactory(name="Late Council"), created_by=manager, onsite_start=date(2028, 2, 7)
    )
    Review.objects.filter(pk=late.pk).update(stage=Review.Stage.TEAM)
    url = reverse("reviews:list")

    assert [r.pk for r in client.get(url, {"year": 2028}).context["reviews"]] == [late.pk]
    assert [r.pk for r in client.get(url, {"stage": "team"}).context["reviews"]] == [late.pk]
    assert [r.pk for r in client.get(url, {"council": early.authority_id}).context["reviews"]] == [early.pk]
    soonest = [r.pk for r in client.get(url).context["reviews"]]
    assert soonest.index(early.pk) < soonest.index(late.pk)
    latest = [r.pk for r in client.get(url, {"sort": "latest"}).context["reviews"]]
    assert latest.index(late.pk) < latest.index(early.pk)


def test_only_programme_managers_create_reviews(client, world):
    client.force_login(world.people[Role.TEAM_LEADER])
    council = AuthorityFactory()
    assert client.post(reverse("reviews:create"), review_data(council)).status_code == 403
    assert not Review.objects.filter(authority=council).exists()


def test_themes_ship_with_the_product(shipped_data):
    assert list(Theme.objects.values_list("title", flat=True)) == [
        "Effective practice, service delivery and the voice of the child",
        "Outcomes, impact and performance",
        "Working together",
        "Capacity and managing resources",
        "Vision, strategy and leadership",
    ]
    assert all(theme.lines.count() >= 4 for theme in Theme.objects.all())


def test_a_line_the_manager_adds_is_not_labelled_as_the_councils(client, manager, world):
    theme = world.review.themes.get(number=3)
    client.post(
        reverse("reviews:local-line-create", args=[world.review.pk]),
        {"theme": theme.pk, "text": "How well do schools use early help?"},
    )
    page = client.get(reverse("reviews:scope", args=[world.review.pk])).content.decode()
    assert "How well do schools use early help? <strong" in page
    assert "Added for this review" in page
    assert "Added by the council" not in page


def test_the_council_adds_its_own_line_of_enquiry_and_the_manager_sends_the_scope_again(client, world):
    services.send_scope(world.review, by=world.people[Role.REVIEW_MANAGER])
    client.force_login(world.people[Role.COUNCIL_SPONSOR])
    scope_url = reverse("reviews:scope", args=[world.review.pk])
    assert "Add a line of enquiry" in client.get(scope_url).content.decode()
    theme = world.review.themes.get(number=1)
    response = client.post(
        reverse("reviews:local-line-create", args=[world.review.pk]),
        {"theme": theme.pk, "text": "How well do we hear from disabled children?"},
    )
    assert response.url == scope_url
    page = client.get(scope_url).content.decode()
    assert "How well do we hear from disabled children? <strong" in page
    assert "Added by the council" in page
    world.review.refresh_from_db()
    assert world.review.scope_status == Review.ScopeStatus.DRAFT


@pytest.mark.parametrize(
    ("kind", "days", "scope_weeks_before"),
    [(Review.Kind.FULL, 5, 12), (Review.Kind.SCOPING, 3, 8), (Review.Kind.FOLLOW_UP, 2, 6)],
)
def test_each_review_type_starts_with_its_own_plan(
    client, manager, shipped_data, kind, days, scope_weeks_before
):
    council = AuthorityFactory(name="Linford City Council")
    monday = FUTURE - timedelta(days=FUTURE.weekday())
    client.post(reverse("reviews:create"), review_data(council, start=monday, kind=kind, onsite_days=""))
    review = Review.objects.get(authority=council)
    assert review.onsite_days == days
    assert review.milestones.get(kind="scope_agreed").due == monday - timedelta(weeks=scope_weeks_before)


def test_a_full_review_across_the_five_themes_is_offered(client, manager):
    page = client.get(reverse("reviews:create")).content.decode()
    assert "Full review across the five themes" in page
    assert "Leave blank for the usual length of this type of review" in page


def test_changing_the_review_type_moves_the_plan(client, manager, world):
    monday = world.review.onsite_start
    world.review.kind = Review.Kind.FULL
    world.review.save()
    services.build_plan(world.review)
    data = {
        "kind": Review.Kind.FOLLOW_UP,
        "purpose": "What became of the 2011 recommendations.",
        "onsite_days": world.review.onsite_days,
        **date_fields("onsite_start", monday),
    }
    client.post(reverse("reviews:edit", args=[world.review.pk]), data)
    assert world.review.milestones.get(kind="scope_agreed").due == monday - timedelta(weeks=6)

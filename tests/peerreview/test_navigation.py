"""The review's navigation: built once from data (peerreview/navigation.py), rendered by the reviews header."""

import re
from pathlib import Path

import pytest
from django.urls import reverse

from peerreview.navigation import review_sections
from reviews.models import Role
from reviews.rules import role_on

ROOT = Path(__file__).resolve().parents[2]
TEAM = [Role.REVIEW_MANAGER, Role.TEAM_LEADER, Role.PEER, Role.ANALYST_PEER]
COUNCIL = [Role.COUNCIL_SPONSOR, Role.COUNCIL_ORGANISER]


def expected(review, sees_notes):
    pk = review.pk
    return [
        ("Overview", reverse("reviews:detail", args=[pk])),
        ("Scope", reverse("reviews:scope", args=[pk])),
        ("Plan", reverse("reviews:plan", args=[pk])),
        ("Team", reverse("teams:team", args=[pk])),
        ("Timetable", reverse("casework:timetable", args=[pk])),
        ("Evidence", reverse("reviews:library", args=[pk])),
        ("Notes and findings", reverse("casework:board", args=[pk]))
        if sees_notes
        else ("Emerging messages", reverse("casework:summaries", args=[pk])),
        ("Letter", reverse("casework:letter", args=[pk])),
        ("Follow-up", reverse("casework:followup", args=[pk])),
    ]


def header_links(html):
    """(label, url, current) for each link of the review's side navigation on a page."""
    nav = re.search(
        r'<nav class="moj-side-navigation[^"]*" aria-label="Review sections">.*?</nav>', html, re.S
    )
    assert nav, "the page has the review's navigation"
    return [
        (label, url, bool(current))
        for url, current, label in re.findall(
            r'<a href="([^"]*)"( aria-current="page")?>([^<]*)</a>', nav.group(0)
        )
    ]


@pytest.mark.parametrize("role", TEAM + COUNCIL)
def test_every_member_sees_the_sections_in_order_the_team_with_its_notes(client, world, role):
    client.force_login(world.user(role))
    page = client.get(reverse("reviews:detail", args=[world.review.pk]))
    assert page.status_code == 200
    links = header_links(page.content.decode())
    assert [(label, url) for label, url, _ in links] == expected(world.review, sees_notes=role in TEAM)
    assert [label for label, _, current in links if current] == ["Overview"]


@pytest.mark.parametrize(
    ("url_name", "current"),
    [
        ("reviews:scope", "Scope"),
        ("reviews:plan", "Plan"),
        ("teams:team", "Team"),
        ("casework:timetable", "Timetable"),
        ("reviews:library", "Evidence"),
        ("casework:board", "Notes and findings"),
        ("casework:letter", "Letter"),
        ("casework:followup", "Follow-up"),
    ],
)
def test_each_section_marks_itself_current(client, world, url_name, current):
    client.force_login(world.user(Role.REVIEW_MANAGER))
    page = client.get(reverse(url_name, args=[world.review.pk]))
    assert page.status_code == 200
    assert [label for label, _, is_current in header_links(page.content.decode()) if is_current] == [current]


def test_building_the_navigation_asks_the_database_nothing_once_the_role_is_known(
    world, django_assert_num_queries
):
    user, review = world.user(Role.PEER), world.review
    role_on(user, review)  # as the view's access check does
    with django_assert_num_queries(0):
        sections = review_sections(user, review, "plan")
    assert [item.key for item in sections if item.current] == ["plan"]


def test_no_reviews_template_names_another_apps_urls_or_permissions():
    """Layers in templates too: a reviews template leaves teams and casework to the composing layer."""
    offending = {
        str(path.relative_to(ROOT)): found
        for path in sorted((ROOT / "templates" / "reviews").rglob("*.html"))
        if (found := re.findall(r"""['"](?:teams|casework)[:.][\w-]+['"]""", path.read_text()))
    }
    assert offending == {}

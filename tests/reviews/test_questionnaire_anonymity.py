"""Questionnaire results never let a small group be worked out, not even by subtracting from the totals."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from reviews import services
from reviews.anonymity import OTHER_AGENCIES, disclosable
from reviews.models import Role
from reviews.services import evidence


def test_six_answers_five_from_social_care_and_one_from_police_show_no_group_apart():
    disclosure = disclosable({"social_care": 5, "police": 1})
    assert disclosure.shown == ()
    assert disclosure.group_of("social_care") is None
    assert disclosure.group_of("police") is None


def test_small_groups_that_make_five_together_are_shown_as_other_agencies():
    disclosure = disclosable({"social_care": 9, "police": 3, "voluntary": 2})
    assert disclosure.shown == ("social_care",)
    assert disclosure.group_of("police") == disclosure.group_of("voluntary") == OTHER_AGENCIES


def test_a_fold_under_five_takes_in_the_smallest_group_shown():
    disclosure = disclosable({"social_care": 9, "health": 6, "police": 3})
    assert disclosure.shown == ("social_care",)
    assert disclosure.folded == ("health", "police")


def test_groups_of_five_or_more_are_all_shown_when_nothing_is_small():
    disclosure = disclosable({"social_care": 9, "health": 5})
    assert disclosure.shown == ("health", "social_care")
    assert not disclosure.other_shown


@pytest.mark.parametrize(
    "counts",
    [
        {"social_care": 5, "police": 1},
        {"social_care": 5, "health": 5, "police": 1},
        {"social_care": 9, "health": 6, "education": 5, "police": 3, "voluntary": 2},
        {"social_care": 7, "health": 1, "police": 1, "education": 1},
        {"social_care": 20, "health": 5, "police": 4},
    ],
)
def test_nothing_shown_apart_or_left_over_is_under_five(counts):
    disclosure = disclosable(counts)
    rows = [counts[key] for key in disclosure.shown]
    left_over = sum(counts.values()) - sum(rows)
    assert all(n >= 5 for n in rows)
    assert left_over == 0 or left_over >= 5


def test_a_lone_agency_in_the_fold_is_not_named():
    assert not disclosable({"police": 3}).folded_named
    assert disclosable({"social_care": 5, "police": 1}).folded_named


@pytest.fixture
def questionnaire(world):
    return services.open_questionnaire(world.review, closes_on=date.today() + timedelta(days=10))


def answer(questionnaire, agency, value, times=1):
    for _ in range(times):
        services.submit_response(
            questionnaire,
            agency_type=agency,
            role_level="frontline",
            answers={statement.pk: value for statement in questionnaire.statements.all()},
        )


def results_page(client, world):
    client.force_login(world.people[Role.ANALYST_PEER])
    return client.get(reverse("reviews:questionnaire-results", args=[world.review.pk])).content.decode()


def test_results_page_does_not_show_five_from_social_care_beside_one_police_answer(
    client, world, questionnaire
):
    answer(questionnaire, "social_care", 5, times=5)
    answer(questionnaire, "police", 1)
    page = results_page(client, world)
    assert "6 answers." in page
    assert "Children&#x27;s social care: 5" not in page
    assert "100% agree" not in page  # social care's share would give away the police answer
    assert "83% agree or strongly agree" in page  # the totals stay


def test_results_page_counts_small_groups_together_as_other_agencies(client, world, questionnaire):
    answer(questionnaire, "social_care", 5, times=6)
    answer(questionnaire, "police", 1, times=3)
    answer(questionnaire, "voluntary", 1, times=2)
    page = results_page(client, world)
    assert "Children&#x27;s social care: 6; Other agencies: 5." in page
    assert "Police:" not in page
    assert "Counted together, not shown apart: Police, Voluntary and community sector." in page
    assert "0% agree</td>" in page  # the five in Other agencies, together


def test_results_wait_until_five_people_have_answered(client, world, questionnaire):
    answer(questionnaire, "police", 2, times=4)
    page = results_page(client, world)
    assert "Results appear once 5 people have answered" in page
    assert "agree or strongly agree" not in page
    assert "Police" not in page


def test_a_statement_added_later_sits_under_its_themes_one_heading(client, world, questionnaire):
    theme = world.review.themes.get(number=1)
    evidence.add_statement(questionnaire, text="Supervision helps me think about the child.", theme=theme)
    answer(questionnaire, "social_care", 4, times=5)
    page = results_page(client, world)
    assert page.count(f">{theme}</h3>") == 1
    assert page.index("Supervision helps me think") < page.index(str(world.review.themes.get(number=2)))

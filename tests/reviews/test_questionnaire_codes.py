"""One-time codes let several people answer from one shared computer, and still say nothing about who."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from reviews import services
from reviews.models import AuditEvent, QuestionnaireCode, QuestionnaireResponse, Role
from reviews.services import evidence
from tests.helpers import answer_data


@pytest.fixture
def questionnaire(world):
    return services.open_questionnaire(world.review, closes_on=date.today() + timedelta(days=10))


def make_codes(client, world, count, role=Role.COUNCIL_ORGANISER):
    client.force_login(world.people[role])
    response = client.post(reverse("reviews:questionnaire-codes", args=[world.review.pk]), {"count": count})
    client.logout()
    return response


def printed_codes(response):
    page = response.content.decode()
    return [part.split("</span>")[0] for part in page.split('one-time code: <span class="app-code">')[1:]]


def test_the_council_makes_codes_to_print_once_and_only_their_hashes_are_kept(client, world, questionnaire):
    response = make_codes(client, world, 3)
    codes = printed_codes(response)
    assert len(set(codes)) == 3
    assert "They cannot be shown again" in response.content.decode()
    assert response["Cache-Control"].startswith("max-age=0")
    stored = list(QuestionnaireCode.objects.values_list("digest", flat=True))
    assert len(stored) == 3
    assert not any(code.replace("-", "") in digest.upper() for code in codes for digest in stored)
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.QUESTIONNAIRE_CODES_ISSUED, user=world.people[Role.COUNCIL_ORGANISER]
    ).exists()


def test_a_second_person_on_a_shared_computer_answers_with_a_code(client, world, questionnaire):
    first, second = printed_codes(make_codes(client, world, 2))
    url = questionnaire.get_absolute_url()
    client.post(url, answer_data(questionnaire))
    page = client.get(url).content.decode()
    assert "Someone has already answered from this computer" in page
    without = client.post(url, answer_data(questionnaire, agency="police"))
    assert "Enter the one-time code you were given" in without.content.decode()
    client.post(
        url, {**answer_data(questionnaire, agency="police"), "code": second.lower().replace("-", " ")}
    )
    assert sorted(QuestionnaireResponse.objects.values_list("agency_type", flat=True)) == ["health", "police"]


def test_a_code_works_once(client, world, questionnaire):
    (code,) = printed_codes(make_codes(client, world, 1))
    url = questionnaire.get_absolute_url()
    client.post(url, {**answer_data(questionnaire), "code": code})
    again = client.post(url, {**answer_data(questionnaire), "code": code})
    assert "This code is not right, or has been used already" in again.content.decode()
    assert QuestionnaireResponse.objects.count() == 1


def test_a_used_code_says_nothing_about_the_answers_given_with_it(client, world, questionnaire):
    codes = printed_codes(make_codes(client, world, 2))
    client.post(questionnaire.get_absolute_url(), {**answer_data(questionnaire), "code": codes[1]})
    assert {field.name for field in QuestionnaireCode._meta.get_fields()} == {
        "id", "questionnaire", "digest", "used"
    }  # fmt: skip
    assert not any(
        field.related_model is QuestionnaireCode for field in QuestionnaireResponse._meta.get_fields()
    )
    assert evidence.questionnaire_code_counts(questionnaire) == {"issued": 2, "used": 1}


def test_the_number_of_codes_is_checked_next_to_the_field(client, world, questionnaire):
    response = make_codes(client, world, 0, role=Role.REVIEW_MANAGER)
    assert "Make at least 1 code" in response.content.decode()
    assert not QuestionnaireCode.objects.exists()

"""The manager replaces the questionnaire's secret link; the old one stops working at once."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from reviews import services
from reviews.models import AuditEvent, Questionnaire, QuestionnaireResponse, Role
from tests.helpers import answer_data


@pytest.fixture
def questionnaire(world):
    return services.open_questionnaire(world.review, closes_on=date.today() + timedelta(days=10))


def new_link(client, world, questionnaire):
    client.force_login(world.people[Role.REVIEW_MANAGER])
    response = client.post(reverse("reviews:questionnaire-new-link", args=[world.review.pk]))
    assert response.status_code == 302
    client.logout()
    return Questionnaire.objects.get(pk=questionnaire.pk).get_absolute_url()


def test_the_manager_is_told_the_old_link_will_stop_working_before_confirming(client, world, questionnaire):
    client.force_login(world.people[Role.REVIEW_MANAGER])
    page = client.get(reverse("reviews:questionnaire-new-link", args=[world.review.pk])).content.decode()
    assert "The current link will stop working straight away" in page
    assert Questionnaire.objects.get().token == questionnaire.token


def test_after_a_new_link_the_old_link_says_it_is_no_longer_in_use_and_takes_no_answers(
    client, world, questionnaire
):
    old = questionnaire.get_absolute_url()
    new_link(client, world, questionnaire)
    response = client.get(old)
    assert response.status_code == 404
    assert "This link is no longer in use" in response.content.decode()
    assert "Ask the council that sent it to you for the new link" in response.content.decode()
    assert client.post(old, answer_data(questionnaire)).status_code == 404
    assert not QuestionnaireResponse.objects.exists()


def test_the_new_link_takes_answers_and_is_the_one_the_council_shares(client, world, questionnaire):
    url = new_link(client, world, questionnaire)
    assert url != questionnaire.get_absolute_url()
    client.post(url, answer_data(questionnaire))
    assert QuestionnaireResponse.objects.count() == 1
    client.force_login(world.people[Role.COUNCIL_ORGANISER])
    assert url in client.get(reverse("reviews:questionnaire", args=[world.review.pk])).content.decode()


def test_a_new_link_is_recorded_in_the_audit_trail(client, world, questionnaire):
    new_link(client, world, questionnaire)
    event = AuditEvent.objects.get(action="questionnaire_link_replaced")
    assert event.user == world.people[Role.REVIEW_MANAGER]
    assert event.review == world.review


@pytest.mark.parametrize(
    ("who", "status"),
    [*[(role.value, 403) for role in Role if role != Role.REVIEW_MANAGER], ("outsider", 404)],
)
def test_only_the_manager_can_make_a_new_link(client, world, questionnaire, who, status):
    client.force_login(world.user(who))
    response = client.post(reverse("reviews:questionnaire-new-link", args=[world.review.pk]))
    assert response.status_code == status
    assert Questionnaire.objects.get().token == questionnaire.token
    assert client.get(questionnaire.get_absolute_url()).status_code == 200

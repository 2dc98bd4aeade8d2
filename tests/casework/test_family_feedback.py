"""The optional form for children, young people and families: anonymous, once per browser, shown in groups of 5."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from casework.models import FamilyAnswer, FamilyFeedback
from casework.services import voices
from reviews.models import Role


def answer(**changes):
    data = {
        "who": "young_person",
        "listened_to": "yes",
        "feel_safer": "sometimes",
        "know_who_to_tell": "yes",
        "what_is_good": "",
        "what_would_help": "",
    }
    return {**data, **changes}


@pytest.fixture
def feedback(site):
    return voices.open_family_feedback(
        site.review,
        closes_on=date.today() + timedelta(days=14),
        help_contact="Call Harrowmere Children First on 0300 123 4567.",
        by=site.people[Role.REVIEW_MANAGER],
    )


def results_page(client, world):
    client.force_login(world.people[Role.PEER])
    return client.get(reverse("casework:family-results", args=[world.review.pk])).content.decode()


def add_answers(feedback, n, **changes):
    for _ in range(n):
        voices.submit_family_answer(feedback, **answer(**changes))


def test_the_manager_opens_the_form_with_a_closing_date_and_a_help_line(client, site):
    client.force_login(site.people[Role.REVIEW_MANAGER])
    closes = date.today() + timedelta(days=20)
    response = client.post(
        reverse("casework:family-feedback", args=[site.review.pk]),
        {
            "closes_on_0": closes.day, "closes_on_1": closes.month, "closes_on_2": closes.year,
            "help_contact": "Call 0300 123 4567.",
        },
    )  # fmt: skip
    assert response.status_code == 302
    assert FamilyFeedback.objects.get().closes_on == closes


def test_a_closing_date_in_the_past_is_refused_next_to_the_date_and_nothing_is_saved(client, site):
    client.force_login(site.people[Role.REVIEW_MANAGER])
    past = date.today() - timedelta(days=1)
    page = client.post(
        reverse("casework:family-feedback", args=[site.review.pk]),
        {"closes_on_0": past.day, "closes_on_1": past.month, "closes_on_2": past.year, "help_contact": "Call us."},
    ).content.decode()  # fmt: skip
    # Next to the date: between its label and the next field, as well as in the summary at the top.
    field = page[page.index("Last day for answers") : page.index('name="help_contact"')]
    assert "The last day for answers must be today or in the future" in field
    assert not FamilyFeedback.objects.exists()


def test_the_service_also_refuses_a_closing_date_in_the_past(site):
    with pytest.raises(voices.ClosingDateRefused):
        voices.open_family_feedback(
            site.review, closes_on=date.today() - timedelta(days=1), help_contact="x", by=None
        )
    assert not FamilyFeedback.objects.exists()


def test_anyone_with_the_link_answers_without_an_account_and_sees_who_to_talk_to(client, feedback):
    page = client.get(feedback.get_absolute_url()).content.decode()
    assert "Call Harrowmere Children First on 0300 123 4567." in page
    assert "We do not ask your name" in page
    assert client.post(feedback.get_absolute_url(), answer()).status_code == 200
    assert FamilyAnswer.objects.count() == 1


def test_the_easy_read_version_asks_the_same_questions_in_simpler_words(client, feedback):
    page = client.get(reverse("casework:family-answer-easy-read", args=[feedback.token])).content.decode()
    assert "Do people listen to you?" in page
    client.post(reverse("casework:family-answer-easy-read", args=[feedback.token]), answer())
    assert FamilyAnswer.objects.get().listened_to == "yes"


def test_the_form_asks_no_name_and_keeps_nothing_that_identifies(client, feedback):
    page = client.get(feedback.get_absolute_url()).content.decode()
    assert "Please do not write anyone's name, or your own." in page
    assert not any("name" in field.name for field in FamilyAnswer._meta.get_fields())
    assert not any("address" in field.name or field.name == "ip" for field in FamilyAnswer._meta.get_fields())


def test_one_answer_per_browser(client, feedback):
    client.post(feedback.get_absolute_url(), answer())
    again = client.post(feedback.get_absolute_url(), answer())
    assert "You have already answered" in again.content.decode()
    assert FamilyAnswer.objects.count() == 1


def test_another_browser_may_answer(client, feedback):
    from django.test import Client

    client.post(feedback.get_absolute_url(), answer())
    Client().post(feedback.get_absolute_url(), answer())
    assert FamilyAnswer.objects.count() == 2


def test_after_the_closing_date_the_form_says_it_has_closed_and_takes_nothing(client, feedback):
    FamilyFeedback.objects.filter(pk=feedback.pk).update(closes_on=date.today() - timedelta(days=1))
    response = client.post(feedback.get_absolute_url(), answer())
    assert response.status_code == 410
    assert "This form has closed" in response.content.decode()
    assert "0300 123 4567" in response.content.decode()
    assert not FamilyAnswer.objects.exists()


def test_a_wrong_link_says_nothing_about_any_review(client, feedback):
    response = client.get(reverse("casework:family-answer", args=["not-the-secret"]))
    assert response.status_code == 404
    assert "Harrowmere" not in response.content.decode()


def test_an_unanswered_question_is_named_next_to_it(client, feedback):
    page = client.post(feedback.get_absolute_url(), answer(feel_safer="")).content.decode()
    assert "Choose one answer" in page
    assert not FamilyAnswer.objects.exists()


def test_with_four_answers_the_team_sees_only_that_results_wait_for_five(client, site, feedback):
    add_answers(feedback, 4, what_is_good="My worker is kind.")
    page = results_page(client, site)
    assert "Answers are shown once 5 or more people have answered" in page
    assert "My worker is kind." not in page


def test_with_five_answers_the_team_sees_the_counts_and_the_words(client, site, feedback):
    add_answers(feedback, 5, what_is_good="My worker is kind.")
    page = results_page(client, site)
    assert "Do the people who help you listen to you?" in page
    assert "My worker is kind." in page


def test_children_and_parents_are_shown_apart_only_when_each_group_has_five(site, feedback):
    add_answers(feedback, 5, who="young_person")
    add_answers(feedback, 4, who="parent_carer")
    assert voices.family_results(feedback)["groups"] == ["Everyone"]
    add_answers(feedback, 1, who="parent_carer")
    assert voices.family_results(feedback)["groups"] == [
        "Everyone", "A child or young person", "A parent or carer",
    ]  # fmt: skip


def test_a_recorded_participants_name_is_masked_before_the_team_reads_it(client, site, feedback):
    add_answers(feedback, 4)
    add_answers(feedback, 1, what_would_help="Pat Example never calls me back.")
    page = results_page(client, site)
    assert "Pat Example" not in page
    assert "[name removed] never calls me back." in page
    assert "Name removed" in page


def test_part_of_a_name_is_masked_too(site, feedback):
    add_answers(feedback, 5, what_would_help="Pat is nice but Ms Example is busy.")
    (text,) = {item["text"] for item in voices.family_results(feedback)["what_would_help"]}
    assert text == "[name removed] is nice but [name removed] is busy."


def test_the_council_does_not_see_the_results(client, site, feedback):
    add_answers(feedback, 5)
    client.force_login(site.people[Role.COUNCIL_ORGANISER])
    assert client.get(reverse("casework:family-results", args=[site.review.pk])).status_code == 403


def test_the_council_sees_the_link_and_the_qr_code_to_share(client, site, feedback):
    client.force_login(site.people[Role.COUNCIL_ORGANISER])
    page = client.get(reverse("casework:family-feedback", args=[site.review.pk])).content.decode()
    assert feedback.get_absolute_url() in page
    poster = client.get(reverse("casework:family-poster", args=[site.review.pk])).content.decode()
    assert "<svg" in poster
    assert feedback.get_absolute_url() in poster

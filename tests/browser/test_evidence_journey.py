"""Pre-visit evidence in Chromium: the council supplies it, respondents answer, the analyst reads it."""

from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from reviews import services
from reviews.models import QuestionnaireResponse, SelfEvaluation
from tests.browser.helpers import click_and_check, sign_in, upload_two_documents

pytestmark = pytest.mark.browser
PDF = b"%PDF-1.4\n%%EOF\n"


def test_organiser_uploads_documents_and_submits_the_self_evaluation(page, live_server, world, tmp_path):
    sign_in(page, live_server, "council_organiser@example.org")
    upload_two_documents(page, f"{live_server.url}/reviews/{world.review.pk}/library/", tmp_path)

    click_and_check(page, page.get_by_role("link", name="Self-evaluation"))
    for theme in world.review.themes.all():
        group = page.get_by_role("group", name=str(theme))
        group.get_by_label("Good").check()
        group.get_by_label("Strengths").fill("A committed workforce.")
        group.get_by_label("Areas for development").fill("Recording of children's views.")
    click_and_check(page, page.get_by_role("button", name="Submit to the review team"))
    expect(page.get_by_text("Submitted to the review team. Thank you.")).to_be_visible()
    assert SelfEvaluation.objects.get(review=world.review).status == "submitted"


def test_an_anonymous_respondent_answers_on_a_phone(phone_page, live_server, world):
    questionnaire = services.open_questionnaire(world.review, closes_on=date.today() + timedelta(days=7))
    page = phone_page
    page.visit(live_server.url + questionnaire.get_absolute_url())
    click_and_check(page, page.get_by_role("button", name="Send my answers"))
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Choose how far you agree with this statement"
    )
    for statement in questionnaire.statements.all():
        page.get_by_role("group", name=statement.text).get_by_label("Agree", exact=True).check()
    page.get_by_label("Health").check()
    page.get_by_label("Frontline practitioner").check()
    click_and_check(page, page.get_by_role("button", name="Send my answers"))
    expect(page.get_by_role("heading", name="Thank you")).to_be_visible()
    assert QuestionnaireResponse.objects.get().agency_type == "health"


def test_the_analyst_reads_the_library_and_records_a_hypothesis(page, live_server, world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from reviews.models import Role

    services.upload_documents(
        world.review,
        files=[SimpleUploadedFile("Audit summary.pdf", PDF)],
        by=world.people[Role.COUNCIL_ORGANISER],
        category="audit",
    )
    sign_in(page, live_server, "analyst_peer@example.org")
    page.visit(f"{live_server.url}/reviews/{world.review.pk}/")
    click_and_check(page, page.get_by_role("link", name="Evidence", exact=True))
    click_and_check(page, page.get_by_role("link", name="Audit summary", exact=True))
    expect(page.get_by_role("link", name="Audit summary.pdf")).to_be_visible()
    click_and_check(page, page.get_by_role("link", name="Back to the library"))
    click_and_check(page, page.get_by_role("link", name="Early findings and hypotheses"))
    click_and_check(page, page.get_by_role("button", name="Record a hypothesis"))
    page.get_by_label("Theme").select_option(label="3. Working together")
    page.get_by_label("Hypothesis to test on site").fill("Schools are rarely involved in early help.")
    page.get_by_label("Open").check()
    page.get_by_label("Audit summary").check()
    click_and_check(page, page.get_by_role("button", name="Save hypothesis"))
    expect(page.get_by_text("Schools are rarely involved in early help.")).to_be_visible()


def test_a_second_colleague_on_a_shared_computer_answers_with_a_one_time_code(page, live_server, world):
    questionnaire = services.open_questionnaire(world.review, closes_on=date.today() + timedelta(days=7))
    sign_in(page, live_server, "council_organiser@example.org")
    page.visit(f"{live_server.url}/reviews/{world.review.pk}/questionnaire/")
    click_and_check(page, page.get_by_role("link", name="make one-time codes"))
    page.get_by_label("How many codes?").fill("2")
    click_and_check(page, page.get_by_role("button", name="Make codes"))
    expect(page.get_by_text("They cannot be shown again")).to_be_visible()
    code = page.locator("li .app-code").nth(1).inner_text()

    for agency, extra in (("Health", None), ("Police", code)):
        page.visit(live_server.url + questionnaire.get_absolute_url())
        if extra:
            expect(page.get_by_text("Someone has already answered from this computer")).to_be_visible()
            page.get_by_label("Your one-time code").fill(extra)
        for statement in questionnaire.statements.all():
            page.get_by_role("group", name=statement.text).get_by_label("Agree", exact=True).check()
        page.get_by_label(agency).check()
        page.get_by_label("Frontline practitioner").check()
        click_and_check(page, page.get_by_role("button", name="Send my answers"))
        expect(page.get_by_role("heading", name="Thank you")).to_be_visible()
    assert sorted(QuestionnaireResponse.objects.values_list("agency_type", flat=True)) == ["health", "police"]


def test_the_analyst_cannot_work_out_a_lone_police_answer_from_the_results(page, live_server, world):
    questionnaire = services.open_questionnaire(world.review, closes_on=date.today() + timedelta(days=7))
    for agency, value in [("social_care", 5)] * 5 + [("police", 1)]:
        services.submit_response(
            questionnaire, agency_type=agency, role_level="frontline",
            answers={statement.pk: value for statement in questionnaire.statements.all()},
        )  # fmt: skip
    sign_in(page, live_server, "analyst_peer@example.org")
    page.visit(f"{live_server.url}/reviews/{world.review.pk}/questionnaire/results/")
    expect(page.get_by_text("6 answers.")).to_be_visible()
    expect(
        page.get_by_text("Counted together, not shown apart: Children's social care, Police.")
    ).to_be_visible()
    expect(page.get_by_text("100% agree")).to_have_count(0)

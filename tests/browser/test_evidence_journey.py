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

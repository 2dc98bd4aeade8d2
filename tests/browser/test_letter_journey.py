"""The letter in Chromium: made by the worker, checked by the council, issued, downloaded."""

import pytest
from playwright.sync_api import expect

from casework.models import Finding, Letter
from casework.services import letter as letter_service
from casework.services import notes as notes_service
from reviews.models import Review, Role
from tests.browser.helpers import click_and_check, sign_in
from tests.casework.helpers import WHY_NO_FINDING, evidence_for_every_finding

pytestmark = pytest.mark.browser


def test_leader_makes_the_pdf_council_comments_manager_issues(
    page, second_page, live_server, world, real_celery_worker
):
    review = world.review
    Review.objects.filter(pk=review.pk).update(stage=Review.Stage.LETTER)
    leader = world.people[Role.TEAM_LEADER]
    for kind, text in [
        ("strength", "Leaders are visible."),
        ("recommendation", "Involve schools in strategy discussions."),
    ]:
        finding = notes_service.save_finding(
            review, Finding(review=review),
            fields={"kind": kind, "text": text, "theme": review.themes.get(number=3), "priority": "high" if kind == "recommendation" else ""},
            notes=[], by=leader,
        )  # fmt: skip
        notes_service.set_agreed(finding, agreed=True, by=leader)
    # Notes from two peers and every expected agency behind both findings (see test_letter_checks).
    evidence_for_every_finding(review, world.people)

    sign_in(page, live_server, "team_leader@example.org")
    page.visit(f"{live_server.url}/reviews/{review.pk}/letter/")
    click_and_check(page, page.get_by_role("button", name="Draft the letter"))
    # Themes without a finding must say why: until they do, the letter cannot be submitted.
    expect(page.locator("#letter-checks")).to_contain_text("Error")
    for section in Letter.objects.get(review=review).sections.filter(theme__number__in=[1, 2, 4, 5]):
        letter_service.update_section(section, body=WHY_NO_FINDING, by=leader)
    page.reload()
    expect(page.locator("#letter-checks")).to_contain_text("The checks found nothing to fix.")
    click_and_check(page, page.get_by_role("button", name="Make PDF"))
    # A real worker makes the PDF; the page polls until it is done, without a reload.
    expect(page.locator("#letter-renders")).to_contain_text("Ready", timeout=20_000)
    page.check()
    click_and_check(page, page.get_by_role("button", name="Submit for sign-off (version 1)"))
    expect(page.get_by_text("Version 1 is submitted for sign-off.")).to_be_visible()

    # The review's named quality assurer reads and approves it; then the leader sends it to the council.
    assurer = second_page
    sign_in(assurer, live_server, "quality_assurer@example.org")
    assurer.visit(f"{live_server.url}/reviews/{review.pk}/letter/")
    click_and_check(assurer, assurer.get_by_role("link", name="Read it and decide"))
    click_and_check(assurer, assurer.get_by_role("button", name="Approve version 1"))
    expect(assurer.get_by_text("You approved version 1.")).to_be_visible()
    click_and_check(assurer, assurer.get_by_role("link", name="Sources of version 1"))
    expect(assurer.get_by_role("heading", name="Where version 1 comes from")).to_be_visible()
    click_and_check(assurer, assurer.get_by_role("button", name="Sign out"))

    page.reload()
    page.get_by_role("button", name="Send to the council for checking").click()
    page.check()
    expect(page.get_by_text("sent to the council sponsor")).to_be_visible()

    council = second_page
    sign_in(council, live_server, "council_sponsor@example.org")
    council.visit(f"{live_server.url}/reviews/{review.pk}/letter/")
    expect(council.get_by_role("link", name="Open the PDF of version 1")).to_be_visible()
    click_and_check(council, council.get_by_role("link", name="Comment on this version"))
    council.get_by_label("Comment").fill("The on-site dates in the introduction are a week out.")
    click_and_check(council, council.get_by_role("button", name="Send comment"))
    expect(council.get_by_text("The on-site dates in the introduction are a week out.")).to_be_visible()

    click_and_check(page, page.get_by_role("button", name="Sign out"))
    sign_in(page, live_server, "review_manager@example.org")
    page.visit(f"{live_server.url}/reviews/{review.pk}/letter/")
    page.get_by_label("The team's response").fill("Corrected in the final letter.")
    click_and_check(page, page.get_by_role("button", name="Save response"))
    click_and_check(page, page.get_by_role("button", name="Submit the final letter for sign-off"))
    click_and_check(council, council.get_by_role("button", name="Sign out"))
    sign_in(council, live_server, "quality_assurer@example.org")
    council.visit(f"{live_server.url}/reviews/{review.pk}/letter/")
    click_and_check(council, council.get_by_role("link", name="Read it and decide"))
    click_and_check(council, council.get_by_role("button", name="Approve the final letter"))
    click_and_check(council, council.get_by_role("button", name="Sign out"))
    sign_in(council, live_server, "council_sponsor@example.org")
    page.reload()
    click_and_check(page, page.get_by_role("button", name="Issue the letter"))
    click_and_check(page, page.get_by_role("button", name="Issue the letter"))
    issued_row = page.locator("#letter-renders tbody tr").first
    expect(issued_row).to_contain_text("(issued)")
    expect(issued_row).to_contain_text("Ready", timeout=20_000)

    council.visit(f"{live_server.url}/reviews/{review.pk}/letter/")
    expect(council.get_by_text("Issued", exact=True)).to_be_visible()
    link = council.get_by_role("link", name="Open the PDF of version 2").get_attribute("href")
    response = council.request.get(live_server.url + link)
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF")

"""Document requests in Chromium: the manager asks, the council answers in one batch, the manager accepts
one and returns the other, the council answers again; an overdue request shows on the hub and dashboard."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from reviews import services
from reviews.models import Document, DocumentRequest, Role
from tests.browser.helpers import click_and_check, fill_date, sign_in
from tests.files import PDF

pytestmark = pytest.mark.browser


def ask_for(page, title, due):
    click_and_check(page, page.get_by_role("button", name="Ask the council for a document"))
    page.get_by_label("What do you need?").fill(title)
    page.get_by_label("Performance data").check()
    fill_date(page, "Due by", due)
    page.get_by_label("Council sponsor Person").check()
    click_and_check(page, page.get_by_role("button", name="Ask the council"))


def test_requests_are_asked_for_answered_in_one_batch_accepted_returned_and_answered_again(
    page, second_page, live_server, world, tmp_path
):
    today = timezone.localdate()
    manager, council = page, second_page
    sign_in(manager, live_server, "review_manager@example.org")
    manager.visit(f"{live_server.url}/reviews/{world.review.pk}/")
    click_and_check(manager, manager.get_by_role("link", name="Evidence", exact=True))
    click_and_check(manager, manager.get_by_role("link", name="Document requests"))

    # A due date in the past is refused next to the date; nothing is saved.
    ask_for(manager, "Referral data", today - timedelta(days=1))
    expect(manager.locator("#due-error, .govuk-error-message").first).to_contain_text(
        "The due date must be today or later"
    )
    assert not DocumentRequest.objects.exists()
    fill_date(manager, "Due by", today + timedelta(days=10))
    click_and_check(manager, manager.get_by_role("button", name="Ask the council"))
    expect(manager.get_by_text("Request sent to the council.")).to_be_visible()
    ask_for(manager, "LSCB annual report", today + timedelta(days=20))

    # The council owner sees both, with their due dates, and answers them in one upload.
    sign_in(council, live_server, "council_sponsor@example.org")
    council.visit(f"{live_server.url}/reviews/{world.review.pk}/library/requests/")
    rows = council.locator("tbody tr")
    expect(rows.nth(0)).to_contain_text("Referral data")
    expect(rows.nth(0)).to_contain_text((today + timedelta(days=10)).strftime("%-d %b %Y"))
    expect(rows.nth(1)).to_contain_text("LSCB annual report")
    expect(rows.nth(1)).to_contain_text((today + timedelta(days=20)).strftime("%-d %b %Y"))

    (tmp_path / "referrals.pdf").write_bytes(PDF)
    (tmp_path / "lscb-report.pdf").write_bytes(PDF)
    (tmp_path / "lscb-annex.html").write_text("<html><script>alert(1)</script></html>")
    click_and_check(council, council.get_by_role("button", name="Upload against several requests"))
    # A refused file in the batch: the message is beside that request's files and nothing is saved.
    council.get_by_label("Referral data").set_input_files(str(tmp_path / "referrals.pdf"))
    council.get_by_label("LSCB annual report").set_input_files(str(tmp_path / "lscb-annex.html"))
    click_and_check(council, council.get_by_role("button", name="Upload"))
    expect(council.locator(".govuk-form-group--error")).to_contain_text("Nothing was uploaded")
    expect(council.locator(".govuk-form-group--error")).to_contain_text("LSCB annual report")
    assert not Document.objects.exists()
    council.get_by_label("Referral data").set_input_files(str(tmp_path / "referrals.pdf"))
    council.get_by_label("LSCB annual report").set_input_files(str(tmp_path / "lscb-report.pdf"))
    click_and_check(council, council.get_by_role("button", name="Upload"))
    expect(council.get_by_text("2 files uploaded.")).to_be_visible()
    expect(council.locator("tbody")).to_contain_text("Submitted")

    # The manager accepts one and returns the other with a reason (an empty reason is refused).
    manager.visit(f"{live_server.url}/reviews/{world.review.pk}/library/requests/")
    click_and_check(manager, manager.get_by_role("link", name="Referral data"))
    click_and_check(manager, manager.get_by_role("button", name="Accept"))
    expect(manager.get_by_text("Request accepted.")).to_be_visible()
    click_and_check(manager, manager.get_by_role("link", name="All document requests"))
    click_and_check(manager, manager.get_by_role("link", name="LSCB annual report"))
    click_and_check(manager, manager.get_by_role("button", name="Return with a reason"))
    click_and_check(manager, manager.get_by_role("button", name="Return to the council"))
    expect(manager.locator("#reason-error, .govuk-error-message").first).to_contain_text(
        "Say why the request goes back"
    )
    manager.get_by_label("Why does it go back?").fill("This is last year's report; we need 2025-26.")
    click_and_check(manager, manager.get_by_role("button", name="Return to the council"))
    expect(manager.get_by_text("Request returned to the council with your reason.")).to_be_visible()

    # The council sees the returned request and its reason, and answers: not available, with why.
    council.visit(f"{live_server.url}/reviews/{world.review.pk}/library/requests/")
    expect(council.locator("tbody tr").nth(0)).to_contain_text("Accepted")
    expect(council.locator("tbody tr").nth(1)).to_contain_text("Returned")
    click_and_check(council, council.get_by_role("link", name="LSCB annual report"))
    expect(council.get_by_text("This is last year's report; we need 2025-26.")).to_be_visible()
    click_and_check(council, council.get_by_role("link", name="Say it is not available"))
    click_and_check(council, council.get_by_role("button", name="Say it is not available"))
    expect(council.locator("#explanation-error, .govuk-error-message").first).to_contain_text(
        "Explain why it is not available"
    )
    council.get_by_label("Why is it not available?").fill("The 2025-26 report is published in May.")
    click_and_check(council, council.get_by_role("button", name="Say it is not available"))
    expect(council.get_by_text("The review manager has been told it is not available.")).to_be_visible()
    assert DocumentRequest.objects.get(title="LSCB annual report").status == "not_available"


def test_an_overdue_request_shows_on_the_hub_and_the_dashboard(page, live_server, world):
    item = services.request_document(
        world.review, by=world.people[Role.REVIEW_MANAGER], title="Early help scorecard",
        due=timezone.localdate(), owner=world.people[Role.COUNCIL_SPONSOR],
    )  # fmt: skip
    DocumentRequest.objects.filter(pk=item.pk).update(due=timezone.localdate() - timedelta(days=3))
    sign_in(page, live_server, "review_manager@example.org")
    overdue = page.get_by_role("heading", name="Overdue document requests")
    expect(overdue).to_be_visible()
    expect(page.get_by_role("link", name="Early help scorecard")).to_be_visible()
    page.visit(f"{live_server.url}/reviews/{world.review.pk}/")
    expect(overdue).to_be_visible()
    click_and_check(page, page.get_by_role("link", name="Early help scorecard"))
    expect(page.locator(".govuk-tag--red")).to_have_text("Overdue")

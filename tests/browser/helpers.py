"""Steps the browser journeys share."""

from playwright.sync_api import expect

from tests.factories import PASSWORD
from tests.files import PDF


def sign_in(page, live_server, email, password=PASSWORD):
    page.visit(f"{live_server.url}/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.check()


def click_and_check(page, locator):
    locator.click()
    page.check()


def fill_date(page, legend, day):
    group = page.get_by_role("group", name=legend)
    group.get_by_label("Day").fill(str(day.day))
    group.get_by_label("Month").fill(str(day.month))
    group.get_by_label("Year").fill(str(day.year))


def upload_two_documents(page, library_url, folder):
    """The organiser uploads a strategy and a data file from the library page."""
    (folder / "Early help strategy.pdf").write_bytes(PDF)
    (folder / "Referral data.csv").write_text("month,referrals\n2026-10,388\n")
    page.visit(library_url)
    click_and_check(page, page.get_by_role("button", name="Upload documents"))
    page.get_by_label("Files").set_input_files(
        [str(folder / "Early help strategy.pdf"), str(folder / "Referral data.csv")]
    )
    page.get_by_label("Policy or strategy").check()
    page.get_by_role("button", name="Upload").click()
    page.wait_for_url(library_url)
    page.check()
    expect(page.get_by_text("2 files uploaded.")).to_be_visible()
    expect(page.get_by_role("link", name="Early help strategy", exact=True)).to_be_visible()

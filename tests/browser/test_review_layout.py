"""A review's pages in Chromium: the side navigation beside the page on a desktop, above it on a phone,
and no page wider than the screen, the coverage table (every agency, every line of enquiry) included."""

import uuid

import pytest
from playwright.sync_api import expect

from casework.services import notes as notes_service
from reviews.models import AgencyType, Role
from tests.browser.helpers import sign_in

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 812}


@pytest.fixture
def heard(world):
    """Notes from every agency on two themes, as after a day or two on site."""
    peer = world.people[Role.PEER]
    themes = list(world.review.themes.order_by("number")[:2])
    for agency in AgencyType:
        for theme in themes:
            note = notes_service.save_note(
                world.review, author=peer, client_id=uuid.uuid4(), draft=False,
                text=f"What {agency.label} said about theme {theme.number}.", agency=agency.value,
            )  # fmt: skip
            note.themes.add(theme)
    return world


def boxes(page):
    nav = page.get_by_role("navigation", name="Review sections").bounding_box()
    heading = page.get_by_role("heading", name="Whose voice is heard").bounding_box()
    return nav, heading


def no_sideways_scroll(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def first_column_stays_in_view(page):
    """Every agency has a column, more than fit beside the navigation: the table scrolls within its
    region, and the themes and lines of enquiry heading its rows stay in view."""
    region = page.get_by_role("region", name="Coverage matrix")
    theme = region.get_by_role("rowheader").first
    before = theme.bounding_box()["x"]
    region.evaluate("region => region.scrollBy(300, 0)")
    assert region.evaluate("region => region.scrollLeft") > 0
    assert abs(theme.bounding_box()["x"] - before) < 1, "the row headings stay in view as the table scrolls"
    region.evaluate("region => region.scrollTo(0, 0)")


def test_the_review_navigation_sits_beside_the_page_and_above_it_on_a_phone(page, live_server, heard):
    sign_in(page, live_server, "team_leader@example.org")
    page.set_viewport_size(DESKTOP)
    page.visit(f"{live_server.url}/reviews/{heard.review.pk}/coverage/")
    sections = page.get_by_role("navigation", name="Review sections")
    expect(sections.get_by_role("link", name="Notes and findings")).to_have_attribute("aria-current", "page")
    expect(
        page.get_by_role("navigation", name="Notes and findings pages").get_by_role("link", name="Coverage")
    ).to_have_attribute("aria-current", "page")

    nav, heading = boxes(page)
    assert nav["x"] + nav["width"] <= heading["x"], "the navigation is to the left of the page's content"
    assert abs(nav["y"] - heading["y"]) < 40, "the navigation starts level with the content"
    assert no_sideways_scroll(page)
    table = page.get_by_role("region", name="Coverage matrix")
    region = table.bounding_box()
    content = page.locator("main .govuk-grid-column-three-quarters").bounding_box()
    assert region["x"] + region["width"] <= content["x"] + content["width"] + 1, (
        "the table stays in its column"
    )
    first_column_stays_in_view(page)

    page.set_viewport_size(PHONE)
    page.reload()
    page.check()  # on a narrow screen this also fails if the page is wider than the screen
    nav, heading = boxes(page)
    assert nav["y"] + nav["height"] <= heading["y"], "on a phone the navigation comes first"
    assert no_sideways_scroll(page)
    first_column_stays_in_view(page)

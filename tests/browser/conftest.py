"""Browser fixtures: every page a test loads is checked with axe-core before the test ends."""

import re
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
_axe = Axe()


class CheckedPage:
    """A Playwright page that runs axe-core on each page it lands on.

    Call ``check()`` after anything that loads a page; the fixture fails the
    test if a page was loaded and never checked.
    """

    def __init__(self, page):
        self.page = page
        self.loaded = []
        self.checked = set()
        page.on("load", lambda: self.loaded.append(page.url))

    def __getattr__(self, name):
        return getattr(self.page, name)

    def check(self):
        self.page.wait_for_load_state()
        results = _axe.run(
            self.page,
            options={"resultTypes": ["violations"], "runOnly": {"type": "tag", "values": WCAG_TAGS}},
        )
        serious = [v for v in results.response["violations"] if v["impact"] in {"serious", "critical"}]
        assert not serious, f"Accessibility violations on {self.page.url}:\n" + "\n".join(
            f"- {v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']]}"
            for v in serious
        )
        viewport = self.page.viewport_size
        if viewport and viewport["width"] < 500:
            overflow = self.page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 0, f"{self.page.url} is {overflow}px wider than a phone screen"
        self.checked.add(self.page.url)
        return self

    def visit(self, url):
        self.page.goto(url)
        return self.check()


def _make_page(browser, request, **context_options):
    context = browser.new_context(locale="en-GB", timezone_id="Europe/London", **context_options)
    context.set_default_timeout(10_000)
    checked = CheckedPage(context.new_page())
    yield checked
    failed = getattr(request.node, "rep_call", None) is not None and request.node.rep_call.failed
    if failed:
        ARTIFACTS.mkdir(exist_ok=True)
        name = re.sub(r"[^\w.-]", "_", request.node.nodeid)
        # One file for each person's browser: a test may have several open.
        number = len(list(ARTIFACTS.glob(f"{name}-*.png"))) + 1
        checked.page.screenshot(path=str(ARTIFACTS / f"{name}-{number}.png"), full_page=True)
    context.close()
    if not failed:
        unchecked = [url for url in checked.loaded if url not in checked.checked]
        assert not unchecked, f"Pages loaded without an accessibility check: {unchecked}"


@pytest.fixture
def page(browser, request):
    yield from _make_page(browser, request, viewport={"width": 1280, "height": 900})


@pytest.fixture
def second_page(browser, request):
    """Another person, signed in separately, at the same time."""
    yield from _make_page(browser, request, viewport={"width": 1280, "height": 900})


@pytest.fixture
def phone_page(browser, request):
    yield from _make_page(
        browser, request, viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)

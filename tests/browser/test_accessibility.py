"""Every page each persona can reach passes axe-core's WCAG 2.x A/AA rules.

The pages are found by crawling links, so new pages are checked without being
listed here. Non-admin pages must also fit a 375px-wide phone screen.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, BrowserContext

from regie.demo.people import DEMO_LOGINS

from .conftest import log_in, new_context
from .crawl import crawl

pytestmark = pytest.mark.browser

ANONYMOUS = "anonymous"
PERSONAS = [ANONYMOUS, *(login.email for login in DEMO_LOGINS)]
ANONYMOUS_START = ["/accounts/login/", "/accounts/password/reset/"]


@pytest.fixture
def axe_context(browser: Browser, server_url: str) -> Iterator[BrowserContext]:
    """A context that lets the injected axe-core script past our CSP."""
    ctx = new_context(browser, server_url, bypass_csp=True)
    try:
        yield ctx
    finally:
        ctx.close()


@pytest.mark.parametrize("persona", PERSONAS)
def test_pages_are_accessible(
    persona: str, axe_context: BrowserContext, server_url: str, axe_source: str
) -> None:
    """Crawl from the persona's start pages; no axe violation, no sideways scrolling."""
    page = axe_context.new_page()
    if persona == ANONYMOUS:
        start = ANONYMOUS_START
    else:
        log_in(page, persona)
        start = ["/"]

    report = crawl(page, server_url, start, axe_source, logged_in=persona != ANONYMOUS)

    print(f"{persona}: checked {len(report.visited)} page(s): {', '.join(report.visited)}")
    assert report.visited, f"{persona}: the crawl reached no page"
    failures = report.failures()
    if failures:
        pages = "\n".join(f"  {path}" for path in report.visited)
        problems = "\n".join(f"- {failure}" for failure in failures)
        pytest.fail(
            f"{persona}: {len(failures)} problem(s) on {len(report.visited)} page(s):\n"
            f"{problems}\nPages checked:\n{pages}",
            pytrace=False,
        )

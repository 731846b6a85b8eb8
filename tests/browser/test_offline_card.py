"""The holder's own card stays readable on their phone without a connection (issue 10).

Chromium loads the card page once, its service worker takes control, the
network is switched off, and the reloaded page still shows the card, from
the copy saved on the device. The rest of the site is not kept offline,
"Remove the card from this phone" removes the saved copy, and so does the
first visit online after logging out.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import BrowserContext, Page, expect
from playwright.sync_api import Error as PlaywrightError

from .conftest import log_in

pytestmark = pytest.mark.browser

HOLDER = "deelnemer@regie.example"
CARD_PAGE = "/crisiskaart/mijn/kaart/"


def controlled_by_the_worker(page: Page) -> None:
    page.wait_for_function("() => navigator.serviceWorker.controller !== null", timeout=15_000)


def test_the_card_is_readable_offline_after_one_visit(page: Page, context: BrowserContext) -> None:
    log_in(page, HOLDER)
    page.goto(CARD_PAGE)
    number = page.locator("#card-number").inner_text()
    version = page.locator("#card-version").inner_text()
    assert number.startswith("CK-")
    expect(page.locator("#offline-ready")).to_be_visible()
    controlled_by_the_worker(page)
    expect(page.locator("#offline-note")).to_be_hidden()

    context.set_offline(True)
    try:
        page.reload()
        expect(page.locator("#card-number")).to_have_text(number)
        expect(page.locator("#card-version")).to_have_text(version)
        expect(page.get_by_text("Call the crisis service.", exact=False)).to_be_visible()
        expect(page.locator("#offline-note")).to_be_visible()
        # Only the card page is kept: the rest of the site needs a connection.
        with pytest.raises(PlaywrightError):
            page.goto("/crisiskaart/mijn/")
    finally:
        context.set_offline(False)


def test_the_holder_can_remove_the_card_from_the_phone(page: Page, context: BrowserContext) -> None:
    log_in(page, HOLDER)
    page.goto(CARD_PAGE)
    controlled_by_the_worker(page)
    page.locator("#offline-forget").click()
    expect(page.locator("#offline-forgotten")).to_be_visible()
    saved = page.evaluate("() => caches.keys()")
    assert not [name for name in saved if name.startswith("regie-offline-card-")]

    context.set_offline(True)
    try:
        page.goto("about:blank")
        with pytest.raises(PlaywrightError):
            page.goto(CARD_PAGE)
    finally:
        context.set_offline(False)


def test_after_logging_out_the_saved_card_is_gone_at_the_next_visit(
    page: Page, context: BrowserContext
) -> None:
    log_in(page, HOLDER)
    page.goto(CARD_PAGE)
    number = page.locator("#card-number").inner_text()
    controlled_by_the_worker(page)
    with page.expect_navigation():
        page.locator('form[action="/accounts/logout/"] button[type=submit]').click()
    # Online, the server no longer gives the page: the worker forgets its copy.
    page.goto(CARD_PAGE)
    expect(page).to_have_url(re.compile(r"/accounts/login/"))

    context.set_offline(True)
    try:
        response = page.goto(CARD_PAGE)
        assert response is not None and response.status == 503
        assert number not in page.content()
    finally:
        context.set_offline(False)

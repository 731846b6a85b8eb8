"""The header's language button switches the interface to English."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser


def test_switch_language_to_english(page: Page) -> None:
    """Pressing "English" posts to /i18n/setlang/ and the page comes back in English."""
    page.goto("/accounts/login/")
    expect(page.locator("html")).to_have_attribute("lang", "nl")

    button = page.locator('form[action="/i18n/setlang/"] button[value="en"]')
    expect(button).to_have_text("English")
    with page.expect_navigation():
        button.click()

    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page).to_have_url(re.compile(r"/accounts/login/$"))
    expect(page.locator('form[action="/i18n/setlang/"] button[value="nl"]')).to_have_text(
        "Nederlands"
    )

"""Logging in through the real form lands on the home page for one's role."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from .conftest import log_in

pytestmark = pytest.mark.browser


def test_consultant_logs_in_and_sees_home(page: Page) -> None:
    """The MBO consultant's home page greets them and shows the consultant section."""
    log_in(page, "consulent.mbo@regie.example")

    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.locator("h1")).to_have_text(re.compile(r"^\s*Welkom, \S+"))
    expect(page.locator('section.card[data-role="consultant"]').first).to_be_visible()

"""At 390 px the coordinator's lists show their key columns without sideways scrolling,
and report charts keep labels of reading size."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.urls import reverse
from playwright.sync_api import Browser, Page

from .conftest import log_in, new_context

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
COORDINATOR = "coordinator@regie.example"  # coordinator of region Utrecht
REGION = "utrecht"

# Each value of these columns must be on screen without scrolling sideways.
REQUEST_LIST_KEYS = ["Urgentie", "Wacht sinds", "Consulent"]
MATCHING_KEYS = ["Niveau", "Actieve trajecten"]


@pytest.fixture
def phone(browser: Browser, server_url: str) -> Iterator[Page]:
    context = new_context(browser, server_url)
    page = context.new_page()
    page.set_viewport_size(PHONE)
    log_in(page, COORDINATOR)
    try:
        yield page
    finally:
        context.close()


def assert_no_sideways_scroll(page: Page) -> None:
    overflow = page.evaluate(
        "() => [document.documentElement.scrollWidth, window.innerWidth,"
        " ...[...document.querySelectorAll('.table-wrap')].map(w => w.scrollWidth - w.clientWidth)]"
    )
    page_width, viewport, *wraps = overflow
    assert page_width <= viewport, overflow
    assert all(extra <= 1 for extra in wraps), overflow


def assert_labelled_cells_visible(page: Page, labels: list[str]) -> None:
    """Every cell of these columns lies inside the viewport and shows its column's name."""
    for label in labels:
        cells = page.locator(f'table.stack td[data-label="{label}"]')
        assert cells.count() > 0, label
        for index in range(min(cells.count(), 5)):
            cell = cells.nth(index)
            box = cell.bounding_box()
            assert box is not None and cell.is_visible(), label
            assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], (label, box)
            before = cell.evaluate("c => getComputedStyle(c, '::before').content")
            assert label in before, (label, before)


def test_the_request_list_shows_urgency_waiting_and_consultant_on_a_phone(phone: Page) -> None:
    phone.goto(reverse("crisiscard:request_list") + "?state=all")
    assert_no_sideways_scroll(phone)
    assert_labelled_cells_visible(phone, REQUEST_LIST_KEYS)


def test_the_matching_page_shows_level_and_load_on_a_phone(phone: Page) -> None:
    phone.goto(reverse("coordination:matching", args=[REGION]))
    assert_no_sideways_scroll(phone)
    assert_labelled_cells_visible(phone, MATCHING_KEYS)


def test_report_chart_labels_keep_reading_size_on_a_phone(phone: Page) -> None:
    phone.goto(reverse("reports:region_report", args=[REGION]))
    charts = phone.locator("svg.chart")
    assert charts.count() > 0
    for index in range(charts.count()):
        # Drawn at 12 px in the chart's own units: the rendered scale must not shrink it.
        scale = charts.nth(index).evaluate(
            "s => s.getBoundingClientRect().width / s.viewBox.baseVal.width"
        )
        assert 12 * scale >= 12 - 0.01, scale
    assert phone.locator(".scroll-hint").first.is_visible()
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

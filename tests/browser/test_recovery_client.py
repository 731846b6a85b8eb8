"""A recovery client logs in, sees their team and goals, scores their own wheel
on a phone, and finds the new scores in the picture and the table."""

from __future__ import annotations

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from .conftest import log_in
from .journey_helpers import PHONE_VIEWPORT, expect_message, nl

pytestmark = pytest.mark.browser

CLIENT_LOGIN = "client@regie.example"
OWN_WORDS = "Ik heb een eigen kamer gevonden!"


def test_a_recovery_client_scores_their_own_wheel(page: Page) -> None:
    page.set_viewport_size(PHONE_VIEWPORT)
    log_in(page, CLIENT_LOGIN)

    # The home page leads the client to their own pages.
    section = page.locator('section.card[data-role="client"]')
    expect(section).to_be_visible()
    section.get_by_role("link", name=nl("Your team, your goals and your wheel")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(nl("My recovery"))

    # Their team and their goals, in plain words.
    team = page.locator("section", has=page.locator("#team-title"))
    expect(team).to_contain_text(nl("Case director"))
    expect(team).to_contain_text(nl("Peer expert"))
    expect(team).to_contain_text(nl("Family peer expert"))
    goals = page.locator("section", has=page.locator("#goals-title"))
    expect(goals).to_contain_text("Een eigen, betaalbare woning vinden")
    expect(goals).to_contain_text("Inschrijven bij de woningcorporatie")

    rows = page.locator("#my-wheel-scores tbody tr")
    before = rows.count()
    assert before >= 5, "the demo client has a year of scores"
    expect(page.locator("figure.wheel-radar-figure svg").first).to_be_visible()

    # Scoring: one 0–10 choice per life area, the client's own words optional.
    page.get_by_role("link", name=nl("Fill in my wheel")).click()
    fieldsets = page.locator("form.wheel-form fieldset")
    count = fieldsets.count()
    assert count >= 7
    for index in range(count):
        fieldsets.nth(index).locator('input[type="radio"][value="9"]').check()
    page.locator("form.wheel-form input[type=text]").first.fill(OWN_WORDS)
    page.get_by_role("button", name=nl("Save my scores")).click()

    expect_message(page, nl("Thank you. Your scores are saved."))
    expect(rows).to_have_count(before + 1)
    newest = rows.first
    expect(newest).to_contain_text(timezone.localdate().strftime("%d-%m-%Y"))
    expect(newest).to_contain_text(nl("you"))
    expect(newest).to_contain_text(OWN_WORDS)
    expect(newest.locator("td strong").first).to_have_text("9")
    # The newest view is drawn in the picture (its own polygon, with the date in its name).
    expect(page.locator("figure.wheel-radar-figure svg").first).to_contain_text(
        timezone.localdate().strftime("%d-%m-%Y")
    )
    # Usable on a phone: the page itself does not scroll sideways.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")

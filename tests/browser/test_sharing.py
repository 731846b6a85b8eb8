"""The holder decides who sees what: granting a party a section on a phone, the party's
read link showing it, and withdrawing it stopping the link at once."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, expect

from .journey_helpers import nl, person_page

pytestmark = pytest.mark.browser

HOLDER = "deelnemer@regie.example"
SISTER = "Anouk (zus)"
NARROW_PHONE = {"width": 360, "height": 740}


def no_sideways_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_holder_grants_a_party_a_section_and_withdrawing_stops_the_link(
    browser: Browser, server_url: str
) -> None:
    with person_page(browser, server_url, HOLDER, phone=True) as holder:
        holder.set_viewport_size(NARROW_PHONE)
        holder.goto("/crisiskaart/mijn/delen/")
        expect(holder.locator("h1")).to_have_text(nl("Who may see my plan"))
        assert no_sideways_scroll(holder)
        sister = holder.locator("fieldset.sharing-row", has_text=SISTER)
        medication = sister.get_by_label(nl("Medication"), exact=True)
        expect(medication).not_to_be_checked()
        medication.check()
        holder.get_by_role("button", name=nl("Save my choices")).click()

        # Right after granting: the new link, once, with a copy button.
        expect(holder.locator("h1")).to_have_text(nl("New links"))
        assert no_sideways_scroll(holder)
        # The copy button is shown by the page's own script (allowed by the CSP nonce).
        expect(holder.get_by_role("button", name=nl("Copy link")).first).to_be_visible()
        # The page shows the full address (REGIE_PUBLIC_BASE_URL); open its path on this server.
        link = urlsplit(holder.locator("input.read-link").first.input_value()).path
        assert link.startswith("/crisiskaart/inzage/")

        with person_page(browser, server_url, phone=True) as party:
            party.set_viewport_size(NARROW_PHONE)
            response = party.goto(link)
            assert response is not None and response.status == 200
            expect(party.get_by_role("heading", name=nl("Medication"))).to_be_visible()
            expect(party.get_by_text("Quetiapine").first).to_be_visible()
            expect(party.get_by_role("heading", name=nl("How to approach me"))).to_have_count(0)
            assert no_sideways_scroll(party)

            # The holder withdraws: the link stops at once.
            holder.goto("/crisiskaart/mijn/delen/")
            sister = holder.locator("fieldset.sharing-row", has_text=SISTER)
            sister.get_by_label(nl("Medication"), exact=True).uncheck()
            holder.get_by_role("button", name=nl("Save my choices")).click()
            expect(
                holder.locator("fieldset.sharing-row", has_text=SISTER).get_by_label(
                    nl("Medication"), exact=True
                )
            ).not_to_be_checked()

            response = party.goto(link)
            assert response is not None and response.status == 410
            expect(party.locator("h1")).to_have_text(nl("This link does not work"))
            expect(party.get_by_text("Quetiapine")).to_have_count(0)

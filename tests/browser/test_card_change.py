"""Change at any time, in Chromium: a small change to an issued card (a phone number).

The demo card holder deelnemer@regie.example has an issued card and proposed a new
phone number for her sister. The consultant starts a new version from that
proposal and changes the number → the participant establishes version 2 → the
page says the parties' signatures carry over (their agreements did not change) →
the consultant makes the new card → the coordinator's four-eyes review shows what
changed → the card is re-issued → the QR code printed on the OLD card opens the new
card, and says a newer card exists. Then the emergency view at 360 × 640: the first
panel fits the screen and the numbers are tap-to-call links.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from .journey_helpers import (
    JourneyServer,
    expect_message,
    full_names,
    label,
    nl,
    person_page,
    running_server,
)

pytestmark = pytest.mark.browser

PARTICIPANT = "deelnemer@regie.example"
CONSULTANT = "consulent.mbo@regie.example"
COORDINATOR = "coordinator@regie.example"
OLD_PHONE = "06 12 34 56 78"
NEW_PHONE = "06 98 76 54 32"  # the number in the demo's open change proposal
SMALL_PHONE = {"width": 360, "height": 640}


@pytest.fixture(scope="module")
def change_server(chromium_executable: Path) -> Iterator[JourneyServer]:
    with running_server() as server:
        yield server


def open_card_request(page: Page, name: str) -> None:
    """The request list's default shows requests in progress; a card in use is under "open"."""
    menu = page.get_by_role("navigation", name=nl("Main menu"))
    menu.get_by_role("link", name=nl("Card requests"), exact=True).click()
    page.goto(page.url.split("?")[0] + "?state=open")
    page.get_by_role("link", name=name, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(nl("Request of %(name)s", name=name))


def test_a_phone_number_change_is_reissued_and_the_old_qr_shows_the_new_card(
    browser: Browser, change_server: JourneyServer
) -> None:
    url = change_server.url
    holder = full_names(change_server, [PARTICIPANT])[PARTICIPANT]

    # 0. The card as printed today: its number and the address in its QR code.
    with person_page(browser, url, CONSULTANT) as page:
        open_card_request(page, holder)
        page.get_by_role("link", name=nl("The crisis card")).click()
        old_number = page.locator("dl.details dd").first.inner_text().strip()
        old_qr = page.get_by_role("link", name=nl("Open the page behind the code")).get_attribute(
            "href"
        )
        assert old_qr and old_qr.endswith(f"?k={old_number}"), old_qr

        # 1. The consultant takes up the holder's proposal: one click starts version 2.
        page.get_by_role("link", name=nl("Back to the request")).click()
        page.get_by_role("link", name=nl("Open the crisis plan")).click()
        proposals = page.get_by_role("region", name=nl("Proposals from the participant"))
        expect(proposals).to_contain_text(NEW_PHONE)
        proposals.get_by_role("button", name=nl("Start a new version with this proposal")).click()
        expect_message(
            page,
            nl(
                "You are working on a new version of the plan. The card that was issued "
                "stays valid until the new card is issued."
            ),
        )
        expect(
            page.get_by_text(nl("The request is now: %(state)s.", state=nl("Plan drafted")))
        ).to_be_visible()
        contacts = page.get_by_role("group", name=nl("Contact and trusted persons"), exact=True)
        phone = contacts.get_by_role("group", name=nl("Row %(number)s", number=1)).get_by_label(
            label(nl("Phone number"))
        )
        expect(phone).to_have_value(OLD_PHONE)
        phone.fill(NEW_PHONE)
        page.get_by_role("button", name=nl("Save the plan")).click()
        expect(page.get_by_role("status").first).to_be_visible()
        expect(phone).to_have_value(NEW_PHONE)

    # The old card keeps working for responders until the new one is issued.
    with person_page(browser, url, phone=True) as page:
        page.goto(old_qr)
        expect(page.locator(".emergency-meta")).to_contain_text(old_number)

    # 2. The participant establishes version 2; the signatures carry over.
    with person_page(browser, url, PARTICIPANT) as page:
        page.get_by_role("navigation", name=nl("Main menu")).get_by_role(
            "link", name=nl("My crisis card")
        ).click()
        page.get_by_role("link", name=nl("Make my plan final")).first.click()
        expect(page.get_by_role("heading", level=1)).to_have_text(nl("Establish my plan"))
        expect(page.locator("main")).to_contain_text(NEW_PHONE)
        page.get_by_label(nl("This is my plan. I have read it and I agree with it.")).check()
        page.get_by_role("button", name=nl("Establish my plan")).click()
        expect_message(
            page,
            nl(
                "Version %(number)d of your plan is established. Your consultant will "
                "now ask the parties to sign their agreements.",
                number=2,
            ),
        )
        signatures = page.get_by_role(
            "region", name=nl("Signatures on version %(number)s", number=2)
        )
        carried = nl(
            "%(name)s signed version %(old)s; their agreements did not change, so their "
            "signature carries over.",
            name="Anouk (zus)",
            old=1,
        )
        expect(signatures).to_contain_text(carried)

    # 3. The consultant makes the card from version 2 and asks for the four-eyes review.
    with person_page(browser, url, CONSULTANT) as page:
        open_card_request(page, holder)
        page.get_by_role("link", name=nl("The crisis card")).click()
        page.get_by_role("button", name=nl("Make a new card from version %(n)s", n=2)).click()
        expect_message(page, nl("The card is made from version %(n)d.", n=2))
        new_number = page.locator("dl.details dd").first.inner_text().strip()
        assert re.fullmatch(r"CK-\d{4}-\d{6}", new_number) and new_number != old_number
        review = page.get_by_role("region", name=nl("Quality review"))
        review.get_by_role("button", name=nl("Ask for a quality review")).click()
        expect(page.get_by_role("region", name=nl("Issue the card"))).to_contain_text(
            nl("The card is waiting for its quality review.")
        )

    # 4. The coordinator's review shows what changed since the card issued before.
    with person_page(browser, url, COORDINATOR) as page:
        page.get_by_role("navigation", name=nl("Main menu")).get_by_role(
            "link", name=nl("Coordination"), exact=True
        ).click()
        page.get_by_role("link", name=nl("Quality reviews (four eyes)")).click()
        page.get_by_role("link", name=nl("Review card %(number)s", number=new_number)).click()
        changes = page.get_by_role(
            "region",
            name=nl(
                "What changed since card %(number)s (plan version %(version)s)",
                number=old_number,
                version=1,
            ),
        )
        # The contact's number changed, word by word: "06 12 34 …" → "06 98 76 …".
        expect(changes).to_contain_text("Anouk (zus)")
        expect(changes.locator("ins").filter(has_text="98").first).to_be_visible()
        expect(page.get_by_role("region", name=nl("Checklist"))).not_to_contain_text(nl("Not met:"))
        page.get_by_label(
            label(nl("The plan and the card are in the participant's own words"))
        ).check()
        page.get_by_role("button", name=nl("Pass the card")).click()
        expect_message(page, nl("The card passed its review. The consultant can issue it."))

    # 5. The consultant re-issues the card.
    with person_page(browser, url, CONSULTANT) as page:
        open_card_request(page, holder)
        page.get_by_role("link", name=nl("The crisis card")).click()
        issue = page.get_by_role("region", name=nl("Issue the card"))
        issue.get_by_role("button", name=nl("Issue the card")).click()
        expect_message(
            page,
            nl(
                "Card %(number)s is issued. Print it and give it to the card holder.",
                number=new_number,
            ),
        )

    # 6. A responder scans the OLD printed card on a small phone.
    with person_page(browser, url, phone=True) as page:
        page.set_viewport_size(SMALL_PHONE)
        page.goto(old_qr)
        meta = page.locator(".emergency-meta")
        expect(meta).to_contain_text(new_number)
        card_line = nl(
            "Card %(number)s · version %(version)s · issued %(date)s",
            number=new_number,
            version=2,
            date="DATE",
        )
        expect(meta).to_contain_text(
            re.compile(re.escape(card_line).replace("DATE", r"\d\d-\d\d-\d{4}"))
        )
        expect(page.get_by_role("status").filter(has_text=old_number)).to_contain_text(
            nl("There is a newer card than the one you hold (%(held)s).", held=old_number)
        )
        first = page.locator(".emergency-first")
        calls = first.locator("a[href^='tel:']")
        expect(calls.first).to_be_visible()
        expect(first.locator("a[href='tel:0698765432']")).to_have_text(NEW_PHONE)
        expect(first.locator(f"a[href='tel:{OLD_PHONE.replace(' ', '')}']")).to_have_count(0)
        box = first.bounding_box()
        assert box is not None
        assert box["y"] + box["height"] <= SMALL_PHONE["height"], box
        sideways = page.evaluate(
            "() => document.documentElement.scrollWidth <= document.documentElement.clientWidth + 1"
        )
        assert sideways, "The emergency view scrolls sideways on a 360px-wide phone"
        log_line = page.locator(".emergency-log-line")
        expect(log_line).to_have_count(1)

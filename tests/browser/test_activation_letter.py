"""A participant without e-mail gets a login by letter, in Chromium.

The demo's Henk Postma applied by phone and has no e-mail address. The
coordinator prints the region's print queue (his waiting invitation letter
and a card) as one PDF and marks it sent; his consultant prints a fresh
invitation letter; Henk types the code from that letter (read from the PDF's
text), chooses a password and lands logged in on his portal. Later he logs
in with the login name the letter gives him.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from regie.people.activation.services import DOES_NOT_WORK

from .journey_helpers import nl, person_page, running_server

pytestmark = pytest.mark.browser

COORDINATOR = "coordinator@regie.example"  # coordinator of region Utrecht
CONSULTANT = "consulent.mbo@regie.example"  # Henk's consultant
PASSWORD = "mijn hond heet Bram en hij is lief"
CODE = re.compile(rb"\(([2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4})\)")
LOGIN_NAME = re.compile(rb"\(([2-9a-hj-km-np-z]{4}-[2-9a-hj-km-np-z]{4})\)")


def henk_request_uuid(server) -> str:
    return server.shell(
        "from regie.crisiscard.models import CardRequest; import json; "
        "r = CardRequest.objects.get(participant__first_name='Henk', "
        "participant__last_name='Postma'); "
        "print('JOURNEY-RESULT:' + json.dumps(str(r.uuid)))"
    )


def test_a_participant_without_email_activates_with_the_letters_code(
    browser: Browser, tmp_path: Path
):
    with running_server() as server:
        # The coordinator prints the region's queue as one PDF and marks it sent.
        with person_page(browser, server.url, COORDINATOR) as page:
            page.goto("/")
            page.get_by_role("link", name=nl("Open the print queue")).first.click()
            expect(page.get_by_role("heading", level=1)).to_contain_text(nl("Print queue"))
            expect(page.locator("table")).to_contain_text("Henk Postma")
            # The PDF is made by the task queue (at once on this server: no worker);
            # the batch page offers it when it is ready.
            page.get_by_role("button", name=nl("Make one PDF")).click()
            with page.expect_download() as download_info:
                page.get_by_role("link", name=nl("Download the PDF")).click()
            batch = download_info.value
            batch_path = tmp_path / "batch.pdf"
            batch.save_as(batch_path)
            assert batch_path.read_bytes().startswith(b"%PDF")
            assert CODE.search(batch_path.read_bytes())
            page.get_by_role("link", name=nl("Back to the print queue")).click()
            for box in page.locator("input[name=item]").all():
                box.check()
            page.get_by_role("button", name=nl("Mark chosen items as printed and sent")).click()
            expect(page.get_by_text(nl("Nothing to print."))).to_be_visible()

        # The consultant prints a fresh letter for Henk (the earlier code stops working).
        request_uuid = henk_request_uuid(server)
        with person_page(browser, server.url, CONSULTANT) as page:
            page.goto(f"/crisiskaart/aanvragen/{request_uuid}/")
            with page.expect_download() as download_info:
                page.get_by_role(
                    "button", name=nl("Print an invitation letter with a code (PDF)")
                ).click()
            letter_path = tmp_path / "letter.pdf"
            download_info.value.save_as(letter_path)
        letter = letter_path.read_bytes()
        assert letter.startswith(b"%PDF")
        code = CODE.search(letter).group(1).decode()
        login_name = LOGIN_NAME.search(letter).group(1).decode()
        old_code = CODE.search(batch_path.read_bytes()).group(1).decode()
        assert code != old_code

        # Henk, on his phone: the old code does not work, the new one does.
        with person_page(browser, server.url, phone=True) as page:
            page.goto("/activeren/")
            page.fill("input[name=code]", old_code)
            page.locator("main form [type=submit]").click()
            expect(page.locator("main")).to_contain_text(nl(str(DOES_NOT_WORK)))
            page.fill("input[name=code]", code.lower().replace("-", " "))
            page.locator("main form [type=submit]").click()
            expect(page.get_by_role("heading", level=1)).to_have_text(nl("Choose your password"))
            expect(page.locator("main")).to_contain_text(login_name)
            page.fill("input[name=password1]", PASSWORD)
            page.fill("input[name=password2]", PASSWORD)
            page.locator("main form [type=submit]").click()
            page.wait_for_url(re.compile(r"/crisiskaart/mijn/$"))
            expect(page.get_by_role("link", name=nl("My crisis card")).first).to_be_visible()

        # Later he logs in with the login name from the letter.
        with person_page(browser, server.url) as page:
            page.goto("/accounts/login/")
            page.fill("input[name=login]", login_name)
            page.fill("input[name=password]", PASSWORD)
            with page.expect_navigation():
                page.click("form:has(input[name=login]) [type=submit]")
            assert "/accounts/login/" not in page.url

"""The whole crisis-card journey in Chromium, through the real forms.

application → match → conversation → plan (with a party) → establish → sign →
card (with a text that does not fit, fixed) → four-eyes quality review by the
coordinator → issue → emergency view on a phone.

Two steps have no page yet and go through the server's database (journey_helpers):
an online applicant gets no login from any page, so the test gives them one; and
the signing link only travels by e-mail, so the test takes it from the reminder
e-mail the consultant sends.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from regie.demo.people import DEMO_PASSWORD

from .journey_helpers import (
    JourneyServer,
    expect_message,
    full_names,
    give_applicant_a_login,
    label,
    nl,
    person_page,
    running_server,
    signing_link_from_reminder,
)

pytestmark = pytest.mark.browser

COORDINATOR = "coordinator@regie.example"  # coordinator of region Utrecht
CONSULTANT = "consulent.hbo@regie.example"  # HBO consultant in Utrecht
PARTY_EMAIL = "huisarts@regie.example"

FIRST_NAME = "Noor"
LAST_NAME = "van de Reisweg"
APPLICANT = f"{FIRST_NAME} {LAST_NAME}"
APPLICANT_EMAIL = "noor.reisweg@regie.example"
MUNICIPALITY = "Zeist"  # in region Utrecht

ABOUT_ME = "Ik ben Noor. Ik woon in Zeist met mijn hond Bram en ik werk in een bakkerij."
EARLY_SIGNALS = "Ik slaap slecht en zeg afspraken af."
CONTACT_NAME = "Sem (broer)"
CONTACT_PHONE = "06 98 76 54 32"
PARTY_NAME = "Huisartsenpraktijk Het Slot"
AGREEMENT = "De huisarts belt Sem als ik niet op mijn afspraak kom."
# Long on purpose: the card's "Please do" box holds seven lines, so this does not fit.
CRISIS_DO_LONG = " ".join(
    [
        "Bel eerst mijn broer Sem en daarna de crisisdienst.",
        "Praat rustig en kort met mij, en zeg steeds wie je bent en wat je gaat doen.",
        "Doe het licht zachter en zet de radio of de televisie uit.",
        "Laat mij zitten op een plek waar ik de deur kan zien.",
        "Geef mij een glas water en geef mij de tijd om te antwoorden.",
        "Vraag of ik mijn medicijnen heb genomen en laat de doosjes zien aan de arts.",
        "Zorg dat iemand mijn hond Bram uitlaat en eten geeft.",
        "Bel mijn werk als ik de volgende dag niet kan komen.",
        "Neem mijn telefoon en mijn oplader mee als ik weg moet.",
    ]
)
CRISIS_DO_SHORT = "Bel mijn broer Sem. Praat rustig en kort. Zeg wie je bent."
SIGNER = "Dr. A. de Wit"
# The rest of a complete plan: the quality review passes only when no section is missing.
CRISIS_MEANS = "In een crisis raak ik in paniek en slaap ik niet meer."
PHASE_SIGNALS = {
    "When I am well (stable)": "Ik werk, wandel met Bram en zie vrienden.",
    "Threatening crisis": "Ik pieker de hele dag en eet bijna niet.",
    "Crisis": "Ik hoor dingen die er niet zijn en vertrouw niemand.",
    "After the crisis": "Ik ben moe en heb rust en structuur nodig.",
}
APPROACH = "Praat rustig en kort met mij, en zeg wie je bent."
CARE_NAME = "Dr. Jansen"
CARE_ROLE = "huisarts"
CARE_PHONE = "030 222 33 44"
HELPS = "Wandelen met mijn hond Bram en rustige muziek."
ADMISSION = "Bij voorkeur in Zeist, dicht bij Sem."


@pytest.fixture(scope="module")
def journey_server(chromium_executable: Path) -> Iterator[JourneyServer]:
    """A server of its own, so the test can reach its database (see journey_helpers)."""
    with running_server() as server:
        yield server


def open_request(page: Page, name: str) -> None:
    """From anywhere: the main menu's card requests, then the request of `name`."""
    menu = page.get_by_role("navigation", name=nl("Main menu"))
    menu.get_by_role("link", name=nl("Card requests"), exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(nl("Card requests"))
    page.get_by_role("link", name=name, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(nl("Request of %(name)s", name=name))


def expect_state(page: Page, state: str) -> None:
    """The request page's details say the request is in `state`."""
    expect(page.locator("dl.details")).to_contain_text(f"{nl('State')}{nl(state)}")


def test_crisiscard_journey(browser: Browser, journey_server: JourneyServer) -> None:
    url = journey_server.url
    log_start = journey_server.log.stat().st_size  # what the server writes from here on
    names = full_names(journey_server, [CONSULTANT])
    consultant_name = names[CONSULTANT]

    # 1. Someone applies through the public form, without a login.
    with person_page(browser, url) as page:
        page.goto("/")
        page.get_by_role("link", name=nl("Apply for a crisis card")).click()
        expect(page.get_by_role("heading", level=1)).to_have_text(nl("Apply for a crisis card"))
        page.get_by_label(nl("First name")).fill(FIRST_NAME)
        page.get_by_label(nl("Last name")).fill(LAST_NAME)
        page.get_by_label(nl("E-mail address")).fill(APPLICANT_EMAIL)
        page.get_by_label(nl("Phone number")).fill("06 11 22 33 44")
        page.get_by_label(nl("Where do you live?")).select_option(label=MUNICIPALITY)
        page.get_by_role("radio", name=nl("GP"), exact=True).check()
        page.get_by_role("radio", name=nl("In the coming weeks is fine")).check()
        page.get_by_role("button", name=nl("Send my application")).click()
        expect(page.get_by_role("heading", level=1)).to_have_text(
            nl("Thank you. Your application has been sent.")
        )
        expect(page.get_by_role("heading", name=nl("What happens now?"))).to_be_visible()

    # 2. The coordinator of Utrecht finds it in the queue and chooses the HBO consultant.
    with person_page(browser, url, COORDINATOR) as page:
        menu = page.get_by_role("navigation", name=nl("Main menu"))
        menu.get_by_role("link", name=nl("Card requests"), exact=True).click()
        row = page.get_by_role("row").filter(has=page.get_by_role("link", name=APPLICANT))
        expect(row).to_contain_text(nl("Applied"))
        expect(row).to_contain_text(nl("none yet"))
        expect(row).to_contain_text(MUNICIPALITY)
        row.get_by_role("link", name=APPLICANT).click()
        expect(page.get_by_role("heading", level=1)).to_have_text(
            nl("Request of %(name)s", name=APPLICANT)
        )
        expect_state(page, "Applied")
        page.get_by_role("link", name=nl("Choose a consultant"), exact=True).click()
        expect(page.get_by_role("heading", level=1)).to_have_text(
            nl("Choose a consultant for %(name)s", name=APPLICANT)
        )
        page.get_by_role("radio", name=consultant_name, exact=True).check()
        page.get_by_role("button", name=nl("Choose this consultant")).click()
        expect_message(page, nl("%(name)s is now the consultant.", name=consultant_name))
        expect_state(page, "Matched")

    # 3. The consultant logs the first conversation, adds a party and writes the plan.
    with person_page(browser, url, CONSULTANT) as page:
        open_request(page, APPLICANT)
        page.get_by_role("link", name=nl("Log the first conversation")).click()
        expect(page.get_by_role("heading", level=1)).to_have_text(
            nl("Log a conversation with %(name)s", name=APPLICANT)
        )
        page.get_by_label(nl("Kind of conversation")).select_option(
            label=nl("Informative conversation")
        )
        page.get_by_label(nl("Duration (minutes)")).fill("45")
        who = page.get_by_role("group", name=nl("Who took part"))
        who.get_by_role("checkbox", name=APPLICANT).check()
        who.get_by_role("checkbox", name=consultant_name).check()
        page.get_by_label(nl("Notes"), exact=False).fill("Kennismaking. Noor wil graag een kaart.")
        page.get_by_role("button", name=nl("Save the conversation")).click()
        expect_message(page, nl("The conversation is saved."))
        expect_state(page, "In conversation")
        expect(page.get_by_role("table")).to_contain_text(nl("Informative conversation"))

        page.get_by_role("link", name=nl("Parties and signatures")).click()
        expect(page.get_by_role("heading", level=1)).to_have_text(
            nl("Parties and signatures of %(name)s", name=APPLICANT)
        )
        page.get_by_role("link", name=nl("Add a party"), exact=True).click()
        page.get_by_label(label(nl("Kind of party"))).select_option(label=nl("GP"))
        page.get_by_label(label(nl("Name"))).fill(PARTY_NAME)
        page.get_by_label(label(nl("E-mail address"))).fill(PARTY_EMAIL)
        page.get_by_label(label(nl("Phone number"))).fill("030 111 22 33")
        page.get_by_role("checkbox", name=nl("About me"), exact=True).check()
        page.get_by_role("button", name=nl("Save party")).click()
        expect_message(page, nl("%(name)s is saved as a party.", name=PARTY_NAME))
        expect(page.get_by_role("row").filter(has_text=PARTY_NAME)).to_contain_text(PARTY_EMAIL)

        page.get_by_role("link", name=nl("Back to the request")).click()
        page.get_by_role("link", name=nl("Open the crisis plan")).click()
        expect(page.get_by_role("heading", level=1)).to_have_text(
            nl("Crisis plan of %(name)s", name=APPLICANT)
        )
        about = page.get_by_role("group", name=nl("About me"), exact=True)
        about.get_by_label(label(nl("Who I am"))).fill(ABOUT_ME)
        phases = page.get_by_role("group", name=nl("Phases"), exact=True)
        early = phases.get_by_role("group", name=nl("Early signs"), exact=True)
        early.get_by_label(label(nl("Signals: how you and others can tell"))).fill(EARLY_SIGNALS)
        crisis = phases.get_by_role("group", name=nl("Crisis"), exact=True)
        crisis.get_by_label(label(nl("What others should do"))).fill(CRISIS_DO_LONG)
        about.get_by_label(label(nl("What a crisis is for me"))).fill(CRISIS_MEANS)
        for phase, signals in PHASE_SIGNALS.items():
            phase_group = phases.get_by_role("group", name=nl(phase), exact=True)
            phase_group.get_by_label(label(nl("Signals: how you and others can tell"))).fill(
                signals
            )
        approach = page.get_by_role("group", name=nl("How to approach me"), exact=True)
        approach.get_by_label(label(nl("How to approach me"))).fill(APPROACH)
        care = page.get_by_role(
            "group", name=nl("Care providers, GP and crisis service"), exact=True
        )
        first_care = care.get_by_role("group", name=nl("Row %(number)s", number=1))
        first_care.get_by_label(label(nl("Name"))).fill(CARE_NAME)
        first_care.get_by_label(label(nl("Role"))).fill(CARE_ROLE)
        first_care.get_by_label(label(nl("Phone number"))).fill(CARE_PHONE)
        helps = page.get_by_role("group", name=nl("What helps and what harms"), exact=True)
        helps.get_by_label(label(nl("What helps me"))).fill(HELPS)
        admission = page.get_by_role("group", name=nl("Admission and compulsory care"), exact=True)
        admission.get_by_label(label(nl("Where I would like to be admitted"))).fill(ADMISSION)
        contacts = page.get_by_role("group", name=nl("Contact and trusted persons"), exact=True)
        first_contact = contacts.get_by_role("group", name=nl("Row %(number)s", number=1))
        first_contact.get_by_label(label(nl("Name"))).fill(CONTACT_NAME)
        first_contact.get_by_label(label(nl("Relationship"))).fill("broer")
        first_contact.get_by_label(label(nl("Phone number"))).fill(CONTACT_PHONE)
        first_contact.get_by_label(label(nl("Trusted person"))).check()
        agreements = page.get_by_role("group", name=nl("Agreements with parties"), exact=True)
        first_agreement = agreements.get_by_role("group", name=nl("Row %(number)s", number=1))
        first_agreement.get_by_label(label(nl("Party"))).select_option(label=PARTY_NAME)
        first_agreement.get_by_label(label(nl("Agreement"))).fill(AGREEMENT)
        page.get_by_role("button", name=nl("Save the plan")).click()
        expect_message(
            page, nl("The plan is saved (version %(revision)d of the draft).", revision=1)
        )
        expect(
            page.get_by_text(nl("The request is now: %(state)s.", state=nl("Plan drafted")))
        ).to_be_visible()
        expect(about.get_by_label(label(nl("Who I am")))).to_have_value(ABOUT_ME)

    # 4. The participant reads the draft and establishes it. An online applicant gets
    # no login from any page, so the test gives them one (see journey_helpers).
    give_applicant_a_login(journey_server, APPLICANT_EMAIL, DEMO_PASSWORD)
    with person_page(browser, url, APPLICANT_EMAIL) as page:
        menu = page.get_by_role("navigation", name=nl("Main menu"))
        menu.get_by_role("link", name=nl("My crisis card")).click()
        expect(page.get_by_role("heading", level=1)).to_have_text(nl("My crisis card"))
        expect(page.get_by_text(nl("Plan drafted"), exact=True)).to_be_visible()
        page.get_by_role("link", name=nl("Read your plan")).click()
        expect(page.get_by_role("heading", level=1)).to_have_text(nl("My crisis plan"))
        expect(page.get_by_label(label(nl("Who I am")))).to_have_value(ABOUT_ME)
        page.go_back()
        # The consultant ticked "about me" for the GP: a proposal, which only the
        # participant can turn into sharing.
        page.get_by_role("link", name=nl("Choose who may see my plan")).click()
        expect(
            page.get_by_role("heading", name=nl("Your consultant has a proposal"))
        ).to_be_visible()
        page.get_by_role("button", name=nl("Yes, do this")).click()
        menu = page.get_by_role("navigation", name=nl("Main menu"))
        menu.get_by_role("link", name=nl("My crisis card")).click()
        page.get_by_role("link", name=nl("Make my plan final")).click()
        expect(page.get_by_role("heading", level=1)).to_have_text(nl("Establish my plan"))
        expect(page.locator("main")).to_contain_text(ABOUT_ME)
        expect(page.locator("main")).to_contain_text(AGREEMENT)
        page.get_by_label(nl("This is my plan. I have read it and I agree with it.")).check()
        page.get_by_role("button", name=nl("Establish my plan")).click()
        expect_message(
            page,
            nl(
                "Version %(number)d of your plan is established. Your consultant will "
                "now ask the parties to sign their agreements.",
                number=1,
            ),
        )

    # 5. The party signs through the link in their e-mail, without a login.
    sign_url = signing_link_from_reminder(journey_server, PARTY_EMAIL, APPLICANT_EMAIL)
    assert sign_url.startswith(f"{url}/crisiskaart/tekenen/"), sign_url
    with person_page(browser, url) as page:
        page.goto(sign_url)
        expect(page.get_by_role("heading", level=1)).to_have_text(
            nl("Agreements in the crisis plan of %(name)s", name=FIRST_NAME)
        )
        agreements_shown = page.get_by_role("region", name=nl("Your agreements"))
        expect(agreements_shown).to_contain_text(AGREEMENT)
        expect(page.locator("main")).to_contain_text(ABOUT_ME)  # shared with this party
        expect(page.locator("main")).not_to_contain_text(CONTACT_PHONE)  # not shared
        page.get_by_label(label(nl("Your full name"))).fill(SIGNER)
        page.get_by_label(label(nl("I agree with these agreements"))).check()
        page.get_by_role("button", name=nl("Sign these agreements")).click()
        expect(page.get_by_role("heading", level=1)).to_have_text(nl("Thank you"))
        expect(page.locator("main")).to_contain_text(
            nl(
                "Your signature is saved. The participant and their consultant can see "
                "that you signed. You can close this page."
            )
        )

    # 6. The consultant sees the signature, makes the card, fixes what does not fit and
    # asks for a quality review (four eyes): the card cannot be issued before it passes.
    with person_page(browser, url, CONSULTANT) as page:
        open_request(page, APPLICANT)
        expect_state(page, "Awaiting signatures")
        page.get_by_role("link", name=nl("Parties and signatures")).click()
        expect(
            page.get_by_text(nl("Every party with agreements has signed this version."))
        ).to_be_visible()
        expect(page.get_by_role("row").filter(has_text=PARTY_NAME)).to_contain_text(SIGNER)

        page.get_by_role("link", name=nl("Back to the request")).click()
        page.get_by_role("link", name=nl("The crisis card")).click()
        expect(page.get_by_role("heading", level=1)).to_have_text(
            nl("Crisis card of %(name)s", name=APPLICANT)
        )
        page.get_by_role("button", name=nl("Make the card")).click()
        expect_message(page, nl("The card is made from version %(n)d.", n=1))
        card_number = page.locator("dl.details dd").first.inner_text().strip()
        assert re.fullmatch(r"CK-\d{4}-\d{6}", card_number), card_number

        # The long text from the plan does not fit on the card: the page says so.
        expect(
            page.get_by_role("heading", name=nl("This does not fit on the card yet"))
        ).to_be_visible()
        issue = page.get_by_role("region", name=nl("Issue the card"))
        expect(issue).to_contain_text(nl("The card cannot be issued yet:"))
        expect(issue.get_by_role("button", name=nl("Issue the card"))).to_have_count(0)

        panel = page.get_by_role("region", name=nl("In a crisis, please…"))
        please_do = panel.get_by_label(label(nl("Please do")))
        expect(please_do).to_have_value(CRISIS_DO_LONG)
        please_do.fill(CRISIS_DO_SHORT)
        page.get_by_role("button", name=nl("Check and preview")).click()
        expect(
            page.get_by_text(nl("Checked: everything fits. Save to keep these changes."))
        ).to_be_visible()
        expect(panel.get_by_role("figure")).to_contain_text(CRISIS_DO_SHORT)
        page.get_by_role("button", name=nl("Save"), exact=True).click()
        expect_message(page, nl("Saved. Everything fits on the card."))

        expect(issue).to_contain_text(
            nl(
                "Someone else must review the card before it is issued (four eyes). "
                "Ask for a quality review."
            )
        )
        expect(issue.get_by_role("button", name=nl("Issue the card"))).to_have_count(0)
        review = page.get_by_role("region", name=nl("Quality review"))
        review.get_by_role("button", name=nl("Ask for a quality review")).click()
        expect_message(
            page,
            nl(
                "A review is asked for. A coordinator or another HBO consultant will "
                "check the card."
            ),
        )
        expect(issue).to_contain_text(nl("The card is waiting for its quality review."))
        expect(issue.get_by_role("button", name=nl("Issue the card"))).to_have_count(0)

    # 7. The coordinator, who did not make the card, reviews it: the checklist is met,
    # they confirm the participant's own words and pass it.
    with person_page(browser, url, COORDINATOR) as page:
        menu = page.get_by_role("navigation", name=nl("Main menu"))
        menu.get_by_role("link", name=nl("Coordination"), exact=True).click()
        expect(page.get_by_role("heading", level=1)).to_have_text(nl("Coordination"))
        page.get_by_role("link", name=nl("Quality reviews (four eyes)")).click()
        page.get_by_role("link", name=nl("Review card %(number)s", number=card_number)).click()
        expect(page.get_by_role("heading", level=1)).to_have_text(
            nl("Review of card %(number)s", number=card_number)
        )
        checklist = page.get_by_role("region", name=nl("Checklist"))
        expect(checklist).not_to_contain_text(nl("Not met:"))
        expect(page.get_by_role("region", name=nl("The plan, version %(n)s", n=1))).to_contain_text(
            ABOUT_ME
        )
        page.get_by_label(
            label(nl("The plan and the card are in the participant's own words"))
        ).check()
        page.get_by_role("button", name=nl("Pass the card")).click()
        expect_message(page, nl("The card passed its review. The consultant can issue it."))

    # 8. The consultant issues the card.
    with person_page(browser, url, CONSULTANT) as page:
        open_request(page, APPLICANT)
        page.get_by_role("link", name=nl("The crisis card")).click()
        issue = page.get_by_role("region", name=nl("Issue the card"))
        issue.get_by_role("button", name=nl("Issue the card")).click()
        expect_message(
            page,
            nl(
                "Card %(number)s is issued. Print it and give it to the card holder.",
                number=card_number,
            ),
        )
        expect(page.locator("dl.details")).to_contain_text(nl("Issued"))
        emergency_href = page.get_by_role(
            "link", name=nl("Open the page behind the code")
        ).get_attribute("href")
        assert emergency_href and emergency_href.startswith(f"{url}/crisiskaart/nood/"), (
            emergency_href
        )

    # 9. Whoever scans the QR code sees the card on their phone, without a login.
    with person_page(browser, url, phone=True) as page:
        page.goto(emergency_href)
        expect(page.get_by_role("heading", level=1)).to_have_text(
            f"{nl('Crisis card')} · {APPLICANT}"
        )
        expect(page.locator("main")).to_contain_text(card_number)
        first = page.locator(".emergency-first")
        expect(first).to_contain_text(CRISIS_DO_SHORT)
        expect(first.locator("a[href='tel:0698765432']")).to_have_text(CONTACT_PHONE)
        fits = page.evaluate(
            "() => document.documentElement.scrollWidth <= document.documentElement.clientWidth + 1"
        )
        assert fits, "The emergency view scrolls sideways on a 375px-wide phone"

    # 10. The server's own output for the whole journey holds no name, address,
    # phone number or plan text (its request lines and warnings are there).
    logged = journey_server.log.read_bytes()[log_start:].decode(errors="replace")
    assert '"GET /crisiskaart/nood/' in logged, "the scan reads the server's request log"
    written = [
        APPLICANT,
        LAST_NAME,
        APPLICANT_EMAIL,
        "06 11 22 33 44",
        ABOUT_ME,
        EARLY_SIGNALS,
        CONTACT_NAME,
        CONTACT_PHONE,
        PARTY_NAME,
        AGREEMENT,
        CRISIS_DO_SHORT,
    ]
    assert [text for text in written if text.lower() in logged.lower()] == []
    assert not re.search(rf"\b{FIRST_NAME}\b", logged)

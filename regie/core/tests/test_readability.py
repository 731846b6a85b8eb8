"""Participant-facing Dutch is plain (B1): every page a participant, a recovery
client, a party or the public reads scores at least 60 on Flesch-Douma.

The pages come from docs/permissions.md: every URL that answers `200` to the
anonymous, participant or client persona (the public pages include the party's
signing and read links and the emergency view, whose tokens the permission
matrix's sample arguments provide). Management screens (`admin:*`) are staff
pages and are left out. Each page is fetched in Dutch; its visible text inside
<main> is scored with textstat's Flesch-Douma (language "nl"). See
docs/decisions/0040-readability-test.md for how the text is cut into sentences.
"""

from __future__ import annotations

from html.parser import HTMLParser

import factory.random
import pytest
from textstat.textstat import textstatistics

from .test_permission_matrix import load_matrix, row_for, urls_to_walk

MINIMUM = 60.0
READERS = ["anonymous", "participant", "client"]  # the public and parties read anonymously
# Not read by participants or the public: the admin, and the API's developer documentation
# (its operation texts come from the OpenAPI document, written for programmers).
STAFF_SCREENS = ("admin:", "api:")
# Pages whose Dutch comes from another package's catalogue and still scores below
# the bar. Empty: regie/locale_overrides gives allauth's texts plain Dutch (decision
# 0040). The test fails when a listed page passes, so the list cannot go stale.
THIRD_PARTY_BELOW: frozenset[str] = frozenset()

# Elements whose text a reader takes in as one unit (a heading, a label, a cell):
# each ends a sentence, so a form's labels are not read as one long sentence.
BLOCKS = {
    "address", "article", "aside", "blockquote", "br", "button", "caption", "dd",
    "details", "div", "dl", "dt", "fieldset", "figcaption", "figure", "form",
    "h1", "h2", "h3", "h4", "h5", "h6", "hr", "label", "legend", "li", "ol",
    "option", "p", "section", "summary", "table", "td", "th", "tr", "ul",
}  # fmt: skip
# Not read as text: code, images, and the navigation chrome (menus, pagination).
SKIPPED = {"script", "style", "template", "svg", "noscript", "nav", "header", "footer", "select"}
VOID = {"br", "hr", "img", "input", "meta", "link", "source", "wbr", "col", "area", "base"}


class MainText(HTMLParser):
    """The visible text inside <main>, one block element per sentence."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.in_main = 0
        self.skip_depth = 0
        self.blocks: list[str] = []
        self.current: list[str] = []

    def _end_block(self) -> None:
        text = " ".join("".join(self.current).split())
        self.current = []
        if text:
            self.blocks.append(text if text[-1] in ".!?:;" else f"{text}.")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "main":
            self.in_main += 1
            return
        if not self.in_main or (tag in VOID and tag not in BLOCKS):
            return
        attributes = dict(attrs)
        hidden = "hidden" in attributes or attributes.get("aria-hidden") == "true"
        if self.skip_depth or tag in SKIPPED or hidden:
            if tag not in VOID:
                self.skip_depth += 1
            return
        if tag in BLOCKS:
            self._end_block()

    def handle_endtag(self, tag: str) -> None:
        if tag == "main":
            self._end_block()
            self.in_main = max(0, self.in_main - 1)
            return
        if not self.in_main or tag in VOID:
            return
        if self.skip_depth:
            self.skip_depth -= 1
            return
        if tag in BLOCKS:
            self._end_block()

    def handle_data(self, data: str) -> None:
        if self.in_main and not self.skip_depth:
            self.current.append(data)

    def text(self) -> str:
        self._end_block()
        return "\n".join(self.blocks)


def main_text(html: str) -> str:
    parser = MainText()
    parser.feed(html)
    parser.close()
    return parser.text()


def running_text(text: str) -> str:
    """The sentences of a page: blocks of three words or more. textstat does not count
    a "sentence" of one or two words (a label, a button, a name) as a sentence but
    keeps its words, which would lengthen the page's real sentences; leave them out."""
    return "\n".join(line for line in text.splitlines() if len(line.split()) > 2)


def flesch_douma(text: str) -> float:
    """Flesch-Douma: 206.835 - 0.93 * words/sentence - 77 * syllables/word."""
    stats = textstatistics()  # an instance of our own: set_lang is not global then
    stats.set_lang("nl")
    return float(stats.flesch_reading_ease(text))


def readers_pages(world) -> list[tuple[str, str, str]]:
    """(persona, URL name, url) for every page a reader persona may open; a page
    the public opens is measured once, as anonymous."""
    matrix = load_matrix()
    walk = [(name, url) for name, url in urls_to_walk(world) if not name.startswith(STAFF_SCREENS)]
    pages: list[tuple[str, str, str]] = []
    public: set[str] = set()
    for persona in READERS:
        for name, url in walk:
            row = row_for(matrix, name)
            if row is None or row[persona] != "200" or name in public:
                continue
            if persona == "anonymous":
                public.add(name)
            pages.append((persona, name, url))
    return pages


@pytest.fixture
def steady_world(db, request):
    """The shared world, built from fixed fake data: names and addresses the factories
    make up are part of a page's text, and a page's score must not change per run."""
    factory.random.reseed_random("regie-readability")
    return request.getfixturevalue("world")


def test_main_text_keeps_blocks_apart_and_drops_chrome():
    html = (
        "<header>Menu</header><main><nav>Pagina 1</nav><h1>Welkom</h1>"
        "<p>Dit is <a href='#'>uw</a> kaart</p><script>x()</script>"
        "<label>Naam</label><p hidden>Verborgen</p></main><footer>Voet</footer>"
    )
    assert main_text(html) == "Welkom.\nDit is uw kaart.\nNaam."
    assert running_text(main_text(html)) == "Dit is uw kaart."


def test_flesch_douma_tells_plain_from_dense_dutch():
    plain = "Dit is uw kaart. U kunt hem altijd bij u dragen. Zo weet de hulp wat u wilt."
    dense = (
        "Overeenkomstig de toepasselijke privacywetgeving worden persoonsgegevens "
        "uitsluitend verwerkt voor doeleinden die verenigbaar zijn met de oorspronkelijke "
        "verzameling, tenzij uitdrukkelijke toestemming is verleend."
    )
    assert flesch_douma(plain) >= MINIMUM > flesch_douma(dense)


def test_every_page_participants_and_the_public_read_is_plain_dutch(steady_world):
    world = steady_world
    rows: list[tuple[float, str]] = []
    failing: list[str] = []
    for persona, name, url in readers_pages(world):
        response = world.client_for(persona, language="nl").get(url)
        assert response.status_code == 200, f"{persona} {name}: {response.status_code}"
        if not response.get("Content-Type", "").startswith("text/html"):
            continue  # PDFs, JSON, the card's manifest and worker: not pages to read
        visible = main_text(response.content.decode())
        assert visible, f"{persona} {name}: no text in <main>"
        text = running_text(visible)
        if not text:
            rows.append((1000.0, f"     -  {persona:<11} {name} (labels only)"))
            continue
        score = flesch_douma(text)
        known = name in THIRD_PARTY_BELOW
        rows.append((score, f"{score:6.1f}  {persona:<11} {name}" + (" (allauth)" * known)))
        if known and score >= MINIMUM:
            failing.append(f"--- {name} ({persona}) now passes: take it off THIRD_PARTY_BELOW")
        elif score < MINIMUM and not known:
            failing.append(f"--- {name} ({persona}), {score:.1f}:\n{text}")
    assert rows, "no pages measured"
    table = "\n".join(line for _, line in sorted(rows))
    print(table)  # with -s: the scores of a passing run
    assert not failing, (
        f"Pages below {MINIMUM} on Flesch-Douma (score, persona, URL name):\n{table}\n\n"
        + "\n\n".join(failing)
    )

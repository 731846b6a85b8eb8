"""Every page that shows a participant's, client's or relative's personal data
logs the read (NEN 7513): walk every named URL as every persona of the
permission matrix (and the team lead), GET only, and look for marker names.

The matrix's world is reused as it is, with unique markers as the names and
e-mail addresses of its participant (crisis card), its recovery client and the
client's relative; the matrix's sample arguments point at their objects. A page
whose body shows a marker must have written, during that very request, an
access-log row whose subject is that person.

A person's own markers are not looked for on their own pages: the navigation
names whoever is logged in, and that is not a read of someone else's data.
"""

from __future__ import annotations

import pytest

from conftest import PERSONAS
from regie.audit.models import AccessEvent

from .test_permission_matrix import urls_to_walk

# The team lead is not a column of the matrix, but has a home of its own.
CRAWLERS = [*PERSONAS, "team_lead"]

# The walk is only worth something if pages show the markers at all: these
# personas must meet these people somewhere on their way.
MUST_SEE = {
    "consultant": {"Deelnemer"},
    "coordinator": {"Deelnemer"},
    "case_director": {"Client", "Naaste"},
    "family_peer_expert": {"Client", "Naaste"},
    "team_lead": {"Client"},
}


def mark(person, label: str) -> dict[str, str]:
    """Give `person` unique marker names and e-mail; return marker -> label.
    Short enough for the name line of a crisis card, long enough not to turn up
    by chance in a token."""
    code = label[0].lower()
    person.first_name = f"Zqx{code}vn"
    person.last_name = f"Zqx{code}an"
    person.email = f"zqx{code}mail@regie.example"
    person.save(update_fields=["first_name", "last_name", "email"])
    return {person.first_name: label, person.last_name: label, person.email: label}


@pytest.fixture
def marked(world):
    people = {
        "Deelnemer": world.people["participant"],
        "Client": world.client,
        "Naaste": world.relative,
    }
    markers: dict[str, str] = {}
    for label, person in people.items():
        markers |= mark(person, label)
    return world, people, markers


def body_of(response) -> str:
    if getattr(response, "streaming", False):
        content = b"".join(response.streaming_content)
    else:
        content = response.content
    return content.decode("utf-8", errors="replace")


def own_label(world, people, persona: str) -> str | None:
    if persona == "team_lead":
        return None
    person = world.people.get(persona)
    return next((label for label, p in people.items() if p == person), None)


@pytest.mark.parametrize("persona", CRAWLERS)
def test_every_page_that_shows_a_marked_person_logs_reading_them(marked, persona):
    world, people, markers = marked
    own = own_label(world, people, persona)
    client = world.client_for(persona)
    unlogged = []
    shown_anywhere = set()
    for name, url in urls_to_walk(world):
        before = AccessEvent.objects.order_by("-seq").values_list("seq", flat=True).first() or 0
        response = client.get(url)
        body = body_of(response)
        shown = {label for marker, label in markers.items() if marker in body} - {own}
        if not shown:
            continue
        shown_anywhere |= shown
        logged = set(
            AccessEvent.objects.filter(seq__gt=before).values_list("subject_uuid", flat=True)
        )
        missing = sorted(label for label in shown if people[label].uuid not in logged)
        if missing:
            unlogged.append(f"{name} {url}: shows {', '.join(missing)} without a log row")
    assert not unlogged, "\n".join(unlogged)
    assert MUST_SEE.get(persona, set()) <= shown_anywhere

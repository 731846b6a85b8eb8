"""No silent lost edits: every form that edits text people wrote refuses a
save based on a page that someone else has saved over meanwhile.

EDIT_VIEWS is the registry of those forms. For each, two people (two logged-in
sessions) open the form, both see the same fingerprint, and both save: the
first goes through, the second answers 409 with their own text still in the
form and a diff against what is saved now, and what is saved is the first's.
A second test holds the registry to the URL names: every name that looks like
an edit (`_edit`, `_update`, `_change`) is in the registry or in NOT_FREE_TEXT
with a reason, so a new edit view cannot be left out silently.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from django.urls import reverse

from .formpage import form_with
from .test_permission_matrix import sample_args
from .urlwalk import named_urls

FIRST = "Afgesproken: Piet belt maandag"
SECOND = "Niemand hoeft nog te bellen"


@dataclass(frozen=True)
class EditView:
    name: str  # the URL name
    persona: str  # who may edit it in the shared world
    field: str  # the field both people change
    first: str = FIRST  # what the first one saves
    second: str = SECOND  # what the second one tries to save
    extra: dict[str, str] = field(default_factory=dict)  # the submit button, if named
    reopens: bool = True  # False: once saved, the page shows the record, not the form
    post_to: str = (
        ""  # the URL name the form posts to, when not the page's own (one URL per action)
    )

    def urls(self, world) -> tuple[str, str]:
        """The page with the form, and where the form posts."""
        args = sample_args(world)[self.name]
        return reverse(self.name, args=args), reverse(self.post_to or self.name, args=args)


EDIT_VIEWS = [
    EditView("coordination:consultation_edit", "coordinator", "notes"),
    EditView(
        "coordination:visitation_detail",
        "coordinator",
        "findings",
        post_to="coordination:visitation_findings",
    ),
    EditView("coordination:stakeholder_edit", "coordinator", "notes"),
    EditView("coordination:agreement_edit", "coordinator", "agreed"),
    EditView("coordination:coaching_edit", "coordinator", "agreed_actions"),
    EditView("coordination:intervision_edit", "coordinator", "topic"),
    EditView("coordination:session_edit", "coordinator", "topic"),
    EditView("coordination:social_service_edit", "coordinator", "description"),
    EditView("coordination:wish_edit", "coordinator", "language", first="tr", second="ar"),
    EditView("coordination:work_profile_edit", "coordinator", "languages", first="tr", second="ar"),
    EditView(
        "people:consultant_edit",
        "coordinator",
        "contract_hours_per_week",
        first="24.5",
        second="32.5",
    ),
    EditView("recovery:meeting_detail", "case_director", "agenda"),
    EditView("crisiscard:party_edit", "consultant", "name"),
    EditView(
        "crisiscard:evaluation_edit",
        "consultant",
        "what_should_change",
        extra={"crisis_happened": "no", "card_used": "no", "outcome": "unchanged"},
        reopens=False,
    ),
]

# Edit views with a stale-save check of their own, and the tests that hold it.
OWN_CHECK = {
    "crisiscard:plan_edit": "revision numbers (StaleDraft); crisiscard/tests/test_plan_views.py"
    "::test_a_stale_save_answers_409_keeps_the_users_text_and_shows_what_changed",
    "crisiscard:card_edit": "the card's hash of both sides, now required (StaleSave, 409); "
    "crisiscard/tests/test_cards_views.py::test_a_stale_save_keeps_the_users_text_on_screen",
    "privacy:my_details_edit": "a required history number (StaleDetails, 409); "
    "privacy/tests/test_rectification.py::test_stale_save_is_refused_and_keeps_the_users_text",
    "privacy:person_details_edit": "the same view function as privacy:my_details_edit",
}

# URL names that look like edits but change no text people wrote, with why.
NOT_FREE_TEXT = {
    "coordination:suggestion_change": "picks another consultant for a match; no text",
    "coordination:consultation_action_update": "sets a follow-up's status (done, dropped); no text",
    "account_change_password": "a password, not a record two people edit",
    "mfa_edit_webauthn": "renames one's own passkey; only its owner can",
}


def _looks_like_an_edit(name: str) -> bool:
    if name.startswith("admin:"):
        return False  # Django's admin: administrators only, not part of the app's screens
    return name.endswith(("_edit", "_update", "_change")) or name in NOT_FREE_TEXT


def test_every_edit_view_is_guarded_or_excluded_with_a_reason():
    registered = {view.name for view in EDIT_VIEWS}
    edits = {name for name in named_urls() if _looks_like_an_edit(name)}
    missing = sorted(edits - registered - set(NOT_FREE_TEXT) - set(OWN_CHECK))
    assert not missing, f"Add these to EDIT_VIEWS or NOT_FREE_TEXT (with a reason): {missing}"
    assert not registered & set(NOT_FREE_TEXT) and not registered & set(OWN_CHECK)
    stale_names = sorted((registered | set(NOT_FREE_TEXT) | set(OWN_CHECK)) - set(named_urls()))
    assert not stale_names, f"No such URL names any more: {stale_names}"


def _open(client, url: str) -> dict[str, list[str]]:
    response = client.get(url)
    assert response.status_code == 200
    return form_with(response.content.decode(), "seen")


@pytest.mark.parametrize("view", EDIT_VIEWS, ids=lambda view: view.name)
def test_two_overlapping_saves_never_both_succeed_silently(world, view):
    url, post_url = view.urls(world)
    first, second = world.client_for(view.persona), world.client_for(view.persona)
    first_form, second_form = _open(first, url), _open(second, url)
    assert first_form["seen"] == second_form["seen"] != [""]

    saved = first.post(post_url, {**first_form, view.field: view.first, **view.extra})
    assert saved.status_code == 302, saved.content.decode()[:2000]

    refused = second.post(post_url, {**second_form, view.field: view.second, **view.extra})
    assert refused.status_code == 409
    page = refused.content.decode()
    assert "Not saved: someone else saved first" in page
    assert form_with(page, "seen")[view.field] == [view.second]  # their text is kept
    assert f"{view.first}</del>" in page and f"{view.second}</ins>" in page  # the diff

    again = world.client_for(view.persona).get(url).content.decode()
    if view.reopens:
        assert form_with(again, "seen")[view.field] == [view.first]
    else:
        assert view.first in again and view.second not in again


@pytest.mark.parametrize("view", EDIT_VIEWS, ids=lambda view: view.name)
def test_a_save_without_the_fingerprint_is_refused(world, view):
    url, post_url = view.urls(world)
    client = world.client_for(view.persona)
    data = {**_open(client, url), view.field: view.second, **view.extra}
    del data["seen"]
    response = client.post(post_url, data)
    assert response.status_code in (200, 400)  # the form again, with its error; nothing saved
    assert "This page is out of date" in response.content.decode()
    again = client.get(url).content.decode()
    if view.reopens:
        assert form_with(again, "seen")[view.field] != [view.second]
    else:
        assert view.second not in again

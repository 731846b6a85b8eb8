"""One way to refuse: the Refusal base, the helpers that show it, and the rule
that no view converts a refusal by hand."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory, override_settings
from django.urls import get_resolver, path, reverse

from regie import urls as regie_urls
from regie.coordination.errors import CoordinationError
from regie.coordination.materials.uploads import UploadRefused
from regie.core.errors import (
    Conflict,
    Gone,
    Refusal,
    apply_refusal,
    refusal_caught,
    refusals_to,
    refusals_to_messages,
)
from regie.core.stale import ABSENT
from regie.crisiscard.services.errors import CrisisCardError
from regie.crisiscard.services.plan import StaleDraft
from regie.crisiscard.services.sharing import StaleSharing as CardStaleSharing
from regie.people.activation.services import ActivationError
from regie.people.services import PeopleError
from regie.recovery.services.consent import StaleSharing as CaseStaleSharing
from regie.recovery.services.errors import RecoveryError

REGIE = Path(__file__).resolve().parents[2]


class NameForm(forms.Form):
    name = forms.CharField()
    town = forms.CharField()


def bound_form() -> NameForm:
    form = NameForm({"name": "Anna", "town": "Zwolle"})
    assert form.is_valid()
    return form


# --- the base ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "error_class",
    [CrisisCardError, RecoveryError, CoordinationError, PeopleError, ActivationError],
)
def test_every_apps_error_is_a_refusal(error_class):
    refusal = error_class("Not now.", field="name")
    assert isinstance(refusal, Refusal)
    assert (str(refusal), refusal.field, refusal.status) == ("Not now.", "name", 400)


def test_a_stale_save_answers_409_and_something_gone_410():
    assert StaleDraft.status == CardStaleSharing.status == CaseStaleSharing.status == 409
    assert Conflict("x").status == 409 and Gone("x").status == 410
    assert Refusal("x", status=410).status == 410


def test_a_refused_upload_names_the_file_field():
    assert UploadRefused("Too big.").field == "file"


# --- showing a refusal on a form ----------------------------------------------------


def test_a_refusal_lands_on_the_field_it_names_and_the_input_stays():
    form = bound_form()
    with refusals_to(form) as caught:
        raise CrisisCardError("That town is not in the region.", field="town")
    assert caught and caught.message == "That town is not in the region."
    assert form.errors == {"town": ["That town is not in the region."]}
    assert form["town"].value() == "Zwolle" and not form.is_valid()


def test_a_refusal_without_a_field_is_about_the_whole_form():
    form = bound_form()
    with refusals_to(form):
        raise RecoveryError("This case is closed.")
    assert form.non_field_errors() == ["This case is closed."]


def test_the_view_can_say_which_field_a_fieldless_refusal_is_about():
    form = bound_form()
    with refusals_to(form, field="name"):
        raise CoordinationError("Already a consultant.")
    assert form.errors == {"name": ["Already a consultant."]}
    form = bound_form()
    with refusals_to(form, field="name"):
        raise CoordinationError("Wrong town.", field="town")
    assert form.errors == {"town": ["Wrong town."]}


def test_a_field_the_form_does_not_have_becomes_a_form_error():
    form = bound_form()
    apply_refusal(form, PeopleError("No.", field="elsewhere"))
    assert form.non_field_errors() == ["No."]


def test_the_block_stops_at_the_refusal_and_nothing_is_caught_when_none_comes():
    form = bound_form()
    after: list[str] = []
    with refusals_to(form) as caught:
        after.append("before")
        raise PeopleError("No.")
        after.append("after")  # pragma: no cover - never reached
    assert after == ["before"]
    with refusals_to(form) as nothing:
        pass
    assert not nothing and nothing.refusal is None and nothing.message == ""
    assert caught.refusal is not None


def test_other_exceptions_are_not_refusals_and_pass_through():
    form = bound_form()
    with pytest.raises(ValueError), refusals_to(form):
        raise ValueError("a bug, not a refusal")
    assert form.is_valid()


def test_a_narrower_kind_lets_other_refusals_through_to_the_outer_helper():
    form = bound_form()
    with refusals_to(form), refusal_caught(kind=CaseStaleSharing) as conflict:
        raise RecoveryError("Closed.")
    assert not conflict and form.non_field_errors() == ["Closed."]
    form = bound_form()
    with refusals_to(form), refusal_caught(kind=CaseStaleSharing) as conflict:
        raise CaseStaleSharing(7)
    assert isinstance(conflict.refusal, CaseStaleSharing) and form.is_valid()


# --- showing a refusal as a message -------------------------------------------------


def _request_with_messages() -> HttpRequest:
    request = RequestFactory().post("/")
    request.session = SessionStore()
    request._messages = FallbackStorage(request)  # type: ignore[attr-defined]
    return request


def test_a_refused_button_becomes_an_error_message_for_the_next_page():
    request = _request_with_messages()
    with refusals_to_messages(request) as caught:
        raise CrisisCardError("The card is already issued.")
    assert caught
    assert [(m.level_tag, str(m)) for m in get_messages(request)] == [
        ("error", "The card is already issued.")
    ]


# --- a refusal no view caught -----------------------------------------------------


def _refusing_view(request: HttpRequest) -> HttpResponse:
    raise Gone("This link was withdrawn.")


urlpatterns = [path("refused-for-test/", _refusing_view), *regie_urls.urlpatterns]


@override_settings(ROOT_URLCONF=__name__)
def test_an_uncaught_refusal_is_a_plain_page_with_its_status_not_a_500(world):
    response = world.client_for("coordinator").get("/refused-for-test/")
    assert response.status_code == 410
    assert "This link was withdrawn." in response.text
    assert reverse("core:home") in response.text


# --- services say which field; views do not guess --------------------------------


def test_a_wrong_language_code_is_shown_at_the_languages_field_in_dutch(world):
    person = world.people["consultant"]
    url = reverse("coordination:work_profile_edit", args=[world.region.slug, person.uuid])
    client = world.client_for("coordinator", language="nl")
    response = client.post(url, {"seen": ABSENT, "languages": "Turkish", "capacity": "6"})
    form = response.context["form"]
    assert list(form.errors) == ["languages"] and "turkish" in form.errors["languages"][0]


# --- the rule: views never convert a refusal by hand ----------------------------------


def _refusal_names() -> set[str]:
    assert get_resolver().url_patterns  # every view module imported, so every service
    names = {"Refusal"}
    todo = [Refusal]
    while todo:
        for sub in todo.pop().__subclasses__():
            names.add(sub.__name__)
            todo.append(sub)
    return names


def _view_modules() -> list[Path]:
    found = [p for p in REGIE.rglob("views.py")] + [p for p in REGIE.rglob("views/*.py")]
    return sorted(p for p in found if "tests" not in p.parts)


def _caught_names(handler: ast.ExceptHandler) -> set[str]:
    kinds = handler.type.elts if isinstance(handler.type, ast.Tuple) else [handler.type]
    names = set()
    for kind in kinds:
        if isinstance(kind, ast.Name):
            names.add(kind.id)
        elif isinstance(kind, ast.Attribute):
            names.add(kind.attr)
    return names


def test_no_view_catches_a_refusal_by_hand():
    """Views show refusals through regie.core.errors (refusals_to,
    refusals_to_messages, refusal_caught), never with their own `except`.
    Other excepts (parsing a ValueError, a link that is gone) are allowed."""
    refusals = _refusal_names()
    assert {"CrisisCardError", "CoordinationError", "StaleDraft"} <= refusals
    modules = _view_modules()
    assert len(modules) > 20
    offenders = []
    for module in modules:
        tree = ast.parse(module.read_text(), filename=str(module))
        for node in ast.walk(tree):
            if isinstance(node, ast.ExceptHandler) and node.type is not None:
                caught = _caught_names(node) & (refusals | {"Exception", "BaseException"})
                if caught:
                    where = f"{module.relative_to(REGIE.parent)}:{node.lineno}"
                    offenders.append(f"{where} catches {', '.join(sorted(caught))}")
    assert offenders == []

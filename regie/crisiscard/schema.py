"""The crisis plan's structure: sections and their fields, in one place.

A plan's content is a dict with one key per section. Text fields are plain
strings in the participant's own words; list sections hold small dicts.
`normalise` turns any posted or stored content into this exact shape (unknown
keys dropped, strings stripped and bounded), so hashes are stable.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

MAX_TEXT = 4000
MAX_SHORT = 200
MAX_ITEMS = 30


@dataclass(frozen=True)
class Field:
    key: str
    label: Any
    short: bool = False  # a one-line field
    kind: str = "text"  # "text" or "bool"


@dataclass(frozen=True)
class Section:
    key: str
    title: Any
    fields: tuple[Field, ...]
    repeated: bool = False  # a list of items, each with `fields`
    subsections: tuple[tuple[str, Any], ...] = ()  # e.g. the phases


PHASES = (
    ("stable", _("When I am well (stable)")),
    ("early_signs", _("Early signs")),
    ("threatening", _("Threatening crisis")),
    ("crisis", _("Crisis")),
    ("after", _("After the crisis")),
)

SECTIONS: tuple[Section, ...] = (
    Section(
        "about_me",
        _("About me"),
        (
            Field("text", _("Who I am")),
            Field("what_crisis_means", _("What a crisis is for me")),
        ),
    ),
    Section(
        "phases",
        _("Phases"),
        (
            Field("signals", _("Signals: how you and others can tell")),
            Field("what_i_do", _("What I do myself")),
            Field("others_do", _("What others should do")),
            Field("others_dont", _("What others should not do")),
        ),
        subsections=PHASES,
    ),
    Section("approach", _("How to approach me"), (Field("text", _("How to approach me")),)),
    Section(
        "contacts",
        _("Contact and trusted persons"),
        (
            Field("name", _("Name"), short=True),
            Field("relationship", _("Relationship"), short=True),
            Field("phone", _("Phone number"), short=True),
            Field("trusted", _("Trusted person"), kind="bool"),
            Field("do_not_inform", _("Must not be told"), kind="bool"),
        ),
        repeated=True,
    ),
    Section(
        "care_providers",
        _("Care providers, GP and crisis service"),
        (
            Field("name", _("Name"), short=True),
            Field("role", _("Role"), short=True),
            Field("phone", _("Phone number"), short=True),
        ),
        repeated=True,
    ),
    Section(
        "medication",
        _("Medication"),
        (
            Field("name", _("Medicine"), short=True),
            Field("dose", _("Dose"), short=True),
            Field("what_to_do", _("What to do with it in a crisis")),
        ),
        repeated=True,
    ),
    Section(
        "helps_harms",
        _("What helps and what harms"),
        (Field("helps", _("What helps me")), Field("harms", _("What harms me"))),
    ),
    Section(
        "admission",
        _("Admission and compulsory care"),
        (
            Field("preferred", _("Where I would like to be admitted")),
            Field("not_preferred", _("Where I do not want to be admitted")),
            Field("compulsory_care_wishes", _("My wishes about compulsory care")),
        ),
    ),
    Section(
        "practical",
        _("Practical matters"),
        (
            Field("children", _("Children")),
            Field("pets", _("Pets")),
            Field("plants", _("Plants")),
            Field("mail", _("Mail")),
            Field("finances", _("Finances")),
            Field("work", _("Work")),
            Field("keys", _("Keys")),
        ),
    ),
    Section(
        "agreements",
        _("Agreements with parties"),
        (Field("party", _("Party"), short=True), Field("text", _("Agreement"))),
        repeated=True,
    ),
)

SECTION_KEYS = tuple(s.key for s in SECTIONS)
BY_KEY = {s.key: s for s in SECTIONS}


def _clean_value(field: Field, value: Any) -> Any:
    if field.kind == "bool":
        return bool(value) and value not in ("", "0", "false", "off")
    text = "" if value is None else str(value)
    text = text.replace("\r\n", "\n").strip()
    return text[: MAX_SHORT if field.short else MAX_TEXT]


def _clean_fields(section: Section, raw: Any) -> dict[str, Any]:
    raw = raw if isinstance(raw, dict) else {}
    return {f.key: _clean_value(f, raw.get(f.key)) for f in section.fields}


def _is_empty_item(section: Section, item: dict[str, Any]) -> bool:
    return not any(item[f.key] for f in section.fields if f.kind == "text")


def normalise(content: Any) -> dict[str, Any]:
    """The exact shape of a plan, whatever came in."""
    content = content if isinstance(content, dict) else {}
    result: dict[str, Any] = {}
    for section in SECTIONS:
        raw = content.get(section.key)
        if section.repeated:
            items = raw if isinstance(raw, list) else []
            cleaned = [_clean_fields(section, item) for item in items[:MAX_ITEMS]]
            result[section.key] = [i for i in cleaned if not _is_empty_item(section, i)]
        elif section.subsections:
            raw = raw if isinstance(raw, dict) else {}
            result[section.key] = {
                key: _clean_fields(section, raw.get(key)) for key, _label in section.subsections
            }
        else:
            result[section.key] = _clean_fields(section, raw)
    return result


def empty_plan() -> dict[str, Any]:
    return normalise({})


def agreements_for(content: dict[str, Any], party_uuid: str) -> list[str]:
    """The agreement texts that concern one party, in a stable order."""
    return sorted(
        item["text"] for item in content.get("agreements", []) if item.get("party") == party_uuid
    )

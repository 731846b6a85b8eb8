"""Readable differences between two plan contents, per section, as data for templates.

Text fields are compared word by word (difflib); list sections (contacts,
medication, ...) item by item: added, removed or changed. Templates render the
pieces with <ins>/<del> and the words "added"/"removed", never colour only.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from . import schema
from .models import canonical_json

SAME, ADDED, REMOVED, CHANGED = "same", "added", "removed", "changed"


@dataclass(frozen=True)
class Piece:
    kind: str  # SAME, ADDED or REMOVED
    text: str


@dataclass
class FieldDiff:
    key: str
    label: Any
    old: str
    new: str
    pieces: list[Piece]

    @property
    def changed(self) -> bool:
        return self.old != self.new


@dataclass
class ItemDiff:
    status: str  # ADDED, REMOVED, CHANGED or SAME
    summary: str
    fields: list[FieldDiff]


@dataclass
class PartDiff:
    """A phase of the phases section (or the section itself for flat sections)."""

    key: str
    label: Any
    fields: list[FieldDiff]

    @property
    def changed(self) -> bool:
        return any(f.changed for f in self.fields)


@dataclass
class SectionDiff:
    key: str
    title: Any
    parts: list[PartDiff] = field(default_factory=list)
    items: list[ItemDiff] = field(default_factory=list)
    repeated: bool = False

    @property
    def changed(self) -> bool:
        return any(p.changed for p in self.parts) or any(i.status != SAME for i in self.items)

    @property
    def changed_items(self) -> list[ItemDiff]:
        return [i for i in self.items if i.status != SAME]


def changed_sections(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    """Keys of the sections whose content differs (both already normalised)."""
    return [
        key
        for key in schema.SECTION_KEYS
        if canonical_json(old.get(key)) != canonical_json(new.get(key))
    ]


_WORDS = re.compile(r"(\s+)")


def word_diff(old: str, new: str) -> list[Piece]:
    """Word-level pieces: unchanged, removed and added runs, in reading order."""
    if old == new:
        return [Piece(SAME, new)] if new else []
    a = _WORDS.split(old) if old else []
    b = _WORDS.split(new) if new else []
    pieces: list[Piece] = []
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            pieces.append(Piece(SAME, "".join(a[i1:i2])))
            continue
        if op in ("delete", "replace"):
            pieces.append(Piece(REMOVED, "".join(a[i1:i2])))
        if op in ("insert", "replace"):
            pieces.append(Piece(ADDED, "".join(b[j1:j2])))
    return [p for p in pieces if p.text]


def _display(f: schema.Field, value: Any, party_names: dict[str, str]) -> str:
    if f.kind == "bool":
        return str(_("yes") if value else _("no"))
    text = value or ""
    if f.key == "party" and text:
        return party_names.get(text, str(_("a party that is no longer in the plan")))
    return text


def _field_diffs(
    section: schema.Section,
    old: dict[str, Any],
    new: dict[str, Any],
    party_names: dict[str, str],
) -> list[FieldDiff]:
    result = []
    for f in section.fields:
        a = _display(f, old.get(f.key), party_names) if old else ""
        b = _display(f, new.get(f.key), party_names) if new else ""
        result.append(FieldDiff(f.key, f.label, a, b, word_diff(a, b)))
    return result


def _summary(section: schema.Section, item: dict[str, Any], party_names: dict[str, str]) -> str:
    first = section.fields[0]
    return _display(first, item.get(first.key), party_names) or str(_("(no name)"))


def _item_diffs(
    section: schema.Section,
    old_items: list[dict[str, Any]],
    new_items: list[dict[str, Any]],
    party_names: dict[str, str],
) -> list[ItemDiff]:
    a = [canonical_json(i) for i in old_items]
    b = [canonical_json(i) for i in new_items]
    result: list[ItemDiff] = []

    def one(status: str, old: dict[str, Any], new: dict[str, Any]) -> ItemDiff:
        shown = new or old
        return ItemDiff(
            status,
            _summary(section, shown, party_names),
            _field_diffs(section, old, new, party_names),
        )

    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            result.extend(
                one(SAME, old_items[i], new_items[j])
                for i, j in zip(range(i1, i2), range(j1, j2), strict=True)
            )
        elif op == "delete":
            result.extend(one(REMOVED, old_items[i], {}) for i in range(i1, i2))
        elif op == "insert":
            result.extend(one(ADDED, {}, new_items[j]) for j in range(j1, j2))
        else:  # replace: pair them up as changed items, the rest added or removed
            pairs = min(i2 - i1, j2 - j1)
            result.extend(one(CHANGED, old_items[i1 + k], new_items[j1 + k]) for k in range(pairs))
            result.extend(one(REMOVED, old_items[i], {}) for i in range(i1 + pairs, i2))
            result.extend(one(ADDED, {}, new_items[j]) for j in range(j1 + pairs, j2))
    return result


def diff_contents(
    old: dict[str, Any] | None,
    new: dict[str, Any],
    *,
    party_names: dict[str, str] | None = None,
) -> list[SectionDiff]:
    """Per section, what changed from `old` to `new` (old None: compared with an empty plan)."""
    old = schema.normalise(old or {})
    new = schema.normalise(new)
    names = party_names or {}
    result = []
    for section in schema.SECTIONS:
        diff = SectionDiff(section.key, section.title, repeated=section.repeated)
        if section.repeated:
            diff.items = _item_diffs(section, old[section.key], new[section.key], names)
        elif section.subsections:
            diff.parts = [
                PartDiff(
                    key,
                    label,
                    _field_diffs(section, old[section.key][key], new[section.key][key], names),
                )
                for key, label in section.subsections
            ]
        else:
            diff.parts = [
                PartDiff(
                    section.key,
                    section.title,
                    _field_diffs(section, old[section.key], new[section.key], names),
                )
            ]
        result.append(diff)
    return result


@dataclass
class ReadableField:
    label: Any
    value: str


@dataclass
class ReadablePart:
    label: Any
    fields: list[ReadableField]


@dataclass
class ReadableSection:
    key: str
    title: Any
    parts: list[ReadablePart]
    items: list[list[ReadableField]]
    repeated: bool

    @property
    def is_empty(self) -> bool:
        return not self.items and not any(p.fields for p in self.parts)


def readable(
    content: dict[str, Any], *, party_names: dict[str, str] | None = None
) -> list[ReadableSection]:
    """The plan as sections of labelled values, empty fields left out, for reading pages."""
    content = schema.normalise(content)
    names = party_names or {}

    def fields_of(section: schema.Section, values: dict[str, Any]) -> list[ReadableField]:
        return [
            ReadableField(f.label, _display(f, values.get(f.key), names))
            for f in section.fields
            if values.get(f.key) or (f.kind == "bool" and values.get(f.key))
        ]

    result = []
    for section in schema.SECTIONS:
        value = content[section.key]
        if section.repeated:
            result.append(
                ReadableSection(
                    section.key, section.title, [], [fields_of(section, i) for i in value], True
                )
            )
        elif section.subsections:
            parts = [
                ReadablePart(label, fields_of(section, value[key]))
                for key, label in section.subsections
            ]
            result.append(
                ReadableSection(
                    section.key, section.title, [p for p in parts if p.fields], [], False
                )
            )
        else:
            parts = [ReadablePart(section.title, fields_of(section, value))]
            result.append(
                ReadableSection(
                    section.key, section.title, [p for p in parts if p.fields], [], False
                )
            )
    return result

"""Redacting an erased person from other participants' crisis plans and cards.

A participant's plan may name someone else: a contact person, a neighbour in
the free text, a party's name in a contact row. When that someone's data is
erased, the lines naming them go from every copy of the other participant's
plan: the draft, each saved draft revision, each established version and the
panels of each card, in both languages. The rest of the other participant's
text stays as it is, each redacted line replaced by `[…]`.

What this does to the other participant's records (docs/privacy.md):
- An established version is immutable through `PlanVersion.save()`; erasure
  is the one change the law requires, so it is written with a queryset
  `update()`. Its stored `content_hash` is left as it was: it records what was
  established (and signed); a version whose hash no longer matches its content
  is one an erasure redacted. Establishing the redacted draft makes a new
  version, as for any other change.
- A card stays issued and valid, and its QR link keeps working. Its fingerprint
  (`card_hash`, computed from the panels) changes, so a passed quality review no
  longer covers it: the card page shows that the card changed since its
  review, as after an edit.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from regie.crisiscard.models import Card, CrisisPlan, DraftRevision, PlanVersion

REDACTED = "[…]"


def redact_json(value: Any, redact: Callable[[str], str]) -> Any:
    """`value` with `redact` applied to every string in it (keys stay)."""
    if isinstance(value, str):
        return redact(value)
    if isinstance(value, list):
        return [redact_json(item, redact) for item in value]
    if isinstance(value, dict):
        return {key: redact_json(item, redact) for key, item in value.items()}
    return value


def _line_redactor(needles: list[str]) -> Callable[[str], str]:
    pattern = re.compile("|".join(re.escape(n) for n in needles), re.IGNORECASE)

    def redact(text: str) -> str:
        if not pattern.search(text):
            return text
        return "\n".join(REDACTED if pattern.search(line) else line for line in text.split("\n"))

    return redact


def redact_plans(needles: list[str]) -> int:
    """Redact lines naming the person (any of `needles`) in every plan draft,
    draft revision, established version and card panel. Returns how many rows
    changed. Every row is read: JSON is stored escaped on some databases, so a
    database text search could miss a name with accents."""
    if not needles:
        return 0
    redact = _line_redactor(needles)
    changed = 0
    targets: list[tuple[type[CrisisPlan | DraftRevision | PlanVersion | Card], tuple[str, ...]]] = [
        (CrisisPlan, ("draft",)),
        (DraftRevision, ("content",)),
        (PlanVersion, ("content",)),
        (Card, ("panels", "panels_en")),
    ]
    for model, fields in targets:
        rows = model._default_manager.values_list("pk", *fields)
        for pk, *values in rows.iterator():
            update = {}
            for field, value in zip(fields, values, strict=True):
                redacted = redact_json(value, redact)
                if redacted != value:
                    update[field] = redacted
            if update:
                # A queryset update, not save(): PlanVersion.save() refuses any
                # change to an established version, and erasure is the one
                # change the law requires of it (see the module docstring).
                model._default_manager.filter(pk=pk).update(**update)
                changed += 1
    return changed

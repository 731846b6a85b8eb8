"""How complete a crisis plan is: per section, what is missing or too vague, in plain words.

Each rule is one check; progress is the share of checks passed, per section
and overall. The page shows the findings as a list and the progress as a
picture (bars per section), never as a percentage only.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from . import schema

# Shorter than this (after trimming) is too vague to help anyone in a crisis.
MIN_CHARS = 10


@dataclass
class SectionCheck:
    key: str
    title: Any
    passed: int = 0
    total: int = 0
    findings: list[str] = field(default_factory=list)

    def check(self, ok: bool, finding: str) -> None:
        self.total += 1
        if ok:
            self.passed += 1
        else:
            self.findings.append(finding)

    @property
    def percent(self) -> int:
        return 100 if self.total == 0 else round(100 * self.passed / self.total)

    @property
    def complete(self) -> bool:
        return not self.findings


@dataclass
class Completeness:
    sections: list[SectionCheck]

    @property
    def passed(self) -> int:
        return sum(s.passed for s in self.sections)

    @property
    def total(self) -> int:
        return sum(s.total for s in self.sections)

    @property
    def percent(self) -> int:
        return 100 if self.total == 0 else round(100 * self.passed / self.total)

    @property
    def complete(self) -> bool:
        return all(s.complete for s in self.sections)

    @property
    def findings(self) -> list[str]:
        return [f for s in self.sections for f in s.findings]

    def section(self, key: str) -> SectionCheck:
        return next(s for s in self.sections if s.key == key)

    def bars(self) -> list[dict[str, Any]]:
        """Geometry for the picture: one bar per section, 200 units wide at 100%."""
        return [
            {
                "section": s,
                "y": 8 + index * 26,
                "text_y": 8 + index * 26 + 13,
                "width": 2 * s.percent,
            }
            for index, s in enumerate(self.sections)
        ]

    def picture_height(self) -> int:
        return 16 + 26 * len(self.sections)


def _vague(text: str) -> bool:
    return 0 < len(text.strip()) < MIN_CHARS


def _text_check(result: SectionCheck, text: str, missing: str, label: Any) -> None:
    """Two outcomes in one check: missing, or too vague."""
    if not text:
        result.check(False, missing)
    elif _vague(text):
        result.check(
            False,
            _("“%(label)s” is very short. Say a bit more, so others know what you mean.")
            % {"label": label},
        )
    else:
        result.check(True, "")


def check(content: dict[str, Any], *, party_uuids: Iterable[str] | None = None) -> Completeness:
    """What is missing or too vague in a plan, per section.

    `party_uuids` are the request's current parties; an agreement naming
    another party is reported. None: the party check is skipped.
    """
    content = schema.normalise(content)
    parties = None if party_uuids is None else {str(u) for u in party_uuids}
    sections = {s.key: SectionCheck(s.key, s.title) for s in schema.SECTIONS}

    about = content["about_me"]
    _text_check(
        sections["about_me"],
        about["text"],
        _("Write something about yourself: who you are."),
        _("Who I am"),
    )
    _text_check(
        sections["about_me"],
        about["what_crisis_means"],
        _("Describe what a crisis is for you."),
        _("What a crisis is for me"),
    )

    phases = sections["phases"]
    for key, label in schema.PHASES:
        phase = content["phases"][key]
        _text_check(
            phases,
            phase["signals"],
            _("%(phase)s: no signals yet. How can you and others tell?") % {"phase": label},
            _("%(phase)s: signals") % {"phase": label},
        )
        if key == "crisis":
            _text_check(
                phases,
                phase["others_do"],
                _("%(phase)s: write what others should do.") % {"phase": label},
                _("%(phase)s: what others should do") % {"phase": label},
            )

    _text_check(
        sections["approach"],
        content["approach"]["text"],
        _("Write how people can best approach you."),
        _("How to approach me"),
    )

    contacts = sections["contacts"]
    people = content["contacts"]
    contacts.check(bool(people), _("No contact persons yet. Who may be called?"))
    for person in people:
        if person["do_not_inform"]:
            continue  # someone who must not be told needs no phone number
        contacts.check(
            bool(person["phone"]),
            _("%(name)s has no phone number.") % {"name": person["name"] or _("A contact")},
        )
    contacts.check(
        any(p["trusted"] and not p["do_not_inform"] for p in people),
        _("No trusted person yet. Mark the person you trust most."),
    )

    sections["care_providers"].check(
        bool(content["care_providers"]),
        _("No care provider, GP or crisis service yet."),
    )

    medication = sections["medication"]
    for item in content["medication"]:
        name = item["name"] or _("A medicine")
        _text_check(
            medication,
            item["what_to_do"],
            _("%(name)s: write what to do with it in a crisis.") % {"name": name},
            _("%(name)s: what to do with it") % {"name": name},
        )

    _text_check(
        sections["helps_harms"],
        content["helps_harms"]["helps"],
        _("Write what helps you."),
        _("What helps me"),
    )

    admission = content["admission"]
    wishes = " ".join(
        admission[k] for k in ("preferred", "not_preferred", "compulsory_care_wishes")
    ).strip()
    _text_check(
        sections["admission"],
        wishes,
        _("No wishes about admission yet: where you would or would not like to go."),
        _("Admission wishes"),
    )

    agreements = sections["agreements"]
    for index, item in enumerate(content["agreements"], start=1):
        if not item["party"]:
            agreements.check(False, _("Agreement %(number)d has no party.") % {"number": index})
        elif parties is not None:
            agreements.check(
                item["party"] in parties,
                _("Agreement %(number)d is with a party that is no longer in the plan.")
                % {"number": index},
            )
        _text_check(
            agreements,
            item["text"],
            _("Agreement %(number)d has no text.") % {"number": index},
            _("Agreement %(number)d") % {"number": index},
        )

    return Completeness(list(sections.values()))

"""The engine's coded reasons in words, in the reader's language."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.utils.translation import get_language_info, ngettext
from django.utils.translation import gettext as _

from .models import Gender, Weekday


def language_name(code: str) -> str:
    try:
        return str(get_language_info(code)["name_translated"])
    except KeyError:
        return code


def _days(days: object) -> str:
    labels = dict(Weekday.choices)
    return ", ".join(str(labels.get(d, d)) for d in days) if isinstance(days, list) else ""


def _gender(value: object) -> str:
    return str(dict(Gender.choices).get(str(value), value)).lower()


def reason_text(code: str, params: Mapping[str, object]) -> str:
    """One reason as a short phrase; an unknown code shows as itself."""
    if code == "hbo_needed":
        return _("HBO needed")
    if code == "load":
        return _("%(active)s of %(capacity)s active trajectories") % {
            "active": params.get("active", 0),
            "capacity": params.get("capacity", 0),
        }
    if code == "previous":
        return _("previous consultant")
    if code == "previous_unavailable":
        return _("previous consultant not available")
    if code == "peer":
        return _("has peer expertise")
    if code == "peer_missed":
        return _("no peer expertise (wished for)")
    if code == "language":
        return _("speaks %(language)s") % {"language": language_name(str(params.get("language")))}
    if code == "language_missed":
        return _("does not speak %(language)s") % {
            "language": language_name(str(params.get("language")))
        }
    if code == "gender":
        return _("is a %(gender)s, as wished") % {"gender": _gender(params.get("gender"))}
    if code == "gender_missed":
        return _("is not a %(gender)s (wished for)") % {"gender": _gender(params.get("gender"))}
    if code == "days":
        return _("available on %(days)s") % {"days": _days(params.get("days"))}
    if code == "days_missed":
        return _("not available on %(days)s") % {"days": _days(params.get("days"))}
    if code == "waiting":
        days = int(str(params.get("days", 0)))
        text = ngettext("waiting %(days)s day", "waiting %(days)s days", days) % {"days": days}
        return _("%(waiting)s, urgent") % {"waiting": text} if params.get("urgent") else text
    if code == "unassigned_no_consultant":
        return _("nobody is an active consultant in this region")
    if code == "unassigned_no_hbo":
        return _("heavy situation and no HBO consultant in this region")
    if code == "unassigned_all_conflicts":
        return _("every possible consultant is too close to the applicant")
    if code == "unassigned_no_hbo_free":
        return _("heavy situation and no HBO consultant has room")
    if code == "unassigned_capacity_full":
        return _("every possible consultant is full or overloaded")
    if code == "unassigned_others_first":
        return _("the free places went to applications that waited longer or fit better")
    return code


def explanation(reasons: Iterable[Mapping[str, object]]) -> str:
    """All reasons of a suggestion, joined: "HBO needed; 3 of 8 active trajectories; …"."""
    parts = []
    for reason in reasons:
        params = reason.get("params")
        parts.append(
            reason_text(str(reason.get("code", "")), params if isinstance(params, dict) else {})
        )
    text = "; ".join(parts)
    return text[:1].upper() + text[1:]

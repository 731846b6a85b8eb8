"""Reads for rectification: the current history number and the history."""

from __future__ import annotations

from django.db.models import Max, QuerySet

from regie.people.models import Person

from ..models import PersonDetailsVersion


def current_version(person: Person) -> int:
    """How many corrections `person`'s details have had (0: none yet)."""
    number = PersonDetailsVersion.objects.filter(person=person).aggregate(n=Max("number"))["n"]
    return int(number or 0)


def history(person: Person) -> QuerySet[PersonDetailsVersion]:
    """Every correction of `person`'s details, newest first, with who made it."""
    return (
        PersonDetailsVersion.objects.filter(person=person)
        .select_related("changed_by")
        .order_by("-number")
    )

"""Helpers shared by the wheel tests (owned by the wheel area)."""

from __future__ import annotations

import datetime
import xml.etree.ElementTree as ET

from django.utils import timezone

from regie.core.policy import Actor, actor_for_user
from regie.recovery.models import LifeArea, RecoveryCase, WheelAssessment
from regie.recovery.services.wheel import assessment_record

SVG = "{http://www.w3.org/2000/svg}"


def actor(world, persona: str = "case_director") -> Actor:
    return actor_for_user(world.people[persona].user)  # "client" is the case's client


def areas() -> list[LifeArea]:
    return list(LifeArea.objects.filter(is_active=True))


def all_scores(value: int = 5, note: str = "") -> dict[int, tuple[int, str]]:
    return {area.pk: (value, note) for area in areas()}


def days_ago(n: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=n)


def add(
    world,
    *,
    perspective: str = "client",
    ago: int = 0,
    value: int = 5,
    case: RecoveryCase | None = None,
    persona: str = "case_director",
) -> WheelAssessment:
    return assessment_record(
        actor=actor(world, persona),
        case=case or world.case,
        perspective=perspective,
        scores=all_scores(value),
        assessed_on=days_ago(ago),
        client_asked=persona != "client",
    )


def parse(svg: str) -> ET.Element:
    return ET.fromstring(str(svg))  # noqa: S314  (our own output, in tests)


def assessment_polygons(svg: str) -> list[ET.Element]:
    root = parse(svg)
    return [p for p in root.iter(f"{SVG}polygon") if "assessment" in p.get("class", "").split()]

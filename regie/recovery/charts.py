"""The wheel as pictures: a radar chart and a line per life area, in plain SVG.

No JavaScript and no chart library. Every text from the database goes
through `escape`, so the SVG is well-formed XML and safe to inline. Colours
are presentation attributes (no style attributes, because of the strict CSP)
and meet WCAG contrast against white: at least 4.5:1 for text, 3:1 for lines.
A picture is never the only way to read the numbers: the templates put a
table with the same scores next to it.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import prefetch_related_objects
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .models import CaseState, LifeArea, Perspective, RecoveryCase, WheelAssessment

INK = "#1b1f23"  # text, 16:1
MUTED = "#4a5560"  # ring numbers, 7.6:1
GRID = "#7b858d"  # rings and axes, 3.9:1
CLIENT = "#1f5f5b"  # --brand, 7.5:1
EARLIER = "#6b7780"  # earlier client views, 4.6:1
TEAM = "#a14a00"  # team's view, 6.0:1

# How each kind of assessment is drawn. Besides colour, line style, width and
# marker shape tell them apart (WCAG 1.4.1: not by colour alone).
STYLES: dict[str, dict[str, Any]] = {
    "client-latest": {"stroke": CLIENT, "width": 3, "dash": "", "fill": CLIENT, "marker": "circle"},
    "client-earlier": {"stroke": EARLIER, "width": 1.5, "dash": "", "fill": "", "marker": ""},
    "team-latest": {"stroke": TEAM, "width": 2.5, "dash": "8 5", "fill": "", "marker": "square"},
    "team-earlier": {"stroke": TEAM, "width": 1.25, "dash": "3 4", "fill": "", "marker": ""},
}
# Drawing order: the latest client view on top.
LAYERS = ["client-earlier", "team-earlier", "team-latest", "client-latest"]

RADIUS = 110
LABEL_GAP = 12
LABEL_WRAP = 15
FONT_SIZE = 17  # large, so the labels stay readable when a phone shrinks the picture
LINE_HEIGHT = 19
CHAR_WIDTH = 0.56  # rough average glyph width, in em, to fit the labels in the viewBox

CLIENT_LIMIT_ON_CASE_PAGE = 4


def _d(day: date) -> str:
    return day.strftime("%d-%m-%Y")


def _n(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".") if value != int(value) else str(int(value))


def _order_key(assessment: WheelAssessment) -> tuple[Any, ...]:
    return (assessment.assessed_on, assessment.created_at, assessment.pk)


def scores_of(assessment: WheelAssessment) -> dict[int, Any]:
    """life_area_id → WheelScore, from the prefetched scores."""
    return {score.life_area_id: score for score in assessment.scores.all()}


def _styles(assessments: Sequence[WheelAssessment]) -> list[tuple[WheelAssessment, str]]:
    """Each assessment (oldest first) with how it is drawn."""
    ordered = sorted(assessments, key=_order_key)
    latest: dict[str, WheelAssessment] = {}
    for assessment in ordered:
        latest[assessment.perspective] = assessment
    result = []
    for assessment in ordered:
        kind = "client" if assessment.perspective == Perspective.CLIENT else "team"
        when = "latest" if latest[assessment.perspective] is assessment else "earlier"
        result.append((assessment, f"{kind}-{when}"))
    return result


def _wrap(text: str, width: int = LABEL_WRAP) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines or [""]


def _angle(index: int, count: int) -> float:
    return -math.pi / 2 + 2 * math.pi * index / count


def _point(index: int, count: int, score: float) -> tuple[float, float]:
    angle = _angle(index, count)
    r = RADIUS * score / 10
    return r * math.cos(angle), r * math.sin(angle)


def _stroke_attrs(style: dict[str, Any]) -> str:
    attrs = f'stroke="{style["stroke"]}" stroke-width="{style["width"]}" stroke-linejoin="round"'
    if style["dash"]:
        attrs += f' stroke-dasharray="{style["dash"]}"'
    return attrs


def _marker(shape: str, x: float, y: float, colour: str) -> str:
    if shape == "circle":
        return f'<circle class="marker" cx="{_n(x)}" cy="{_n(y)}" r="4" fill="{colour}"/>'
    if shape == "square":
        return (
            f'<rect class="marker" x="{_n(x - 4)}" y="{_n(y - 4)}" width="8" height="8" '
            f'fill="#ffffff" stroke="{colour}" stroke-width="2"/>'
        )
    return ""


def assessment_label(assessment: WheelAssessment) -> str:
    if assessment.perspective == Perspective.CLIENT:
        return _("Client's own view, %(date)s") % {"date": _d(assessment.assessed_on)}
    return _("Team's view, %(date)s") % {"date": _d(assessment.assessed_on)}


def _summary(areas: Sequence[LifeArea], assessment: WheelAssessment) -> str:
    scores = scores_of(assessment)
    parts = [f"{area.name} {scores[area.pk].score}" for area in areas if area.pk in scores]
    return f"{assessment_label(assessment)}: {', '.join(parts)}."


def _radar_desc(areas: Sequence[LifeArea], styled: list[tuple[WheelAssessment, str]]) -> str:
    if not styled:
        return _("No scores yet.")
    parts = [_summary(areas, a) for a, style in styled if style.endswith("latest")]
    earlier = sum(1 for _a, style in styled if style.endswith("earlier"))
    if earlier:
        parts.append(
            ngettext(
                "Also shown, lighter: %(count)d earlier assessment.",
                "Also shown, lighter: %(count)d earlier assessments.",
                earlier,
            )
            % {"count": earlier}
        )
    return " ".join(parts)


def _area_labels(
    areas: Sequence[LifeArea],
) -> tuple[list[tuple[float, float, str, list[str]]], tuple[float, float, float, float]]:
    """Where each axis label goes (x, y of the first line, anchor, lines), and a
    viewBox (left, top, right, bottom) that holds the wheel and every label."""
    count = len(areas)
    left: float = -RADIUS
    top: float = -RADIUS
    right: float = RADIUS
    bottom: float = RADIUS
    labels = []
    for i, area in enumerate(areas):
        angle = _angle(i, count)
        cos, sin = math.cos(angle), math.sin(angle)
        x, y = (RADIUS + LABEL_GAP) * cos, (RADIUS + LABEL_GAP) * sin
        anchor = "start" if cos > 0.3 else "end" if cos < -0.3 else "middle"
        lines = _wrap(area.name)
        if sin < -0.3:
            y -= (len(lines) - 1) * LINE_HEIGHT
        elif sin > 0.3:
            y += FONT_SIZE * 0.8
        else:
            y -= (len(lines) - 1) * LINE_HEIGHT / 2 - FONT_SIZE * 0.3
        width = max(len(line) for line in lines) * FONT_SIZE * CHAR_WIDTH
        x0 = x if anchor == "start" else x - width if anchor == "end" else x - width / 2
        left, right = min(left, x0), max(right, x0 + width)
        top = min(top, y - FONT_SIZE)
        bottom = max(bottom, y + (len(lines) - 1) * LINE_HEIGHT + FONT_SIZE * 0.3)
        labels.append((x, y, anchor, lines))
    margin = 6
    return labels, (left - margin, top - margin, right + margin, bottom + margin)


def radar_svg(
    areas: Sequence[LifeArea],
    assessments: Sequence[WheelAssessment],
    *,
    id_prefix: str = "wheel-radar",
) -> SafeString:
    """A radar chart: one axis per life area, rings at 0–10, one <polygon
    class="assessment"> per assessment (client views solid, the latest
    emphasised; team views dashed). Scores must be prefetched."""
    count = len(areas)
    styled = _styles(assessments)
    labels, (left, top, right, bottom) = _area_labels(areas)
    title_id, desc_id = f"{id_prefix}-title", f"{id_prefix}-desc"
    # Outside the f-string, so makemessages can find it.
    chart_title = _("Recovery wheel: scores per life area, 0 to 10")
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="wheel-radar" role="img" '
        f'viewBox="{_n(left)} {_n(top)} {_n(right - left)} {_n(bottom - top)}" '
        f'aria-labelledby="{title_id} {desc_id}" font-size="{FONT_SIZE}" fill="{INK}">',
        f'<title id="{title_id}">{escape(chart_title)}</title>',
        f'<desc id="{desc_id}">{escape(_radar_desc(areas, styled))}</desc>',
        '<g class="grid" fill="none">',
    ]
    for ring in (2, 4, 6, 8, 10):
        corners = [_point(i, count, ring) for i in range(count)]
        if count >= 3:
            path = "M" + " L".join(f"{_n(x)} {_n(y)}" for x, y in corners) + " Z"
            out.append(f'<path class="ring" d="{path}" stroke="{GRID}" stroke-width="0.75"/>')
    for i in range(count):
        x, y = _point(i, count, 10)
        out.append(
            f'<line class="axis" x1="0" y1="0" x2="{_n(x)}" y2="{_n(y)}" '
            f'stroke="{GRID}" stroke-width="0.75"/>'
        )
    out.append("</g>")
    out.append(f'<g class="ring-labels" font-size="11" fill="{MUTED}" aria-hidden="true">')
    for ring in (0, 2, 4, 6, 8, 10):
        out.append(f'<text x="4" y="{_n(-RADIUS * ring / 10 - 2)}">{ring}</text>')
    out.append("</g>")
    out.append('<g class="area-labels">')
    for x, y, anchor, lines in labels:
        spans = "".join(
            f'<tspan x="{_n(x)}" dy="{0 if n == 0 else LINE_HEIGHT}">{escape(line)}</tspan>'
            for n, line in enumerate(lines)
        )
        out.append(f'<text x="{_n(x)}" y="{_n(y)}" text-anchor="{anchor}">{spans}</text>')
    out.append("</g>")
    out.append('<g class="assessments">')
    by_layer = sorted(styled, key=lambda pair: LAYERS.index(pair[1]))
    for assessment, style_name in by_layer:
        style = STYLES[style_name]
        scores = scores_of(assessment)
        corners = [
            _point(i, count, scores[area.pk].score)
            for i, area in enumerate(areas)
            if area.pk in scores
        ]
        points = " ".join(f"{_n(x)},{_n(y)}" for x, y in corners)
        fill = f'fill="{style["fill"]}" fill-opacity="0.12"' if style["fill"] else 'fill="none"'
        out.append(
            f'<polygon class="assessment assessment-{assessment.perspective} {style_name}" '
            f'data-date="{assessment.assessed_on.isoformat()}" points="{points}" {fill} '
            f"{_stroke_attrs(style)}><title>{escape(assessment_label(assessment))}</title>"
            "</polygon>"
        )
        if style["marker"]:
            out.extend(_marker(style["marker"], x, y, style["stroke"]) for x, y in corners)
    out.append("</g></svg>")
    return mark_safe("".join(out))  # noqa: S308  # nosec B308, B703  # every text escaped above


@dataclass(frozen=True)
class LegendItem:
    label: str
    swatch: SafeString


def _swatch(style_name: str) -> SafeString:
    style = STYLES[style_name]
    marker = _marker(style["marker"], 18, 8, style["stroke"])
    return mark_safe(  # noqa: S308  # nosec B308, B703  # module constants only, no input
        '<svg xmlns="http://www.w3.org/2000/svg" class="swatch" width="36" height="16" '
        f'viewBox="0 0 36 16" aria-hidden="true" focusable="false">'
        f'<line x1="1" y1="8" x2="35" y2="8" {_stroke_attrs(style)}/>{marker}</svg>'
    )


def radar_legend(assessments: Sequence[WheelAssessment]) -> list[LegendItem]:
    """What each line style in the radar means, for the assessments shown."""
    styled = _styles(assessments)
    items = []
    for style_name in reversed(LAYERS):
        of_style = [a for a, s in styled if s == style_name]
        if not of_style:
            continue
        if style_name == "client-latest":
            label = _("Client's own view, latest (%(date)s): solid thick line, round dots")
        elif style_name == "team-latest":
            label = _("Team's view, latest (%(date)s): dashed line, square dots")
        elif style_name == "client-earlier":
            label = _("Client's own view, earlier (%(count)d): thin grey lines")
        else:
            label = _("Team's view, earlier (%(count)d): thin dotted lines")
        text = label % {"date": _d(of_style[-1].assessed_on), "count": len(of_style)}
        items.append(LegendItem(text, _swatch(style_name)))
    return items


# Line chart geometry (viewBox units).
LC_WIDTH, LC_HEIGHT = 320, 190
LC_LEFT, LC_RIGHT, LC_TOP, LC_BOTTOM = 30, 20, 12, 36


def line_svg(
    area: LifeArea, points: Sequence[tuple[date, int]], *, id_prefix: str = ""
) -> SafeString:
    """A small line chart of the client's scores for one life area over time:
    0–10 upwards, dates from left to right (spaced by time), one
    <circle class="point"> per score."""
    prefix = id_prefix or f"wheel-line-{area.key}"
    title_id, desc_id = f"{prefix}-title", f"{prefix}-desc"
    points = sorted(points, key=lambda p: p[0])
    plot_w = LC_WIDTH - LC_LEFT - LC_RIGHT
    plot_h = LC_HEIGHT - LC_TOP - LC_BOTTOM
    title = _("%(area)s: the client's scores over time") % {"area": area.name}
    if points:
        desc = ngettext(
            "%(count)d score on %(first)s: %(list)s.",
            "%(count)d scores from %(first)s to %(last)s: %(list)s.",
            len(points),
        ) % {
            "count": len(points),
            "first": _d(points[0][0]),
            "last": _d(points[-1][0]),
            "list": "; ".join(f"{_d(day)}: {score}" for day, score in points),
        }
    else:
        desc = _("No scores yet.")

    def x_of(day: date) -> float:
        first, last = points[0][0], points[-1][0]
        if first == last:
            return LC_LEFT + plot_w / 2
        return LC_LEFT + plot_w * (day - first).days / (last - first).days

    def y_of(score: float) -> float:
        return LC_TOP + plot_h * (1 - score / 10)

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="wheel-line" role="img" '
        f'viewBox="0 0 {LC_WIDTH} {LC_HEIGHT}" aria-labelledby="{title_id} {desc_id}" '
        f'font-size="12" fill="{INK}">',
        f'<title id="{title_id}">{escape(title)}</title>',
        f'<desc id="{desc_id}">{escape(desc)}</desc>',
        '<g class="grid" aria-hidden="true">',
    ]
    for score in (0, 2, 4, 6, 8, 10):
        y = y_of(score)
        out.append(
            f'<line x1="{LC_LEFT}" y1="{_n(y)}" x2="{LC_WIDTH - LC_RIGHT}" y2="{_n(y)}" '
            f'stroke="{GRID}" stroke-width="{1 if score == 0 else 0.5}"/>'
            f'<text x="{LC_LEFT - 6}" y="{_n(y + 4)}" text-anchor="end" fill="{MUTED}">'
            f"{score}</text>"
        )
    out.append("</g>")
    if points:
        first, last = points[0][0], points[-1][0]
        label_y = LC_HEIGHT - LC_BOTTOM + 20
        if first == last:
            out.append(
                f'<text class="date" x="{_n(x_of(first))}" y="{label_y}" '
                f'text-anchor="middle">{_d(first)}</text>'
            )
        else:
            out.append(
                f'<text class="date" x="{LC_LEFT}" y="{label_y}" text-anchor="start">'
                f"{_d(first)}</text>"
                f'<text class="date" x="{LC_WIDTH - LC_RIGHT}" y="{label_y}" '
                f'text-anchor="end">{_d(last)}</text>'
            )
        coords = " ".join(f"{_n(x_of(day))},{_n(y_of(score))}" for day, score in points)
        out.append(
            f'<polyline class="line" points="{coords}" fill="none" stroke="{CLIENT}" '
            'stroke-width="2" stroke-linejoin="round"/>'
        )
        for day, score in points:
            out.append(
                f'<circle class="point" cx="{_n(x_of(day))}" cy="{_n(y_of(score))}" r="4" '
                f'fill="{CLIENT}"><title>{_d(day)}: {score}</title></circle>'
            )
    out.append("</svg>")
    return mark_safe("".join(out))  # noqa: S308  # nosec B308, B703  # every text escaped above


@dataclass(frozen=True)
class AreaRow:
    """One life area with its score (or None) in each assessment shown."""

    area: LifeArea
    cells: list[Any]  # WheelScore | None, one per column


def area_rows(areas: Iterable[LifeArea], columns: Sequence[WheelAssessment]) -> list[AreaRow]:
    maps = [scores_of(a) for a in columns]
    return [AreaRow(area, [m.get(area.pk) for m in maps]) for area in areas]


def active_areas() -> list[LifeArea]:
    return list(LifeArea.objects.filter(is_active=True))


def _assessments(case: RecoveryCase) -> Any:
    return WheelAssessment.objects.filter(case=case).select_related("recorded_by")


def wheel_context(case: RecoveryCase) -> dict[str, Any]:
    """Everything templates/recovery/wheel/_wheel.html needs for one case: the
    last few client views and the team's latest view. Four queries, however
    many assessments the case has."""
    areas = active_areas()
    newest_first = ("-assessed_on", "-created_at", "-pk")
    client = list(
        _assessments(case)
        .filter(perspective=Perspective.CLIENT)
        .order_by(*newest_first)[:CLIENT_LIMIT_ON_CASE_PAGE]
    )
    team = list(_assessments(case).filter(perspective=Perspective.TEAM).order_by(*newest_first)[:1])
    shown = sorted(client + team, key=_order_key)
    prefetch_related_objects(shown, "scores")
    return {
        "case": case,
        "areas": areas,
        "assessments": shown,
        "latest_client": client[0] if client else None,
        "latest_team": team[0] if team else None,
        "radar": radar_svg(areas, shown, id_prefix="case-wheel") if shown else "",
        "legend": radar_legend(shown),
        "columns": [(a, assessment_label(a)) for a in shown],
        "rows": area_rows(areas, shown),
        "can_add": case.state != CaseState.CLOSED,
    }


def wheel_page_context(case: RecoveryCase) -> dict[str, Any]:
    """The full wheel: every assessment in the radar, a line chart per life
    area from the client's views, and every score with its note. Three
    queries, however many assessments the case has."""
    areas = active_areas()
    assessments = list(_assessments(case).order_by("assessed_on", "created_at", "pk"))
    prefetch_related_objects(assessments, "scores")
    client = [a for a in assessments if a.perspective == Perspective.CLIENT]
    maps = {a.pk: scores_of(a) for a in assessments}
    lines = []
    for area in areas:
        points = [
            (a.assessed_on, maps[a.pk][area.pk].score) for a in client if area.pk in maps[a.pk]
        ]
        lines.append({"area": area, "svg": line_svg(area, points), "count": len(points)})
    history = [
        {
            "assessment": a,
            "label": assessment_label(a),
            "cells": [maps[a.pk].get(area.pk) for area in areas],
        }
        for a in reversed(assessments)
    ]
    return {
        "case": case,
        "areas": areas,
        "assessments": assessments,
        "client_count": len(client),
        "team_count": len(assessments) - len(client),
        "radar": radar_svg(areas, assessments) if assessments else "",
        "legend": radar_legend(assessments),
        "lines": lines,
        "history": history,
        "can_add": case.state != CaseState.CLOSED,
    }


def latest_client_scores(case: RecoveryCase) -> dict[int, Any]:
    """life_area_id → WheelScore of the client's most recent view (two queries)."""
    latest = (
        WheelAssessment.objects.filter(case=case, perspective=Perspective.CLIENT)
        .order_by("-assessed_on", "-created_at", "-pk")
        .prefetch_related("scores")
        .first()
    )
    return scores_of(latest) if latest is not None else {}

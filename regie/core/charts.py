"""Small server-drawn SVG charts: bars, lines and a funnel.

Every chart is an `<svg role="img">` with a title and a description; pages
show the same figures in a table beside it. Colours meet WCAG contrast
against white and are told apart by pattern or label too, never colour alone.
Values of None are drawn as "hidden" (suppressed small numbers).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

COLOURS = ["#1f5f8b", "#a4462b", "#2f6b3a", "#6b3f8f", "#7a5b00"]
DASHES = ["", "6 4", "2 3", "10 3 2 3", "1 5"]
TEXT = "#1b1b1b"
MUTED = "#595959"
FONT = 'font-family="sans-serif" font-size="12"'


def _n(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _svg(width: int, height: int, title: str, desc: str, body: list[str]) -> SafeString:
    return mark_safe(  # noqa: S308  # nosec B308, B703  # every text escaped, attributes are numbers
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'preserveAspectRatio="xMinYMin meet">'
        f"<title>{escape(title)}</title><desc>{escape(desc)}</desc>{''.join(body)}</svg>"
    )


@dataclass(frozen=True)
class Bar:
    label: str
    value: float | None
    note: str = ""


def bar_svg(bars: Sequence[Bar], *, title: str, unit: str = "") -> SafeString:
    """Horizontal bars, one row per label; None is drawn as hidden."""
    label_w, bar_w, row_h = 220, 300, 26
    height = max(1, len(bars)) * row_h + 10
    top = max((b.value for b in bars if b.value is not None), default=0) or 1
    body: list[str] = []
    parts: list[str] = []
    for i, bar in enumerate(bars):
        y = 5 + i * row_h
        body.append(
            f'<text x="{label_w - 8}" y="{y + 17}" text-anchor="end" fill="{TEXT}" {FONT}>'
            f"{escape(bar.label[:34])}</text>"
        )
        if bar.value is None:
            text = _("hidden")
            body.append(
                f'<rect x="{label_w}" y="{y + 4}" width="40" height="16" fill="none" '
                f'stroke="{MUTED}" stroke-dasharray="3 3"/>'
                f'<text x="{label_w + 48}" y="{y + 17}" fill="{MUTED}" {FONT}>{escape(text)}</text>'
            )
        else:
            w = max(1.0, bar_w * bar.value / top) if bar.value else 0
            text = f"{_n(bar.value)}{unit}{(' ' + bar.note) if bar.note else ''}"
            body.append(
                f'<rect x="{label_w}" y="{y + 4}" width="{_n(w)}" height="16" '
                f'fill="{COLOURS[0]}"/>'
                f'<text x="{label_w + w + 6:.1f}" y="{y + 17}" fill="{TEXT}" {FONT}>'
                f"{escape(text)}</text>"
            )
        parts.append(f"{bar.label}: {text}")
    return _svg(label_w + bar_w + 160, height, title, "; ".join(parts), body)


@dataclass(frozen=True)
class Series:
    label: str
    values: Sequence[float | None]


def line_svg(
    series: Sequence[Series],
    x_labels: Sequence[str],
    *,
    title: str,
    unit: str = "",
    reference: float | None = None,
    reference_label: str = "",
) -> SafeString:
    """Lines over x labels (for example weeks); an optional dashed reference line."""
    left, right, top_pad, bottom, width, height = 48, 16, 16, 40, 640, 240
    plot_w, plot_h = width - left - right, height - top_pad - bottom
    values = [v for s in series for v in s.values if v is not None]
    top = max([*values, reference or 0, 1])
    count = max(1, len(x_labels) - 1)

    def x(i: int) -> float:
        return left + plot_w * i / count

    def y(v: float) -> float:
        return top_pad + plot_h * (1 - v / top)

    body = [
        f'<line x1="{left}" y1="{top_pad + plot_h}" x2="{width - right}" '
        f'y2="{top_pad + plot_h}" stroke="{MUTED}"/>',
        f'<text x="{left - 6}" y="{y(top) + 4:.1f}" text-anchor="end" fill="{MUTED}" {FONT}>'
        f"{_n(top)}{escape(unit)}</text>",
        f'<text x="{left - 6}" y="{top_pad + plot_h + 4}" text-anchor="end" fill="{MUTED}" '
        f"{FONT}>0</text>",
    ]
    step = max(1, len(x_labels) // 8)
    for i, label in enumerate(x_labels):
        if i % step == 0 or i == len(x_labels) - 1:
            body.append(
                f'<text x="{x(i):.1f}" y="{height - 20}" text-anchor="middle" fill="{MUTED}" '
                f"{FONT}>{escape(label)}</text>"
            )
    if reference is not None:
        body.append(
            f'<line x1="{left}" y1="{y(reference):.1f}" x2="{width - right}" '
            f'y2="{y(reference):.1f}" stroke="{COLOURS[1]}" stroke-dasharray="4 4"/>'
            f'<text x="{width - right}" y="{y(reference) - 4:.1f}" text-anchor="end" '
            f'fill="{COLOURS[1]}" {FONT}>{escape(reference_label)}</text>'
        )
    desc: list[str] = []
    for n, line in enumerate(series):
        colour, dash = COLOURS[n % len(COLOURS)], DASHES[n % len(DASHES)]
        points = [(x(i), y(v)) for i, v in enumerate(line.values) if v is not None]
        if points:
            path = " ".join(f"{px:.1f},{py:.1f}" for px, py in points)
            body.append(
                f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2"'
                + (f' stroke-dasharray="{dash}"' if dash else "")
                + "/>"
            )
            body.extend(
                f'<circle cx="{px:.1f}" cy="{py:.1f}" r="3" fill="{colour}"/>' for px, py in points
            )
        body.append(
            f'<text x="{left + n * 150}" y="{height - 4}" fill="{colour}" {FONT}>'
            f"— {escape(line.label)}</text>"
        )
        shown = ", ".join(
            f"{lab}: {_n(v)}{unit}"
            for lab, v in zip(x_labels, line.values, strict=False)
            if v is not None
        )
        desc.append(f"{line.label}: {shown}")
    return _svg(width, height, title, "; ".join(desc), body)


def funnel_svg(steps: Sequence[Bar], *, title: str) -> SafeString:
    """A funnel: each step's count and its share of the first step."""
    first = steps[0].value if steps and steps[0].value else None
    bars = []
    for step in steps:
        note = step.note
        if first and step.value is not None:
            note = f"({round(100 * step.value / first)}%)" + (f" {note}" if note else "")
        bars.append(Bar(step.label, step.value, note))
    return bar_svg(bars, title=title)

"""The folding card's panels and the check that every text fits, by real font metrics.

The card folds to the size of a bank card: four panels of 85.6 × 54 mm
(front, two inside panels, back). Each panel holds a few fields; each field
has a font, a size, a leading and a box (width in mm, a number of lines). Text
is wrapped with `pdfmetrics.stringWidth` of the embedded Vera font, so what
the check says is exactly what the PDF prints (pdf.py draws these same lines).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics

from regie.core import pdf

# Own names for the Vera files, so registering them never clashes with other PDFs.
FONT = "CardVera"
FONT_BOLD = "CardVera-Bold"

PANEL_WIDTH_MM = 85.6
PANEL_HEIGHT_MM = 54.0
MARGIN_MM = 3.0
INNER_WIDTH_MM = PANEL_WIDTH_MM - 2 * MARGIN_MM
INNER_HEIGHT_MM = PANEL_HEIGHT_MM - 2 * MARGIN_MM
# The QR code on the front, and the room it leaves for text beside it.
QR_SIZE_MM = 30.0
FRONT_TEXT_WIDTH_MM = INNER_WIDTH_MM - QR_SIZE_MM - 2.0

TITLE_SIZE = 12.0
HEADING_SIZE = 8.0
HEADING_LEADING = 10.0
LABEL_SIZE = 6.5
LABEL_LEADING = 8.0
BODY_SIZE = 7.0
BODY_LEADING = 8.2


def register_fonts() -> None:
    """Register the Vera TrueType fonts once (they are embedded in every PDF)."""
    pdf.register_fonts(FONT, FONT_BOLD)


@dataclass(frozen=True)
class FieldSpec:
    key: str
    label: Any
    width_mm: float
    max_lines: int
    font: str = FONT
    size: float = BODY_SIZE
    leading: float = BODY_LEADING
    # A small bold label printed above the text ("Please do"); part of the box.
    printed_label: bool = True

    @property
    def width(self) -> float:
        """The box's width in points."""
        return self.width_mm * mm

    @property
    def height_mm(self) -> float:
        label = LABEL_LEADING if self.printed_label else 0.0
        return (label + self.max_lines * self.leading) / mm


@dataclass(frozen=True)
class PanelSpec:
    key: str
    title: Any
    fields: tuple[FieldSpec, ...]


PANELS: tuple[PanelSpec, ...] = (
    PanelSpec(
        "front",
        _("Front"),
        (
            FieldSpec(
                "name",
                _("Name"),
                FRONT_TEXT_WIDTH_MM,
                2,
                font=FONT_BOLD,
                size=9.0,
                leading=11.0,
                printed_label=False,
            ),
            FieldSpec(
                "intro",
                _("Message on the front"),
                FRONT_TEXT_WIDTH_MM,
                6,
                printed_label=False,
            ),
        ),
    ),
    PanelSpec(
        "inside_1",
        _("In a crisis, please…"),
        (
            FieldSpec("do", _("Please do"), INNER_WIDTH_MM, 7),
            FieldSpec("dont", _("Please do not"), INNER_WIDTH_MM, 5),
        ),
    ),
    PanelSpec(
        "inside_2",
        _("Contact persons and care providers"),
        (
            FieldSpec("contacts", _("Contact persons"), INNER_WIDTH_MM, 7),
            FieldSpec("care", _("Care providers"), INNER_WIDTH_MM, 5),
        ),
    ),
    PanelSpec(
        "back",
        _("Medication and admission"),
        (
            FieldSpec("medication", _("Medication"), INNER_WIDTH_MM, 5),
            FieldSpec("admission", _("Admission wishes"), INNER_WIDTH_MM, 5),
        ),
    ),
)
PANEL_KEYS = tuple(p.key for p in PANELS)
BY_KEY = {p.key: p for p in PANELS}


@dataclass(frozen=True)
class Problem:
    panel: str
    field: str
    lines: int
    max_lines: int
    message: str
    # "" for the card's own text, "en" for its English side.
    language: str = ""

    @property
    def overflow(self) -> int:
        return self.lines - self.max_lines


def _break_word(word: str, width: float, font: str, size: float) -> list[str]:
    """A word wider than the box, split over lines character by character."""
    pieces, current = [], ""
    for char in word:
        if current and pdfmetrics.stringWidth(current + char, font, size) > width:
            pieces.append(current)
            current = char
        else:
            current += char
    if current:
        pieces.append(current)
    return pieces


def fit_text(text: str, width: float, font: str, size: float) -> list[str]:
    """Wrap `text` into lines no wider than `width` points, measured in the real font.

    Line breaks the author typed are kept; an empty paragraph is an empty line.
    """
    register_fonts()
    lines: list[str] = []
    text = (text or "").replace("\r\n", "\n").strip()
    if not text:
        return lines
    for paragraph in text.split("\n"):
        words = paragraph.split()
        if not words:
            lines.append("")
            continue
        current = ""
        for word in words:
            candidate = f"{current} {word}" if current else word
            if pdfmetrics.stringWidth(candidate, font, size) <= width:
                current = candidate
                continue
            if current:
                lines.append(current)
            pieces = _break_word(word, width, font, size)
            lines.extend(pieces[:-1])
            current = pieces[-1]
        lines.append(current)
    return lines


def field_lines(spec: FieldSpec, text: str) -> list[str]:
    return fit_text(text, spec.width, spec.font, spec.size)


def check_panel(panel_key: str, fields: dict[str, Any]) -> list[Problem]:
    """Every field of one panel that does not fit its box, said in plain words."""
    panel = BY_KEY[panel_key]
    problems = []
    for spec in panel.fields:
        lines = len(field_lines(spec, str(fields.get(spec.key, "") or "")))
        if lines <= spec.max_lines:
            continue
        over = lines - spec.max_lines
        message = ngettext(
            "The text “%(field)s” is %(count)d line too long for the panel “%(panel)s”.",
            "The text “%(field)s” is %(count)d lines too long for the panel “%(panel)s”.",
            over,
        ) % {"field": spec.label, "count": over, "panel": panel.title}
        problems.append(Problem(panel_key, spec.key, lines, spec.max_lines, message))
    return problems


def check_card(panels: dict[str, Any]) -> list[Problem]:
    """All problems of a card's panels, panel by panel."""
    problems: list[Problem] = []
    for panel in PANELS:
        problems.extend(check_panel(panel.key, panels.get(panel.key) or {}))
    return problems


def normalise_panels(raw: Any) -> dict[str, dict[str, str]]:
    """The exact shape of a card's panels: known panels and fields only, text kept whole."""
    raw = raw if isinstance(raw, dict) else {}
    result: dict[str, dict[str, str]] = {}
    for panel in PANELS:
        values = raw.get(panel.key)
        values = values if isinstance(values, dict) else {}
        result[panel.key] = {
            spec.key: str(values.get(spec.key) or "").replace("\r\n", "\n").strip()[:4000]
            for spec in panel.fields
        }
    return result


@dataclass(frozen=True)
class LaidOutField:
    spec: FieldSpec
    lines: list[str]
    problem: Problem | None

    @property
    def shown(self) -> list[str]:
        return self.lines[: self.spec.max_lines]

    @property
    def overflow_lines(self) -> list[str]:
        return self.lines[self.spec.max_lines :]


@dataclass(frozen=True)
class LaidOutPanel:
    spec: PanelSpec
    fields: list[LaidOutField]


def layout(panels: dict[str, Any]) -> list[LaidOutPanel]:
    """Every panel with its wrapped lines and problems: what the PDF and the preview draw."""
    result = []
    for panel in PANELS:
        values = panels.get(panel.key) or {}
        problems = {p.field: p for p in check_panel(panel.key, values)}
        result.append(
            LaidOutPanel(
                panel,
                [
                    LaidOutField(
                        spec,
                        field_lines(spec, str(values.get(spec.key, "") or "")),
                        problems.get(spec.key),
                    )
                    for spec in panel.fields
                ],
            )
        )
    return result


# --- The second language -----------------------------------------------------
#
# A card may carry the same panels in English (`Card.panels_en`), with the same
# boxes and the same fit check. Empty English text is fine: then the card has
# no English side. The English front falls back to the Dutch name, so a
# participant need not type their name twice.

SECOND_LANGUAGE = "en"


def has_text(panels: Any) -> bool:
    """True when any field of these panels holds text."""
    return any(value for fields in normalise_panels(panels).values() for value in fields.values())


def second_side(panels: Any, panels_en: Any) -> dict[str, dict[str, str]] | None:
    """The English panels as printed and shown, or None when there is no English text."""
    if not has_text(panels_en):
        return None
    side = normalise_panels(panels_en)
    if not side["front"]["name"]:
        side["front"]["name"] = normalise_panels(panels)["front"]["name"]
    return side


def check_second_side(panels: Any, panels_en: Any) -> list[Problem]:
    """What does not fit on the English side, each message marked as the English text."""
    side = second_side(panels, panels_en)
    if side is None:
        return []
    return [
        Problem(
            problem.panel,
            problem.field,
            problem.lines,
            problem.max_lines,
            _("English text: %(message)s") % {"message": problem.message},
            SECOND_LANGUAGE,
        )
        for problem in check_card(side)
    ]


def check_both(panels: Any, panels_en: Any) -> list[Problem]:
    """Every problem of a card: its own panels, then its English side."""
    return check_card(panels if isinstance(panels, dict) else {}) + check_second_side(
        panels, panels_en
    )

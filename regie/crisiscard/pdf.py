"""The crisis card and the full plan as PDF (ReportLab).

The card is a strip of four panels of exactly 85.6 × 54 mm on A4, one under
the other: cut along the corner marks, fold along the dashed lines (zigzag),
and it is the size of a bank card with the front on top. Every panel's
content is clipped to its own rectangle (`panel_boxes()`), and its text is the
same wrapped lines the fit check measured (fit.py).

Fonts are the Vera TrueType fonts shipped with ReportLab, embedded, so Dutch
diacritics print. Output is deterministic (`invariant`) and uncompressed.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape

from django.utils import translation
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

from . import fit, qr, schema
from .models import Card, CardStatus, Party, PlanVersion
from .selectors.cards import licence_holder, live_link

PAGE_WIDTH, PAGE_HEIGHT = A4
STRIP_TOP = PAGE_HEIGHT - 40 * mm
CROP_GAP = 2 * mm
CROP_LENGTH = 6 * mm


@dataclass(frozen=True)
class Box:
    key: str
    x: float
    y: float
    width: float
    height: float


def panel_boxes() -> list[Box]:
    """Where each panel is on the A4 page, in points (origin bottom left)."""
    width, height = fit.PANEL_WIDTH_MM * mm, fit.PANEL_HEIGHT_MM * mm
    left = (PAGE_WIDTH - width) / 2
    return [
        Box(key, left, STRIP_TOP - (index + 1) * height, width, height)
        for index, key in enumerate(fit.PANEL_KEYS)
    ]


def qr_box() -> Box:
    """The QR code's square on the front panel (quiet zone included)."""
    front = panel_boxes()[0]
    size = fit.QR_SIZE_MM * mm
    margin = fit.MARGIN_MM * mm
    return Box(
        "qr",
        front.x + front.width - margin - size,
        front.y + (front.height - size) / 2,
        size,
        size,
    )


def _date(value: Any) -> str:
    return value.strftime("%d-%m-%Y") if value else ""


def _draw_qr(canvas: Canvas, url: str) -> None:
    box = qr_box()
    rows = qr.matrix(url)
    module = box.width / (len(rows) + 2 * qr.BORDER)
    canvas.setFillColor(colors.white)
    canvas.rect(box.x, box.y, box.width, box.height, stroke=0, fill=1)
    canvas.setFillColor(colors.black)
    origin_x = box.x + qr.BORDER * module
    top = box.y + box.height - qr.BORDER * module
    # One filled path: a rectangle per horizontal run of dark modules, written
    # as PDF operators at once (a canvas.rect per module was most of a card's time).
    ops = []
    for r, row in enumerate(rows):
        y = top - (r + 1) * module
        c = 0
        while c < len(row):
            if not row[c]:
                c += 1
                continue
            end = c
            while end < len(row) and row[end]:
                end += 1
            ops.append(
                f"{origin_x + c * module:.4f} {y:.4f} {(end - c) * module:.4f} {module:.4f} re"
            )
            c = end
    if ops:
        canvas.addLiteral("\n".join(ops) + "\nf")


def _draw_lines(
    canvas: Canvas, lines: list[str], x: float, y: float, font: str, size: float, leading: float
) -> float:
    canvas.setFont(font, size)
    for line in lines:
        y -= leading
        canvas.drawString(x, y + (leading - size) / 2 + 1, line)
    return y


def _draw_front(
    canvas: Canvas, box: Box, panel: fit.LaidOutPanel, card: Card, url: str, title: str
) -> None:
    margin = fit.MARGIN_MM * mm
    x, y = box.x + margin, box.y + box.height - margin
    y = _draw_lines(canvas, [title], x, y, fit.FONT_BOLD, fit.TITLE_SIZE, 15)
    for field in panel.fields:
        y = _draw_lines(
            canvas, field.shown, x, y, field.spec.font, field.spec.size, field.spec.leading
        )
        y -= 2
    canvas.setFont(fit.FONT_BOLD, fit.HEADING_SIZE)
    canvas.drawString(x, box.y + margin + 1, card.number)
    if url:
        _draw_qr(canvas, url)
    else:
        q = qr_box()
        canvas.setStrokeColor(colors.grey)
        canvas.rect(q.x, q.y, q.width, q.height, stroke=1, fill=0)
        lines = fit.fit_text(
            _("The QR code appears when the card is issued."), q.width - 4, fit.FONT, 6
        )
        _draw_lines(canvas, lines, q.x + 2, q.y + q.height / 2 + 10, fit.FONT, 6, 7.5)


def _draw_panel(canvas: Canvas, box: Box, panel: fit.LaidOutPanel, footer: list[str]) -> None:
    margin = fit.MARGIN_MM * mm
    x, y = box.x + margin, box.y + box.height - margin
    y = _draw_lines(
        canvas, [str(panel.spec.title)], x, y, fit.FONT_BOLD, fit.HEADING_SIZE, fit.HEADING_LEADING
    )
    for field in panel.fields:
        if not any(line.strip() for line in field.shown):
            continue  # nothing written: no heading above an empty field
        if field.spec.printed_label:
            y = _draw_lines(canvas, [str(field.spec.label)], x, y, fit.FONT_BOLD, fit.LABEL_SIZE, 8)
        y = _draw_lines(
            canvas, field.shown, x, y, field.spec.font, field.spec.size, field.spec.leading
        )
    if footer:
        canvas.setFillColor(colors.HexColor("#333333"))
        _draw_lines(canvas, footer, x, box.y + margin + 7 * len(footer), fit.FONT, 5.5, 7)
        canvas.setFillColor(colors.black)


def _draw_marks(canvas: Canvas, boxes: list[Box]) -> None:
    left, right = boxes[0].x, boxes[0].x + boxes[0].width
    top, bottom = boxes[0].y + boxes[0].height, boxes[-1].y
    canvas.setStrokeColor(colors.black)
    canvas.setLineWidth(0.3)
    # Cut marks: at each corner of the strip, outside it.
    for cx in (left, right):
        outward = -1 if cx == left else 1
        for cy in (top, bottom):
            upward = 1 if cy == top else -1
            canvas.line(cx + outward * CROP_GAP, cy, cx + outward * (CROP_GAP + CROP_LENGTH), cy)
            canvas.line(cx, cy + upward * CROP_GAP, cx, cy + upward * (CROP_GAP + CROP_LENGTH))
    # Fold marks: dashed lines between the panels, reaching into the margins.
    canvas.setDash(3, 2)
    canvas.setStrokeColor(colors.grey)
    for box in boxes[1:]:
        fold_y = box.y + box.height
        canvas.line(left - CROP_GAP - CROP_LENGTH, fold_y, right + CROP_GAP + CROP_LENGTH, fold_y)
    canvas.setDash()


def _draw_card_page(
    canvas: Canvas,
    card: Card,
    panels: dict[str, Any],
    *,
    url: str,
    holder: Any,
    title: str,
) -> None:
    """One A4 page: the strip of four panels with its marks, in the active language."""
    laid_out = {p.spec.key: p for p in fit.layout(panels)}
    facts = _("Card %(number)s · version %(version)d") % {
        "number": card.number,
        "version": card.version.number,
    }
    issued = (
        _("Issued on %(date)s") % {"date": _date(card.issued_on)}
        if card.issued_on
        else _("Preview: not issued yet")
    )
    footer = [f"{facts} · {issued}"]
    if holder is not None:
        footer.append(holder.name)
    boxes = panel_boxes()
    for box in boxes:
        canvas.saveState()
        clip = canvas.beginPath()
        clip.rect(box.x, box.y, box.width, box.height)
        canvas.clipPath(clip, stroke=0, fill=0)
        if box.key == "front":
            _draw_front(canvas, box, laid_out[box.key], card, url, title)
        else:
            _draw_panel(canvas, box, laid_out[box.key], footer if box.key == "back" else [])
        canvas.restoreState()
    _draw_marks(canvas, boxes)
    canvas.setFont(fit.FONT, 8)
    canvas.drawString(
        boxes[0].x - CROP_GAP - CROP_LENGTH,
        STRIP_TOP + 14 * mm,
        _("Cut along the corner marks. Fold along the dashed lines; the front goes on top."),
    )
    canvas.drawString(
        boxes[0].x - CROP_GAP - CROP_LENGTH, boxes[-1].y - 14 * mm, f"{facts} · {issued}"
    )
    if holder is not None:
        canvas.drawString(
            boxes[0].x - CROP_GAP - CROP_LENGTH,
            boxes[-1].y - 18 * mm,
            _("Licence holder: %(name)s") % {"name": holder.name},
        )
    canvas.showPage()


def card_pdf(
    card: Card, *, holders: dict[int, Any] | None = None, onto: Canvas | None = None
) -> bytes:
    """The folding card on A4, in the card holder's language, and its English side.

    Panels of 85.6 × 54 mm with fold and cut marks, card number, version,
    issue date, licence holder and the QR code to the emergency view (a card
    that is not issued yet prints as a preview, without a QR code). When the
    card has English text, a second page holds the same strip in English
    (same boxes, same QR code), to print and carry as well. A batch passes
    `holders`, a dict that remembers each region's licence holder, and may
    pass `onto`, a canvas to add the pages to (the print queue's one PDF);
    then nothing is returned.
    """
    fit.register_fonts()
    request = card.request
    if holders is None:
        holders = {}
    if request.region_id not in holders:
        holders[request.region_id] = licence_holder(request.region)
    holder = holders[request.region_id]
    link = live_link(card) if card.status == CardStatus.ISSUED else None
    url = qr.emergency_url(link.token, card.number) if link is not None else ""
    out = io.BytesIO()
    canvas = onto or Canvas(out, pagesize=A4, invariant=1, pageCompression=0)
    if onto is None:
        canvas.setTitle(f"Crisiskaart {card.number}")
        canvas.setAuthor(holder.name if holder else "Regie")
    with translation.override(request.participant.preferred_language or "nl"):
        _draw_card_page(canvas, card, card.panels, url=url, holder=holder, title="Crisiskaart")
    english = fit.second_side(card.panels, card.panels_en)
    if english is not None:
        with translation.override(fit.SECOND_LANGUAGE):
            _draw_card_page(canvas, card, english, url=url, holder=holder, title="Crisis card")
    if onto is not None:
        return b""
    canvas.save()
    return out.getvalue()


def _paragraph(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(text).replace("\n", "<br/>"), style)


def _section_flowables(section: schema.Section, value: Any, styles: dict, parties: dict) -> list:
    body, label, h3 = styles["body"], styles["label"], styles["h3"]
    empty = _("(not filled in)")
    flow: list = []

    def fields(values: dict[str, Any]) -> None:
        for spec in section.fields:
            raw = values.get(spec.key)
            if spec.kind == "bool":
                text = _("yes") if raw else _("no")
            elif spec.key == "party" and section.key == "agreements":
                text = parties.get(str(raw), str(raw or ""))
            else:
                text = str(raw or "") or empty
            flow.append(_paragraph(str(spec.label), label))
            flow.append(_paragraph(text, body))

    if section.repeated:
        if not value:
            flow.append(_paragraph(empty, body))
        for index, item in enumerate(value or [], start=1):
            flow.append(_paragraph(f"{index}.", h3))
            fields(item)
    elif section.subsections:
        for key, title in section.subsections:
            flow.append(_paragraph(str(title), h3))
            fields((value or {}).get(key) or {})
    else:
        fields(value or {})
    return flow


def plan_pdf(version: PlanVersion) -> bytes:
    """The full established plan on A4: every section, in the participant's language."""
    fit.register_fonts()
    request = version.plan.request
    participant = request.participant
    parties = {str(p.uuid): p.name for p in Party.objects.filter(request=request)}
    base = ParagraphStyle("body", fontName=fit.FONT, fontSize=10, leading=14, spaceAfter=4)
    styles = {
        "title": ParagraphStyle("title", parent=base, fontName=fit.FONT_BOLD, fontSize=16),
        "h2": ParagraphStyle(
            "h2", parent=base, fontName=fit.FONT_BOLD, fontSize=13, spaceBefore=10
        ),
        "h3": ParagraphStyle("h3", parent=base, fontName=fit.FONT_BOLD, fontSize=11),
        "label": ParagraphStyle("label", parent=base, fontName=fit.FONT_BOLD, fontSize=9),
        "body": base,
    }
    out = io.BytesIO()
    with translation.override(participant.preferred_language or "nl"):
        title = _("Crisis plan of %(name)s") % {"name": participant.full_name}
        doc = SimpleDocTemplate(
            out,
            pagesize=A4,
            title=title,
            invariant=1,
            pageCompression=0,
            leftMargin=20 * mm,
            rightMargin=20 * mm,
            topMargin=20 * mm,
            bottomMargin=20 * mm,
        )
        content = schema.normalise(version.content)
        story: list = [
            _paragraph(title, styles["title"]),
            _paragraph(
                _("Version %(number)d, established on %(date)s. Fingerprint: %(hash)s")
                % {
                    "number": version.number,
                    "date": _date(version.established_at),
                    "hash": version.content_hash[:16],
                },
                base,
            ),
            Spacer(1, 4 * mm),
        ]
        for section in schema.SECTIONS:
            story.append(_paragraph(str(section.title), styles["h2"]))
            story.extend(_section_flowables(section, content[section.key], styles, parties))
        doc.build(story)
    return out.getvalue()

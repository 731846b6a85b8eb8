"""The card and plan PDFs: A4, panel geometry, text, embedded fonts, the QR code.

No QR decoding library is installed, so the QR test reads the code back from
the PDF's own drawing (one filled square per dark module) and compares it with
segno's matrix for the emergency URL; the SVG for the page is checked likewise.
"""

from __future__ import annotations

import itertools
import re

import segno
from django.urls import reverse
from reportlab.lib.units import mm

from regie.crisiscard import fit, pdf, qr
from regie.crisiscard.models import EmergencyLink
from regie.crisiscard.services import cards as card_services
from regie.people.models import OrganisationKind

from .cards_fixtures import actor, draft_card, issued_card

NUMBER = rb"-?\d+(?:\.\d+)?"


def _unescape(raw: bytes) -> bytes:
    out, i = bytearray(), 0
    while i < len(raw):
        char = raw[i]
        if char == 0x5C:  # backslash
            nxt = raw[i + 1 : i + 2]
            if nxt.isdigit():
                digits = re.match(rb"[0-7]{1,3}", raw[i + 1 : i + 4]).group()
                out.append(int(digits, 8))
                i += 1 + len(digits)
                continue
            out.extend({b"n": b"\n", b"r": b"\r", b"t": b"\t"}.get(nxt, nxt))
            i += 2
            continue
        out.append(char)
        i += 1
    return bytes(out)


def pdf_text(data: bytes) -> str:
    """The text drawn on the page, decoded through each subset font's ToUnicode map."""
    objects = {
        int(m.group(1)): m.group(2)
        for m in re.finditer(rb"(\d+) 0 obj(.*?)endobj", data, re.DOTALL)
    }
    maps: dict[bytes, dict[int, str]] = {}
    for body in objects.values():
        font = re.search(rb"/Name /(\S+).*?/ToUnicode (\d+) 0 R", body, re.DOTALL)
        if b"/Type /Font" not in body or font is None:
            continue
        cmap = objects[int(font.group(2))]
        maps[font.group(1)] = {
            int(code, 16): chr(int(uni, 16))
            for code, uni in re.findall(rb"<([0-9A-F]{2})> <([0-9A-F]{4})>", cmap)
            if uni != b"0000"
        }
    text, current = [], {}
    for match in re.finditer(rb"/(\S+) " + NUMBER + rb" Tf|\(((?:\\.|[^\\)])*)\) Tj", data):
        if match.group(1) is not None:
            current = maps.get(match.group(1), {})
            continue
        raw = _unescape(match.group(2))
        text.append("".join(current.get(b, chr(b)) for b in raw))
    return "\n".join(text)


def rects(data: bytes, op: bytes) -> list[tuple[float, ...]]:
    pattern = rb"(" + NUMBER + rb") (" + NUMBER + rb") (" + NUMBER + rb") (" + NUMBER + rb") re "
    return [
        tuple(float(v) for v in m.groups())
        for m in re.finditer(pattern + re.escape(op) + rb"(?=\s)", data)
    ]


def test_the_card_pdf_is_an_a4_page(world):
    data = pdf.card_pdf(issued_card(world))
    assert data.startswith(b"%PDF")
    assert b"/MediaBox [ 0 0 595.2756 841.8898 ]" in data
    assert data.count(b"/Type /Page\n") + data.count(b"/Type /Page ") >= 1


def test_every_panel_is_a_bank_card_and_is_drawn_where_panel_boxes_says(world):
    boxes = pdf.panel_boxes()
    assert [b.key for b in boxes] == list(fit.PANEL_KEYS)
    for box in boxes:
        assert abs(box.width - 85.6 * mm) < 0.01
        assert abs(box.height - 54 * mm) < 0.01
        assert box.x > 0 and box.x + box.width < pdf.PAGE_WIDTH
        assert box.y > 0 and box.y + box.height < pdf.PAGE_HEIGHT
    for upper, lower in itertools.pairwise(boxes):
        assert abs(upper.y - (lower.y + lower.height)) < 0.01  # adjacent: fold between
    drawn = rects(pdf.card_pdf(issued_card(world)), b"W* n")
    assert len(drawn) == len(boxes)
    for (x, y, w, h), box in zip(drawn, boxes, strict=True):
        assert abs(x - box.x) < 0.01 and abs(y - box.y) < 0.01
        assert abs(w - 85.6 * mm) < 0.01 and abs(h - 54 * mm) < 0.01


def test_fold_marks_are_dashed_and_cut_marks_sit_at_the_corners(world):
    data = pdf.card_pdf(issued_card(world))
    assert b"[ 3 2 ] 0 d" in data or b"[3 2] 0 d" in data
    boxes = pdf.panel_boxes()
    top = boxes[0].y + boxes[0].height
    lines = re.findall(
        rb"(" + NUMBER + rb") (" + NUMBER + rb") m (" + NUMBER + rb") (" + NUMBER + rb") l S", data
    )
    horizontal_at_top = [
        ln for ln in lines if abs(float(ln[1]) - top) < 0.01 and float(ln[1]) == float(ln[3])
    ]
    assert len(horizontal_at_top) == 2  # left and right cut marks at the top edge
    folds = [b.y + b.height for b in boxes[1:]]
    for fold in folds:
        assert any(abs(float(ln[1]) - fold) < 0.01 for ln in lines)


def test_the_card_shows_number_version_date_holder_and_diacritics(world):
    world.licence_holder.refresh_from_db()
    assert world.licence_holder.kind == OrganisationKind.LICENCE_HOLDER
    card = issued_card(world)
    panels = dict(card.panels)
    data = pdf.card_pdf(card)
    text = pdf_text(data)
    assert card.number in text
    # In the holder's language once translated (Dutch); the msgid until then.
    assert re.search(rf"(version|versie) {card.version.number}\b", text)
    assert card.issued_on.strftime("%d-%m-%Y") in text
    assert world.licence_holder.name in text
    assert "Blijf rustig bij me." in text
    assert panels["front"]["name"] in text
    # Dutch diacritics survive: type them on the card, issue a new one and read them back.
    version = card.version
    card_services.revoke_link(actor=actor(world, "consultant"), card=card)
    new = draft_card(world, version=version)
    panels = dict(new.panels, front={"name": "Zoë Çelik", "intro": "één, geïnd, Über"})
    card_services.card_update_panels(
        actor=actor(world, "participant"),
        card=new,
        base_hash=card_services.card_hash(new),
        panels=panels,
    )
    new.refresh_from_db()
    text = pdf_text(pdf.card_pdf(new))
    assert "Zoë Çelik" in text and "één, geïnd, Über" in text


def test_fonts_are_embedded(world):
    data = pdf.card_pdf(issued_card(world))
    assert b"/FontFile2" in data
    assert b"BitstreamVeraSans-Roman" in data and b"BitstreamVeraSans-Bold" in data


def test_the_qr_code_in_the_pdf_is_the_emergency_url(world, settings):
    settings.REGIE_PUBLIC_BASE_URL = "https://regie.example.nl/"
    card = issued_card(world)
    token = EmergencyLink.objects.get(holder=card.request.participant).token
    url = (
        "https://regie.example.nl"
        + reverse("crisiscard:emergency", args=[token])
        + f"?k={card.number}"
    )
    assert qr.emergency_url(token, card.number) == url
    expected = [[bool(v) for v in row] for row in segno.make(url, error="m").matrix]
    data = pdf.card_pdf(card)
    box = pdf.qr_box()
    size = len(expected)
    module = box.width / (size + 2 * qr.BORDER)
    found = [[False] * size for _ in range(size)]
    # One filled path of module-high runs, each a whole number of modules wide.
    path = re.search(
        rb"((?:" + NUMBER + rb" " + NUMBER + rb" " + NUMBER + rb" " + NUMBER + rb" re\n)+)f\n", data
    )
    runs = [tuple(float(v) for v in line.split()[:4]) for line in path.group(1).splitlines()]
    origin_x = box.x + qr.BORDER * module
    top = box.y + box.height - qr.BORDER * module
    for x, y, width, height in runs:
        assert abs(height - module) < 0.01 and abs(width / module - round(width / module)) < 0.01
        col = round((x - origin_x) / module)
        row = round((top - y) / module) - 1
        for offset in range(round(width / module)):
            assert not found[row][col + offset]
            found[row][col + offset] = True
    assert found == expected


def test_the_qr_svg_for_the_page_holds_the_same_matrix():
    url = "http://127.0.0.1:8000/crisiskaart/nood/abc_DEF-123/"
    svg = qr.svg(url, scale=1)
    path = re.search(r' d="([^"]+)"', svg).group(1)
    size = len(qr.matrix(url))
    found = [[False] * size for _ in range(size)]
    x = y = 0.0
    for op, a, b in re.findall(r"([MmHh])(-?\d+(?:\.\d+)?)(?:\s(-?\d+(?:\.\d+)?))?", path):
        if op == "M":
            x, y = float(a), float(b)
        elif op == "m":
            x, y = x + float(a), y + float(b)
        else:  # a horizontal run of dark modules
            for col in range(int(x), int(x + float(a))):
                found[int(y) - qr.BORDER][col - qr.BORDER] = True
            x += float(a)
    expected = [[bool(v) for v in r] for r in segno.make(url, error="m").matrix]
    assert found == [list(row) for row in qr.matrix(url)] == expected


def test_a_code_is_encoded_once_per_address_and_a_new_address_gets_its_own(monkeypatch):
    encoded = []
    real_make = qr.make
    monkeypatch.setattr(qr, "make", lambda url: encoded.append(url) or real_make(url))
    qr.matrix.cache_clear()
    qr.svg.cache_clear()
    first = "https://regie.example/crisiskaart/nood/cached-one/"
    second = "https://regie.example/crisiskaart/nood/cached-two/"
    rows = qr.matrix(first)
    assert qr.matrix(first) is rows  # the page's PDF and the print run reuse it
    assert qr.svg(first) == qr.svg(first)
    assert encoded == [first, first]  # once for the rows, once for the SVG
    # A revoked link gets a new token, so a new address: never the old code.
    assert qr.matrix(second) != rows
    assert [list(r) for r in qr.matrix(second)] == [
        [bool(v) for v in r] for r in segno.make(second, error="m").matrix
    ]
    assert encoded == [first, first, second]
    # Tuples all the way down: a caller cannot change what the next one draws.
    assert isinstance(rows, tuple) and all(isinstance(row, tuple) for row in rows)


def test_a_card_not_issued_prints_as_a_preview_without_a_qr_code(world):
    card = draft_card(world)
    data = pdf.card_pdf(card)
    text = pdf_text(data)
    assert "Voorbeeld" in text or "Preview" in text
    box = pdf.qr_box()
    assert not [r for r in rects(data, b"f*") if r[2] < 5 and box.x <= r[0] <= box.x + box.width]


def test_the_plan_pdf_has_every_section(world):
    from regie.crisiscard import schema

    card = issued_card(world)
    data = pdf.plan_pdf(card.version)
    assert data.startswith(b"%PDF") and b"/FontFile2" in data
    text = pdf_text(data)
    assert "Ik ben Zoë." in text
    assert "Parnassia, Noord" in text
    from django.utils import translation

    with translation.override("nl"):
        for section in schema.SECTIONS:
            assert str(section.title) in text


def test_an_empty_field_prints_no_heading(world):
    """No medication: the card does not print an empty "Medication" heading."""
    card = draft_card(world)
    panels = dict(card.panels)
    panels["back"] = dict(panels["back"], medication="")
    card_services.card_update_panels(
        actor=actor(world, "participant"),
        card=card,
        base_hash=card_services.card_hash(card),
        panels=panels,
    )
    card.refresh_from_db()
    lines = pdf_text(pdf.card_pdf(card)).splitlines()
    assert "Medication" not in lines and "Medicijnen" not in lines
    assert any(line in {"Admission wishes", "Wensen over opname"} for line in lines), lines


def test_reportlab_runs_on_its_c_helpers():
    # reportlab[accel] (decision 0052): without rl_accel every text width and
    # every number in a PDF goes through ReportLab's pure-Python fallbacks.
    from reportlab.lib import rl_accel

    assert rl_accel._py_funcs == {}
    assert type(rl_accel.instanceStringWidthTTF).__name__ == "builtin_function_or_method"

"""The fit check: real font metrics, plain words about what does not fit."""

from __future__ import annotations

from reportlab.pdfbase import pdfmetrics

from regie.crisiscard import fit


def test_narrow_letters_fit_where_as_many_wide_letters_do_not():
    fit.register_fonts()
    spec = fit.BY_KEY["inside_1"].fields[0]
    count = 60
    narrow, wide = "i" * count, "W" * count
    assert pdfmetrics.stringWidth(narrow, fit.FONT, spec.size) < spec.width
    assert fit.fit_text(narrow, spec.width, spec.font, spec.size) == [narrow]
    wrapped = fit.fit_text(wide, spec.width, spec.font, spec.size)
    assert len(wrapped) > 1
    assert "".join(wrapped) == wide  # a long word is split, never lost
    for line in wrapped:
        assert pdfmetrics.stringWidth(line, fit.FONT, spec.size) <= spec.width


def test_wrapping_breaks_between_words_and_keeps_typed_line_breaks():
    lines = fit.fit_text("Bel Anneke\n\nzus", 200, fit.FONT, 7)
    assert lines == ["Bel Anneke", "", "zus"]
    words = "woord " * 80
    wrapped = fit.fit_text(words, 100, fit.FONT, 7)
    assert all(not line.startswith(" ") and not line.endswith(" ") for line in wrapped)
    assert " ".join(wrapped).split() == words.split()


def test_a_long_text_is_reported_with_how_many_lines_too_long():
    spec = fit.BY_KEY["inside_1"].fields[0]  # "Please do", at most 7 lines
    text = "\n".join(f"regel {n}" for n in range(spec.max_lines + 3))
    problems = fit.check_panel("inside_1", {"do": text, "dont": "Niet schreeuwen."})
    assert len(problems) == 1
    problem = problems[0]
    assert (problem.field, problem.overflow) == ("do", 3)
    assert problem.message == (
        "The text “Please do” is 3 lines too long for the panel “In a crisis, please…”."
    )


def test_one_line_too_long_is_said_in_the_singular():
    spec = fit.BY_KEY["back"].fields[0]
    text = "\n".join("x" for _ in range(spec.max_lines + 1))
    [problem] = fit.check_panel("back", {"medication": text})
    assert "is 1 line too long" in problem.message


def test_text_that_fits_exactly_has_no_problem():
    spec = fit.BY_KEY["inside_2"].fields[1]
    text = "\n".join("Dr. Jansen: 010-1234567" for _ in range(spec.max_lines))
    assert fit.check_panel("inside_2", {"care": text}) == []


def test_every_panel_box_fits_inside_the_card_panel():
    for panel in fit.PANELS:
        used = 0.0 if panel.key == "front" else fit.HEADING_LEADING / 2.8346
        used += sum(spec.height_mm for spec in panel.fields)
        assert used <= fit.INNER_HEIGHT_MM
        assert all(spec.width_mm <= fit.INNER_WIDTH_MM for spec in panel.fields)


def test_normalise_keeps_only_known_fields_and_all_their_text():
    long_text = "a " * 1500
    panels = fit.normalise_panels({"front": {"name": " Zoë ", "evil": "x"}, "other": {}})
    assert set(panels) == set(fit.PANEL_KEYS)
    assert panels["front"] == {"name": "Zoë", "intro": ""}
    assert fit.normalise_panels({"back": {"medication": long_text}})["back"]["medication"] == (
        long_text.strip()
    )


def test_a_very_long_name_is_reported_on_the_front_and_a_short_form_fits():
    """A name too long for the front's two lines is named as the problem (the
    consultant and the holder then agree on a shorter form), not cut off."""
    long_name = "Youssef Coreth von und zu Coredo und Starkenberg"
    [problem] = fit.check_panel("front", {"name": long_name, "intro": "Ik heb een crisiskaart."})
    assert (problem.field, problem.overflow) == ("name", 1)
    assert problem.message == "The text “Name” is 1 line too long for the panel “Front”."
    assert (
        fit.check_panel("front", {"name": "Youssef Coreth", "intro": "Ik heb een crisiskaart."})
        == []
    )

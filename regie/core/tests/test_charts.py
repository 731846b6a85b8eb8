"""The server-drawn charts: accessible SVG that tells the same figures as text."""

from __future__ import annotations

from regie.core.charts import Bar, Series, bar_svg, funnel_svg, line_svg


def test_bar_chart_describes_every_value_and_marks_hidden_ones():
    svg = bar_svg([Bar("Police", 12), Bar("GP", None)], title="Used by")
    assert svg.startswith("<svg") and 'role="img"' in svg
    assert "<title>Used by</title>" in svg
    assert "<desc>Police: 12; GP: hidden</desc>" in svg
    # The hidden bar is drawn as an empty dashed box, not as a bar of some length.
    assert svg.count('fill="#1f5f8b"') == 1


def test_bar_chart_escapes_labels():
    svg = bar_svg([Bar("<script>x</script>", 3)], title="a & b")
    assert "<script>" not in svg
    assert "&lt;script&gt;" in svg and "<title>a &amp; b</title>" in svg


def test_bar_lengths_are_proportional_to_values():
    svg = bar_svg([Bar("a", 10), Bar("b", 5)], title="t")
    assert 'width="300"' in svg and 'width="150"' in svg


def test_funnel_gives_each_step_its_share_of_the_first():
    svg = funnel_svg([Bar("Applied", 200), Bar("Card", 50)], title="Funnel")
    assert "Applied: 200 (100%)" in svg and "Card: 50 (25%)" in svg


def test_line_chart_skips_missing_points_and_draws_the_reference():
    svg = line_svg(
        [Series("Hours", [10, None, 30])],
        ["w1", "w2", "w3"],
        title="Hours per week",
        reference=24,
        reference_label="Contract",
    )
    assert svg.count("<circle") == 2
    assert "Contract" in svg and 'stroke-dasharray="4 4"' in svg
    assert "Hours: w1: 10, w3: 30" in svg

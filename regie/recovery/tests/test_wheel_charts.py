"""The wheel as SVG: one polygon per assessment, a line per life area, escaped text."""

from __future__ import annotations

import re

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from regie.recovery import charts
from regie.recovery.access import CaseAccess
from regie.recovery.models import LifeArea, WheelAssessment

from .wheel_helpers import SVG, add, areas, assessment_polygons, parse


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def _with_scores(ids) -> list[WheelAssessment]:
    return list(WheelAssessment.objects.filter(pk__in=ids).prefetch_related("scores"))


def test_radar_has_exactly_one_polygon_per_assessment_and_nothing_else_is_a_polygon(world):
    made = [add(world, ago=n) for n in (40, 30, 20)]
    made += [add(world, perspective="team", ago=n) for n in (25, 5)]

    svg = charts.radar_svg(areas(), _with_scores([a.pk for a in made]))

    root = parse(svg)
    assert len(assessment_polygons(svg)) == 5
    assert len(list(root.iter(f"{SVG}polygon"))) == 5
    assert root.get("role") == "img"


def test_radar_emphasises_the_latest_client_view_and_dashes_team_views(world):
    add(world, ago=30, value=2)
    latest = add(world, ago=3, value=9)
    add(world, perspective="team", ago=10)
    add(world, perspective="team", ago=2)

    svg = charts.radar_svg(areas(), _with_scores(WheelAssessment.objects.values("pk")))

    polygons = assessment_polygons(svg)
    by_class = {p.get("class"): p for p in polygons}
    emphasised = by_class["assessment assessment-client client-latest"]
    earlier = by_class["assessment assessment-client client-earlier"]
    assert emphasised.get("data-date") == latest.assessed_on.isoformat()
    assert float(emphasised.get("stroke-width")) > float(earlier.get("stroke-width"))
    assert not emphasised.get("stroke-dasharray")
    team = [p for p in polygons if "assessment-team" in p.get("class")]
    assert len(team) == 2
    assert all(p.get("stroke-dasharray") for p in team)
    # The latest client view is drawn last, on top of the others.
    assert polygons[-1] is emphasised


def test_radar_places_a_score_of_10_on_the_rim_and_0_in_the_centre(world):
    first = areas()[0]
    assessment = add(world, value=0)
    assessment.scores.filter(life_area=first).update(score=10)

    svg = charts.radar_svg(areas(), _with_scores([assessment.pk]))

    points = assessment_polygons(svg)[0].get("points").split()
    assert points[0] == f"0,-{charts.RADIUS}"  # the first axis points straight up
    assert set(points[1:]) == {"0,0"}


def test_radar_title_and_description_summarise_the_latest_scores(world):
    add(world, ago=20, value=2)
    latest = add(world, ago=1, value=7)

    root = parse(charts.radar_svg(areas(), _with_scores(WheelAssessment.objects.values("pk"))))

    assert root.find(f"{SVG}title").text
    desc = root.find(f"{SVG}desc").text
    date = latest.assessed_on.strftime("%d-%m-%Y")
    assert f"Client's own view, {date}: Stable housing 7" in desc
    assert "1 earlier assessment." in desc
    assert root.get("aria-labelledby") == "wheel-radar-title wheel-radar-desc"


def test_radar_axis_labels_follow_the_language(world):
    assessment = add(world)
    with translation.override("nl"):
        svg = str(charts.radar_svg(areas(), _with_scores([assessment.pk])))
    assert "Stabiele" in svg and "Stable housing" not in svg


def test_case_wheel_shows_the_last_four_client_views_and_the_latest_team_view(world):
    for n in range(6):
        add(world, ago=50 - n * 5)
    add(world, perspective="team", ago=30)
    latest_team = add(world, perspective="team", ago=4)

    wheel = charts.wheel_context(world.case)

    polygons = assessment_polygons(wheel["radar"])
    assert len(polygons) == 5
    assert len([p for p in polygons if "assessment-client" in p.get("class")]) == 4
    team = [p for p in polygons if "assessment-team" in p.get("class")]
    assert [p.get("data-date") for p in team] == [latest_team.assessed_on.isoformat()]
    assert len(wheel["columns"]) == 5
    assert len(wheel["rows"]) == len(areas())


def test_case_wheel_uses_a_fixed_number_of_queries(world, django_assert_num_queries):
    add(world, ago=9)
    add(world, perspective="team", ago=8)
    with django_assert_num_queries(4):
        charts.wheel_context(world.case)
    for n in range(6):
        add(world, ago=n)
    with django_assert_num_queries(4):
        charts.wheel_context(world.case)


def test_a_line_chart_per_life_area_with_one_point_per_client_score(world):
    add(world, ago=30, value=2)
    add(world, ago=20, value=4)
    add(world, ago=10, value=6)
    add(world, perspective="team", ago=5, value=9)

    page = charts.wheel_page_context(world.case)

    assert [line["area"] for line in page["lines"]] == areas()
    for line in page["lines"]:
        root = parse(line["svg"])
        points = [c for c in root.iter(f"{SVG}circle") if c.get("class") == "point"]
        assert len(points) == 3
        assert [p.find(f"{SVG}title").text[-1] for p in points] == ["2", "4", "6"]
        assert root.find(f"{SVG}title").text.endswith("the client's scores over time")
        assert "3 scores from" in root.find(f"{SVG}desc").text


def test_line_chart_draws_higher_scores_higher_and_later_dates_further_right(world):
    area = areas()[0]
    d1, d2 = add(world, ago=20).assessed_on, add(world, ago=2).assessed_on
    root = parse(charts.line_svg(area, [(d2, 8), (d1, 3)]))

    points = [c for c in root.iter(f"{SVG}circle") if c.get("class") == "point"]
    (x1, y1), (x2, y2) = [(float(p.get("cx")), float(p.get("cy"))) for p in points]
    assert x1 < x2
    assert y2 < y1  # SVG y grows downwards


def test_line_chart_without_scores_says_so(world):
    root = parse(charts.line_svg(areas()[0], []))
    assert root.find(f"{SVG}desc").text == "No scores yet."
    assert not list(root.iter(f"{SVG}circle"))


def test_text_from_the_database_is_escaped_in_the_svg(world):
    LifeArea.objects.create(
        key="evil",
        name_nl="<script>alert(1)</script>",
        name_en="<script>alert('x')</script> & co",
        position=99,
    )
    assessment = add(world)
    evil = LifeArea.objects.get(key="evil")

    radar = str(charts.radar_svg(areas(), _with_scores([assessment.pk])))
    line = str(charts.line_svg(evil, [(assessment.assessed_on, 5)]))

    for svg in (radar, line):
        assert "<script" not in svg
        assert "&lt;script&gt;" in svg
        parse(svg)  # still well-formed XML
    texts = "".join(parse(radar).itertext())
    assert "<script>alert('x')</script> & co" in texts


def _contrast(hex_colour: str) -> float:
    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.03928 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    lum = 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)
    return 1.05 / (lum + 0.05)


def test_colours_meet_wcag_contrast_against_white():
    assert _contrast(charts.INK) >= 4.5
    assert _contrast(charts.MUTED) >= 4.5
    assert _contrast(charts.GRID) >= 3
    for style in charts.STYLES.values():
        assert _contrast(style["stroke"]) >= 3


def test_legend_tells_the_views_apart_without_colour(world):
    add(world, ago=9)
    add(world, ago=3)
    add(world, perspective="team", ago=2)
    shown = _with_scores(WheelAssessment.objects.values("pk"))

    legend = charts.radar_legend(shown)

    labels = [item.label for item in legend]
    assert labels[0].startswith("Client's own view, latest")
    assert "solid thick line" in labels[0]
    assert any("Team's view, latest" in label and "dashed" in label for label in labels)
    assert any("earlier (1)" in label for label in labels)
    team_swatch = next(i.swatch for i in legend if "Team" in i.label)
    assert "stroke-dasharray" in team_swatch and "<rect" in team_swatch


def _access(world, **kwargs) -> CaseAccess:
    defaults = {"team_roles": frozenset(), "is_team_lead": False, "is_previous_director": False}
    return CaseAccess(world.case, **(defaults | kwargs))


def test_case_page_partial_shows_the_picture_the_table_and_the_links(world):
    add(world, ago=4, value=3)
    html = render_to_string(
        "recovery/wheel/_wheel.html",
        {
            "wheel": charts.wheel_context(world.case),
            "access": _access(world, team_roles=frozenset({"peer_expert"})),
        },
    )
    assert len(re.findall(r"<polygon", html)) == 1
    assert "<table" in html
    assert f"/recovery/cases/{world.case.uuid}/wheel/" in html
    assert f"/recovery/cases/{world.case.uuid}/wheel/add/" in html


def test_case_page_partial_offers_no_add_link_to_the_team_lead(world):
    add(world)
    html = render_to_string(
        "recovery/wheel/_wheel.html",
        {"wheel": charts.wheel_context(world.case), "access": _access(world, is_team_lead=True)},
    )
    assert "/wheel/add/" not in html
    assert "/wheel/" in html


def test_case_page_partial_without_scores_says_what_to_do_next(world):
    html = render_to_string(
        "recovery/wheel/_wheel.html", {"wheel": charts.wheel_context(world.case)}
    )
    assert 'class="empty"' in html
    assert "No wheel scores yet" in html
    assert "<svg" not in html
    assert "/wheel/add/" in html

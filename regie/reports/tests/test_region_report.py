"""The anonymised region report: exact figures, hidden small numbers, period, access, exports."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
from django.urls import reverse

from regie.crisiscard.models import HeardVia
from regie.reports.demo import History, add_history
from regie.reports.forms import default_period
from regie.reports.selectors import Period, region_report

from .fixtures import TEST_DOMAIN, YEAR_2024

D = datetime.date


def sections(world, period=YEAR_2024):
    return {s.key: s for s in region_report(world.region, period).sections}


def column(section):
    return dict(zip(section.row_keys, (cells[0] for cells in section.table.cells), strict=True))


def test_key_figures_count_applications_cards_active_cards_and_evaluations(world, crafted):
    figures = column(sections(world)["key_figures"])
    assert figures == {
        "applications": 28,
        "cards_issued": 15,
        "active_cards": 15,
        "evaluations": 12,
    }


def test_applications_by_route_hide_small_groups_and_the_next_smallest(world, crafted):
    section = sections(world)["applications_by_heard_via"]
    counts = column(section)
    assert counts["care_provider"] == 12
    # family 3 and internet 2 are small; together 5, so GP (11) is hidden too.
    assert counts["family"] is None and counts["internet"] is None and counts["gp"] is None
    assert counts["police"] == 0
    assert section.table.column_totals == [28]


def test_applications_per_month_hide_february_and_march(world, crafted):
    counts = column(sections(world)["applications_by_month"])
    assert len(counts) == 12
    assert counts["2024-02"] is None  # 2
    assert counts["2024-03"] is None  # 12, hidden so February cannot be worked out
    assert counts["2024-06"] == 14
    assert counts["2024-01"] == 0


def test_the_funnel_shows_the_furthest_step_and_why_requests_stopped(world, crafted):
    section = sections(world)["funnel"]
    assert section.column_keys == ["open", "not_ready", "no_contact"]
    table = section.table
    assert table.cells[0] == [0, 0, None]  # 3 stopped before matching: hidden
    assert table.cells[1] == [0, None, 0]  # 11 stopped after matching: hidden with them
    assert table.cells[4] == [14, 0, 0]  # 14 cards, still going
    assert table.row_totals == [None, None, 0, 0, 14]
    assert table.column_totals == [14, None, None]
    assert table.total == 28
    assert section.funnel == [
        ("Applied", 28),
        ("Matched with a consultant", None),
        ("In conversation", 14),
        ("Plan written", 14),
        ("Card issued", 14),
    ]


def test_lead_times_are_bucketed_from_application_to_first_card(world, crafted):
    section = sections(world)["lead_times"]
    counts = column(section)
    assert counts == {
        "under_3_months": None,  # 13: hidden so the 2 below cannot be worked out
        "3_to_6_months": 0,
        "6_to_12_months": None,  # 2
        "over_12_months": 0,
    }
    assert section.table.column_totals == [15]


def test_use_and_respect_and_themes_count_findings_per_code(world, crafted):
    found = sections(world)
    use = found["use_and_respect"]
    rows = dict(zip(use.row_keys, use.table.cells, strict=True))
    assert rows["police"] == [None, 0]  # used by police: 2
    assert rows["crisis_service"] == [None, 11]  # used: 12, respected: 11
    assert use.table.column_totals == [14, 11]
    themes = column(found["themes"])
    assert themes["wish_contact_person"] is None  # 10, hidden with the 2 below
    assert themes["wish_medication"] is None
    assert themes["bottleneck_ignored"] == 0
    assert found["themes"].table.column_totals == [12]
    assert column(found["evaluations"]) == {"unchanged": 12, "updated": 0, "ended": 0}


def test_the_period_decides_what_is_counted(world, crafted):
    first_half = Period(start=D(2024, 1, 1), end=D(2024, 6, 30))
    figures = column(sections(world, first_half)["key_figures"])
    # Applications: A 12 + B 11 + C 3 + E 2; cards: A 12 + D 1; evaluations fall in November.
    assert figures == {
        "applications": 28,
        "cards_issued": 13,
        "active_cards": 13,
        "evaluations": 0,
    }
    only_2025 = Period(start=D(2025, 1, 1), end=D(2025, 3, 31))
    figures = column(sections(world, only_2025)["key_figures"])
    assert figures["applications"] is None  # 1
    assert figures["cards_issued"] == 0
    assert figures["active_cards"] == 15  # still in use in 2025


def test_other_regions_do_not_count(world, crafted):
    add_history(
        world.other_region,
        [History(applied_on=D(2024, 6, 1), heard_via=HeardVia.POLICE)] * 20,
        domain=TEST_DOMAIN,
    )
    assert column(sections(world)["key_figures"])["applications"] == 28
    assert column(sections(world)["applications_by_heard_via"])["police"] == 0


def test_the_default_period_is_the_last_twelve_months():
    assert default_period(D(2025, 3, 14)) == Period(start=D(2024, 4, 1), end=D(2025, 3, 14))
    assert default_period(D(2025, 12, 31)) == Period(start=D(2025, 1, 1), end=D(2025, 12, 31))


# The page ------------------------------------------------------------------


def url(name, world, **query):
    base = reverse(f"reports:{name}", args=[world.region.slug])
    return base + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


PERIOD = {"start": "2024-01-01", "end": "2024-12-31"}


def test_the_page_shows_charts_tables_and_hidden_cells(world, crafted):
    response = world.client_for("coordinator").get(url("region_report", world, **PERIOD))
    assert response.status_code == 200
    text = response.content.decode()
    assert text.count("<h1") == 1
    assert "<svg" in text and "<caption>" in text
    assert "hidden" in text
    assert "Numbers below 10 are hidden" in text
    assert TEST_DOMAIN not in text and "Deelnemer" not in text


def test_the_page_without_a_period_shows_the_last_twelve_months(world):
    response = world.client_for("coordinator").get(url("region_report", world))
    assert response.status_code == 200
    period = default_period()
    assert response.context["report"].period == period


@pytest.mark.parametrize(
    "query",
    [
        {"start": "2024-12-31", "end": "2024-01-01"},
        {"start": "2024-01-01", "end": "not-a-date"},
        {"start": "2010-01-01", "end": "2024-01-01"},
    ],
)
def test_a_wrong_period_is_refused_and_kept(world, query):
    response = world.client_for("coordinator").get(url("region_report", world, **query))
    assert response.status_code == 200
    assert response.context["report"] is None
    assert response.context["form"].errors
    text = response.content.decode()
    assert query["end"] in text


@pytest.mark.parametrize("name", ["region_report", "region_report_csv", "region_report_pdf"])
@pytest.mark.parametrize(
    "persona", ["coordinator_other_region", "consultant", "participant", "administrator"]
)
def test_only_the_coordinator_of_the_region_sees_its_report(world, name, persona):
    assert world.client_for(persona).get(url(name, world)).status_code == 404


def test_an_unknown_region_is_404(world):
    response = world.client_for("coordinator").get(
        reverse("reports:region_report", args=["nergens"])
    )
    assert response.status_code == 404


def test_the_index_links_to_the_report_of_each_coordinated_region(world):
    response = world.client_for("coordinator").get(reverse("reports:index"))
    assert url("region_report", world) in response.content.decode()
    assert reverse("reports:region_report", args=[world.other_region.slug]) not in (
        response.content.decode()
    )


def test_the_csv_has_a_row_per_value_with_hidden_values_empty(world, crafted):
    response = world.client_for("coordinator").get(url("region_report_csv", world, **PERIOD))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"] == (
        'attachment; filename="report-noord-20240101-20241231.csv"'
    )
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["section", "row", "column", "value"]
    values = {(r[0], r[1], r[2]): r[3] for r in rows[1:]}
    route = "How applicants heard of the card"
    assert values[(route, "Care provider", "Applications")] == "12"
    assert values[(route, "GP", "Applications")] == ""
    assert values[(route, "Total", "Applications")] == "28"
    assert values[("From application to card", "Card issued", "Still going")] == "14"
    assert values[("From application to card", "Applied", "Stopped: No contact possible")] == ""
    assert values[("Key figures", "Applications", "Number")] == "28"
    assert TEST_DOMAIN not in response.content.decode()


def test_the_pdf_is_an_attachment(world, crafted):
    response = world.client_for("coordinator").get(url("region_report_pdf", world, **PERIOD))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response.content.startswith(b"%PDF-")


def test_an_export_with_a_wrong_period_goes_back_to_the_page(world):
    response = world.client_for("coordinator").get(
        url("region_report_csv", world, start="2024-12-31", end="2024-01-01")
    )
    assert response.status_code == 302
    assert response["Location"].startswith(url("region_report", world))


def many(count: int) -> list[History]:
    routes = list(HeardVia.values)
    histories = []
    for n in range(count):
        applied = D(2024, 1 + n % 12, 1 + n % 27)
        carded = n % 3 == 0
        histories.append(
            History(
                applied_on=applied,
                heard_via=routes[n % len(routes)],
                reached="matched",
                stop_reason="" if carded else "not_ready",
                card_on=applied + datetime.timedelta(days=40 * (1 + n % 5)) if carded else None,
                evaluated_on=D(2025, 1, 5) if carded else None,
                used_by=("police",) if carded else (),
                themes=("wish_medication",) if carded else (),
            )
        )
    return histories


@pytest.mark.parametrize("size", [3, 30])
def test_the_report_takes_the_same_number_of_queries_whatever_the_data(
    world, size, django_assert_num_queries
):
    add_history(world.region, many(size), domain=TEST_DOMAIN)
    period = Period(start=D(2024, 1, 1), end=D(2025, 12, 31))
    with django_assert_num_queries(11):
        region_report(world.region, period)


@pytest.mark.parametrize("size", [3, 30])
def test_the_page_takes_the_same_number_of_queries_whatever_the_data(
    world, size, django_assert_max_num_queries
):
    add_history(world.region, many(size), domain=TEST_DOMAIN)
    client = world.client_for("coordinator")
    client.get(url("region_report", world, **PERIOD))  # warm the session
    with django_assert_max_num_queries(20):
        assert client.get(url("region_report", world, **PERIOD)).status_code == 200

"""The anonymised region report: exact figures, hidden small numbers, quarters, access, exports."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from regie.crisiscard.models import Card, CardStatus, EvaluationTheme, HeardVia
from regie.demo.reports import History, add_history
from regie.reports.forms import QuarterForm, default_quarter
from regie.reports.quarters import Quarter, completed_quarters
from regie.reports.selectors import region_report

from .fixtures import Q1, Q2, Q3, Q4, TEST_DOMAIN

D = datetime.date


def sections(world, quarter=Q2):
    return {s.key: s for s in region_report(world.region, quarter).sections}


def column(section):
    return dict(zip(section.row_keys, (cells[0] for cells in section.table.cells), strict=True))


def test_key_figures_count_applications_cards_active_cards_and_evaluations(world, crafted):
    # Q2: applications B 11 + C 3; cards A 12; in use D 1 + A 12 = 13, rounded down to 10.
    assert column(sections(world, Q2)["key_figures"]) == {
        "applications": 14,
        "cards_issued": 12,
        "active_cards": 10,
        "evaluations": 0,
    }
    # Q4: the twelve evaluations of A; in use D 1 + A 12 + E 2 = 15, rounded down to 10.
    assert column(sections(world, Q4)["key_figures"]) == {
        "applications": 0,
        "cards_issued": 0,
        "active_cards": 10,
        "evaluations": 12,
    }
    # Q1: one card (D) is too few to show.
    assert column(sections(world, Q1)["key_figures"])["cards_issued"] is None


def test_applications_by_route_hide_small_groups_and_the_next_smallest(world, crafted):
    section = sections(world, Q1)["applications_by_heard_via"]
    counts = column(section)
    # internet 2 is small; care provider 12 is hidden too, so it cannot be worked out.
    assert counts["internet"] is None and counts["care_provider"] is None
    assert counts["police"] == 0
    assert section.table.column_totals == [14]
    counts = column(sections(world, Q2)["applications_by_heard_via"])
    assert (counts["gp"], counts["family"], counts["care_provider"]) == (None, None, 0)


def test_applications_per_month_are_the_three_months_of_the_quarter(world, crafted):
    counts = column(sections(world, Q1)["applications_by_month"])
    assert list(counts) == ["2024-01", "2024-02", "2024-03"]
    assert counts["2024-02"] is None  # 2
    assert counts["2024-03"] is None  # 12, hidden so February cannot be worked out
    assert counts["2024-01"] == 0
    assert column(sections(world, Q2)["applications_by_month"]) == {
        "2024-04": 0,
        "2024-05": 0,
        "2024-06": 14,
    }


def test_the_funnel_shows_the_furthest_step_and_why_requests_stopped(world, crafted):
    section = sections(world, Q2)["funnel"]
    assert section.column_keys == ["open", "not_ready", "no_contact"]
    table = section.table
    assert table.cells[0] == [0, 0, None]  # 3 stopped before matching: hidden
    assert table.cells[1] == [0, None, 0]  # 11 stopped after matching: hidden with them
    assert table.row_totals == [None, None, 0, 0, 0]
    assert table.column_totals == [0, None, None]
    assert table.total == 14
    assert section.funnel == [
        ("Applied", 14),
        ("Matched with a consultant", None),
        ("In conversation", 0),
        ("Plan written", 0),
        ("Card issued", 0),
    ]
    first = sections(world, Q1)["funnel"]
    assert first.funnel[-1] == ("Card issued", 14)  # A and E, whenever their card came


def test_lead_times_are_bucketed_from_application_to_first_card(world, crafted):
    assert column(sections(world, Q2)["lead_times"]) == {
        "under_3_months": 12,
        "3_to_6_months": 0,
        "6_to_12_months": 0,
        "over_12_months": 0,
        "renewed": 0,
    }
    assert column(sections(world, Q3)["lead_times"])["6_to_12_months"] is None  # E: 2


def renew(request, issued_on):
    """A renewed card: a new card of a request that had one, after an evaluation."""
    old = request.cards.get()
    return Card.objects.create(
        request=request,
        version=old.version,
        number=f"R-{request.pk:06d}",
        status=CardStatus.ISSUED,
        issued_on=issued_on,
    )


def test_cards_issued_minus_the_lead_times_reveals_nothing(world, crafted):
    """Renewed cards have a row of their own, so both totals are the same figure.

    Before, the lead times counted first cards only: "Cards issued" (shown)
    minus their total (shown) gave the number of renewed cards, even below 10.
    """
    first_cards = [r for r in crafted if r.heard_via == "care_provider"][:11]
    for request in first_cards:
        renew(request, D(2024, 11, 15))
    add_history(
        world.region,
        [History(applied_on=D(2024, 9, 1), heard_via=HeardVia.GP, card_on=D(2024, 10, 1))] * 2,
        domain=TEST_DOMAIN,
    )
    found = sections(world, Q4)
    assert column(found["key_figures"])["cards_issued"] == 13
    lead_times = column(found["lead_times"])
    assert lead_times["renewed"] is None  # 11, hidden with the 2 first cards
    assert lead_times["under_3_months"] is None
    assert found["lead_times"].table.column_totals == [13]
    assert found["cards_by_month"].table.column_totals == [13]


def test_use_and_respect_and_themes_count_findings_per_code(world, crafted):
    found = sections(world, Q4)
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


def test_cards_in_use_are_rounded_down_so_quarters_cannot_be_subtracted(world, crafted):
    """Exact, in use at the end of Q2 (13) and Q3 (15) would give the 2 cards of Q3 away."""
    in_use = [column(sections(world, q)["key_figures"])["active_cards"] for q in (Q2, Q3)]
    assert in_use == [10, 10]
    assert column(sections(world, Q3)["key_figures"])["cards_issued"] is None


def test_other_regions_do_not_count(world, crafted):
    add_history(
        world.other_region,
        [History(applied_on=D(2024, 6, 1), heard_via=HeardVia.POLICE)] * 20,
        domain=TEST_DOMAIN,
    )
    assert column(sections(world)["key_figures"])["applications"] == 14
    assert column(sections(world)["applications_by_heard_via"])["police"] == 0


# The period: one completed calendar quarter --------------------------------


def test_quarters_have_their_calendar_dates_and_keys():
    assert (Q1.start, Q1.end) == (D(2024, 1, 1), D(2024, 3, 31))
    assert (Q4.start, Q4.end) == (D(2024, 10, 1), D(2024, 12, 31))
    assert Quarter.parse("2024-Q3") == Q3 and Q3.key == "2024-Q3"
    assert Quarter.exactly(D(2024, 7, 1), D(2024, 9, 30)) == Q3
    assert Quarter.exactly(D(2024, 7, 1), D(2024, 9, 29)) is None
    assert Quarter.exactly(D(2024, 7, 2), D(2024, 9, 30)) is None
    for bad in ["2024-Q5", "2024-Q0", "2024Q1", "Q1-2024", "", "2024-q1", "2024-Q1 "]:
        assert Quarter.parse(bad) is None


def test_the_default_is_the_last_completed_quarter():
    assert default_quarter(D(2025, 3, 14)) == Quarter(2024, 4)
    assert default_quarter(D(2025, 4, 1)) == Quarter(2025, 1)
    assert default_quarter(D(2025, 3, 31)) == Quarter(2024, 4)  # Q1 ends today: not yet
    assert default_quarter(D(2026, 1, 1)) == Quarter(2025, 4)


def test_only_completed_quarters_can_be_chosen():
    today = D(2025, 5, 20)
    assert completed_quarters(today, count=3) == [Quarter(2025, 1), Quarter(2024, 4), Q3]
    assert QuarterForm({"quarter": "2025-Q1"}, today=today).is_valid()
    for refused in ["2025-Q2", "2025-Q3", "2030-Q1", "2025-05-01", "x", ""]:
        form = QuarterForm({"quarter": refused}, today=today)
        assert not form.is_valid(), refused
        assert form.errors["quarter"]
    current = QuarterForm({"quarter": "2025-Q2"}, today=today)
    current.is_valid()
    assert "has not ended yet" in current.errors["quarter"][0]


def test_free_dates_are_refused_even_next_to_a_quarter():
    form = QuarterForm({"quarter": "2024-Q1", "start": "2024-01-01"}, today=D(2025, 5, 20))
    assert not form.is_valid()
    assert "one whole quarter" in form.errors["quarter"][0]


def test_the_report_itself_refuses_a_quarter_that_has_not_ended(world):
    running = Quarter.containing(timezone.localdate())
    with pytest.raises(ValueError):
        region_report(world.region, running)
    with pytest.raises(ValueError):
        region_report(world.region, running.next())


def test_the_reviewers_differencing_attack_is_no_longer_possible(world):
    """10 evaluations on one day and 1 the next day with the theme "no coercion".

    Before, the periods 1-2 and 1-1 of the month showed 11 and 10: the wish of
    the one evaluation of the 2nd was given away. Now only whole completed
    quarters are counted, which never overlap: both days always fall in the
    same quarter, so every report shows both or neither.
    """
    quarter = default_quarter()
    day = quarter.start
    histories = [
        History(
            applied_on=day - datetime.timedelta(days=500),
            heard_via=HeardVia.GP,
            card_on=day - datetime.timedelta(days=400),
            evaluated_on=day + datetime.timedelta(days=0 if n < 10 else 1),
            themes=(EvaluationTheme.WISH_NO_COERCION,),
        )
        for n in range(11)
    ]
    add_history(world.region, histories, domain=TEST_DOMAIN)
    client = world.client_for("coordinator")
    attack = {"start": day.isoformat(), "end": day.isoformat()}
    response = client.get(url("region_report", world, **attack))
    assert response.status_code == 200
    assert response.context["form"].errors
    assert response.context["report"].quarter == quarter  # not the day asked for
    choices = [
        Quarter.parse(key)
        for key, _label in response.context["form"].fields["quarter"].widget.choices
    ]
    seen = set()
    for choice in choices:
        assert all(choice.end < other.start or other.end < choice.start for other in seen)
        seen.add(choice)
        themes = column(sections(world, choice)["themes"])
        assert themes["wish_no_coercion"] in (0, 11)
    assert column(sections(world, quarter)["themes"])["wish_no_coercion"] == 11
    # A period that grows every day (the current quarter) is not counted either.
    running = Quarter.containing(timezone.localdate())
    response = client.get(url("region_report", world, quarter=running.key))
    assert response.context["report"].quarter == quarter
    assert "has not ended yet" in response.content.decode()


# The page ------------------------------------------------------------------


def url(name, world, **query):
    base = reverse(f"reports:{name}", args=[world.region.slug])
    return base + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


PERIOD = {"quarter": "2024-Q2"}


def test_the_page_shows_charts_tables_and_hidden_cells(world, crafted):
    response = world.client_for("coordinator").get(url("region_report", world, **PERIOD))
    assert response.status_code == 200
    text = response.content.decode()
    assert text.count("<h1") == 1
    assert "<svg" in text and "<caption>" in text
    assert "hidden" in text
    assert "Numbers below 10 are hidden" in text
    assert TEST_DOMAIN not in text and "Deelnemer" not in text


def test_the_page_without_a_quarter_shows_the_last_completed_quarter(world):
    response = world.client_for("coordinator").get(url("region_report", world))
    assert response.status_code == 200
    assert response.context["report"].quarter == default_quarter()
    assert not response.context["form"].errors
    text = response.content.decode()
    assert f'<option value="{default_quarter().key}" selected>' in text
    assert "one whole quarter that has ended" in text


def test_the_page_shows_the_quarter_asked_for(world, crafted):
    response = world.client_for("coordinator").get(url("region_report", world, quarter="2024-Q4"))
    assert response.context["report"].quarter == Q4
    assert "Q4 2024 (October to December)" in response.content.decode()


@pytest.mark.parametrize(
    "query",
    [
        {"start": "2024-01-01", "end": "2024-12-31"},
        {"start": "2024-01-01", "end": "2024-01-01"},
        {"quarter": "2024-Q2", "end": "2024-06-29"},
        {"quarter": "2024-05"},
        {"quarter": "2024-Q9"},
        {"quarter": "9999-Q1"},
    ],
)
def test_anything_but_a_completed_quarter_is_refused_and_the_default_shown(world, query):
    response = world.client_for("coordinator").get(url("region_report", world, **query))
    assert response.status_code == 200
    assert response.context["form"].errors
    assert response.context["report"].quarter == default_quarter()
    text = response.content.decode()
    assert "Check the quarter" in text and "Shown instead" in text


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


def test_the_csv_has_a_row_per_value_with_hidden_values_in_words(world, crafted):
    response = world.client_for("coordinator").get(url("region_report_csv", world, **PERIOD))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"] == ('attachment; filename="report-noord-2024-Q2.csv"')
    # Dutch Excel: a byte-order mark to read UTF-8, and ";" between the columns.
    assert response.content.startswith("\ufeff".encode())
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0] == ["section", "row", "column", "value"]
    assert rows[-1][0] == "About hidden numbers" and "Numbers below 10 are hidden" in rows[-1][1]
    rows = rows[:-1]
    values = {(r[0], r[1], r[2]): r[3] for r in rows[1:]}
    route = "How applicants heard of the card"
    assert values[(route, "Care provider", "Applications")] == "0"
    assert values[(route, "GP", "Applications")] == "hidden (privacy)"
    assert values[(route, "Total", "Applications")] == "14"
    assert values[("From application to card", "Card issued", "Still going")] == "0"
    assert (
        values[("From application to card", "Applied", "Stopped: No contact possible")]
        == "hidden (privacy)"
    )
    assert values[("Key figures", "Applications", "Number")] == "14"
    assert values[("Cards issued per month", "Apr 2024", "Cards issued")] == "12"
    assert values[("Time from application to card", "Total", "Cards")] == "12"
    assert TEST_DOMAIN not in response.content.decode()


def test_the_pdf_is_an_attachment(world, crafted):
    response = world.client_for("coordinator").get(url("region_report_pdf", world, **PERIOD))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response.content.startswith(b"%PDF-")
    assert 'filename="report-noord-2024-Q2.pdf"' in response["Content-Disposition"]


@pytest.mark.parametrize("name", ["region_report_csv", "region_report_pdf"])
@pytest.mark.parametrize(
    "query",
    [{"start": "2024-01-01", "end": "2024-12-31"}, {"quarter": "running"}, {"quarter": "2024"}],
)
def test_an_export_of_anything_but_a_completed_quarter_goes_back_to_the_page(world, name, query):
    response = world.client_for("coordinator").get(url(name, world, **query))
    assert response.status_code == 302
    assert response["Location"].startswith(url("region_report", world) + "?")


def test_an_export_of_the_running_quarter_goes_back_to_the_page(world):
    running = Quarter.containing(timezone.localdate()).key
    response = world.client_for("coordinator").get(url("region_report_csv", world, quarter=running))
    assert response.status_code == 302


def test_the_page_links_the_exports_to_the_same_quarter(world):
    text = world.client_for("coordinator").get(url("region_report", world, **PERIOD)).content
    assert url("region_report_csv", world, quarter="2024-Q2") in text.decode()


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
    with django_assert_num_queries(11):
        region_report(world.region, Q2)


@pytest.mark.parametrize("size", [3, 30])
def test_the_page_takes_the_same_number_of_queries_whatever_the_data(
    world, size, django_assert_max_num_queries
):
    add_history(world.region, many(size), domain=TEST_DOMAIN)
    client = world.client_for("coordinator")
    client.get(url("region_report", world, **PERIOD))  # warm the session
    with django_assert_max_num_queries(20):
        assert client.get(url("region_report", world, **PERIOD)).status_code == 200


def test_every_completed_quarter_since_the_first_year_stays_selectable():
    later = D(2040, 2, 1)
    quarters = completed_quarters(later)
    assert quarters[0] == Quarter(2039, 4) and quarters[-1] == Quarter(2020, 1)
    assert QuarterForm({"quarter": "2024-Q3"}, today=later).is_valid()
    assert not QuarterForm({"quarter": "2019-Q4"}, today=later).is_valid()

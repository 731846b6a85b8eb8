"""The quarter's progress overview: its numbers, its anonymity and its PDF.

Plain database tests: CI runs them on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from regie.people.models import OrganisationKind
from regie.people.tests.factories import OrganisationFactory, PersonFactory
from regie.recovery.models import (
    CaseState,
    CloseReason,
    LifeArea,
    Perspective,
    RecoveryCase,
    WheelAssessment,
    WheelScore,
)
from regie.recovery.overview import (
    previous_quarter,
    quarter_end,
    quarter_of,
    quarter_overview,
    quarter_start,
)
from regie.recovery.pdf import overview_pdf

D = datetime.date


def test_quarter_helpers_cover_the_boundaries():
    assert quarter_of(D(2025, 3, 31)) == (2025, 1)
    assert quarter_of(D(2025, 4, 1)) == (2025, 2)
    assert quarter_of(D(2025, 12, 31)) == (2025, 4)
    assert (quarter_start(2025, 2), quarter_end(2025, 2)) == (D(2025, 4, 1), D(2025, 6, 30))
    assert quarter_end(2024, 1) == D(2024, 3, 31)
    assert (quarter_start(2025, 4), quarter_end(2025, 4)) == (D(2025, 10, 1), D(2025, 12, 31))
    assert previous_quarter(2025, 1) == (2024, 4)
    assert previous_quarter(2025, 3) == (2025, 2)
    with pytest.raises(ValueError):
        quarter_start(2025, 5)


@pytest.fixture
def organisation(db):
    return OrganisationFactory(name="Stichting Hé Herstel", kind=OrganisationKind.CASE_DIRECTION)


@pytest.fixture
def recorder(db):
    return PersonFactory()


def make_case(organisation, opened, closed=None, reason=""):
    return RecoveryCase.objects.create(
        client=PersonFactory(first_name="Cliënt", last_name="Verborgen"),
        organisation=organisation,
        opened_on=opened,
        state=CaseState.CLOSED if closed else CaseState.ACTIVE,
        closed_on=closed,
        close_reason=reason,
    )


def assess(case, on, scores, recorder, perspective=Perspective.CLIENT):
    assessment = WheelAssessment.objects.create(
        case=case, assessed_on=on, perspective=perspective, recorded_by=recorder
    )
    for key, score in scores.items():
        WheelScore.objects.create(
            assessment=assessment, life_area=LifeArea.objects.get(key=key), score=score
        )


@pytest.fixture
def cases(organisation, recorder):
    """Q2 2025 runs from 1 April to 30 June."""
    c = {
        "a": make_case(organisation, D(2025, 1, 10)),
        "b": make_case(organisation, D(2025, 4, 5)),
        "c": make_case(organisation, D(2025, 5, 1), D(2025, 6, 10), CloseReason.GOALS_REACHED),
        "d": make_case(organisation, D(2024, 12, 1), D(2025, 6, 30), CloseReason.MOVED),
        "e": make_case(organisation, D(2025, 3, 31), D(2025, 7, 1), CloseReason.OTHER),
        "f": make_case(organisation, D(2025, 7, 1)),
        "g": make_case(organisation, D(2024, 1, 1), D(2025, 3, 31), CloseReason.GOALS_REACHED),
        "h": make_case(organisation, D(2025, 6, 30)),
    }
    # Another organisation's case never counts.
    other = OrganisationFactory(kind=OrganisationKind.CASE_DIRECTION)
    stranger = make_case(other, D(2025, 5, 5), D(2025, 6, 1), CloseReason.MOVED)
    assess(stranger, D(2025, 5, 5), {"housing": 0}, recorder)
    assess(stranger, D(2025, 6, 1), {"housing": 10}, recorder)

    # Housing: a 3 → 5 → 7 (+4), b 4 → 3 (−1), e 2 → 8 (+6): average +3.0 over 3 cases.
    assess(c["a"], D(2025, 1, 10), {"housing": 3, "income": 2}, recorder)
    assess(c["a"], D(2025, 3, 1), {"housing": 5}, recorder)
    assess(c["a"], D(2025, 6, 1), {"housing": 7, "income": 6}, recorder)
    assess(c["b"], D(2025, 4, 10), {"housing": 4, "income": 5}, recorder)
    assess(c["b"], D(2025, 5, 1), {"housing": 3, "income": 5}, recorder)
    assess(c["e"], D(2025, 4, 1), {"housing": 2}, recorder)
    assess(c["e"], D(2025, 6, 30), {"housing": 8}, recorder)
    # Ignored: the team's own view, scores after the quarter, a case closed before it,
    # and a case with only one client assessment.
    assess(c["e"], D(2025, 6, 30), {"housing": 0}, recorder, Perspective.TEAM)
    assess(c["e"], D(2025, 7, 15), {"housing": 10}, recorder)
    assess(c["g"], D(2024, 2, 1), {"housing": 0}, recorder)
    assess(c["g"], D(2025, 3, 1), {"housing": 10}, recorder)
    assess(c["h"], D(2025, 6, 30), {"housing": 9}, recorder)
    return c


def test_cases_started_open_and_closed_in_the_quarter(organisation, cases):
    overview = quarter_overview(organisation, 2025, 2)
    assert (overview.start, overview.end) == (D(2025, 4, 1), D(2025, 6, 30))
    assert overview.started == 3  # b, c, h
    assert overview.active_at_end == 4  # a, b, e (closed after the quarter), h
    assert overview.closed == 2  # c, d (closed on the last day)
    by_reason = {r.reason: r.count for r in overview.closed_by_reason}
    assert by_reason == {
        CloseReason.GOALS_REACHED: 1,
        CloseReason.CLIENT_STOPPED: 0,
        CloseReason.REFERRED: 0,
        CloseReason.MOVED: 1,
        CloseReason.NO_CONTACT: 0,
        CloseReason.OTHER: 0,
    }


def test_movement_averages_last_minus_first_client_score_per_area(organisation, cases):
    areas = {a.life_area.key: a for a in quarter_overview(organisation, 2025, 2).areas}
    assert areas["housing"].cases == 3
    assert areas["housing"].average_change == 3.0
    assert not areas["housing"].too_few


def test_an_area_with_fewer_than_three_cases_is_not_shown(organisation, cases):
    areas = {a.life_area.key: a for a in quarter_overview(organisation, 2025, 2).areas}
    assert areas["income"].cases == 2
    assert areas["income"].too_few
    assert areas["income"].average_change is None
    assert areas["social"].cases == 0
    assert areas["social"].average_change is None


def test_an_earlier_quarter_sees_only_the_scores_up_to_its_end(organisation, cases):
    areas = {a.life_area.key: a for a in quarter_overview(organisation, 2025, 1).areas}
    # Only a (3 → 5) and g (0 → 10) have two client scores by 31 March.
    assert areas["housing"].cases == 2
    assert areas["housing"].average_change is None


def test_inactive_life_areas_are_left_out(organisation, cases):
    LifeArea.objects.filter(key="education").update(is_active=False)
    keys = [a.life_area.key for a in quarter_overview(organisation, 2025, 2).areas]
    assert "education" not in keys
    assert keys[0] == "housing"


def test_the_overview_takes_three_queries_however_many_cases(organisation, cases, recorder):
    with CaptureQueriesContext(connection) as few:
        quarter_overview(organisation, 2025, 2)
    for day in range(1, 20):
        case = make_case(organisation, D(2025, 4, day))
        assess(case, D(2025, 4, day), {"social": 3}, recorder)
        assess(case, D(2025, 6, day), {"social": 5}, recorder)
    with CaptureQueriesContext(connection) as many:
        overview = quarter_overview(organisation, 2025, 2)
    assert len(few) == len(many) == 3
    social = next(a for a in overview.areas if a.life_area.key == "social")
    assert (social.cases, social.average_change) == (19, 2.0)


# --- the PDF ------------------------------------------------------------------


def test_the_pdf_is_an_a4_document_with_the_organisation_and_an_embedded_font(organisation, cases):
    with translation.override("en"):
        content = overview_pdf(quarter_overview(organisation, 2025, 2))
    assert content.startswith(b"%PDF")
    boxes = re.findall(rb"/MediaBox \[ *([\d.]+) +([\d.]+) +([\d.]+) +([\d.]+) *\]", content)
    assert boxes
    for box in boxes:
        x0, y0, width, height = (float(n) for n in box)
        assert (x0, y0) == (0, 0)
        assert width == pytest.approx(595.27, abs=0.01)
        assert height == pytest.approx(841.89, abs=0.01)
    assert b"Stichting H" in content and b"Herstel" in content
    assert b"Q2 2025" in content
    assert b"/FontFile2" in content  # the TrueType font is embedded, diacritics included
    assert b"Vera" in content
    assert b"Average change" in content


def test_the_pdf_has_no_client_names(organisation, cases):
    content = overview_pdf(quarter_overview(organisation, 2025, 2))
    assert cases["a"].client.last_name == "Verborgen"
    assert b"Verborgen" not in content


def test_the_same_overview_gives_the_same_pdf(organisation, cases):
    overview = quarter_overview(organisation, 2025, 2)
    assert overview_pdf(overview) == overview_pdf(overview)

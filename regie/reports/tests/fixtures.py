"""Crafted history for report tests: exact counts, some of them small."""

from __future__ import annotations

import datetime

from regie.crisiscard.models import EvaluationTheme, HeardVia, RequestState, StopReason
from regie.demo.reports import History
from regie.reports.quarters import Quarter

D = datetime.date
Q1, Q2, Q3, Q4 = (Quarter(2024, n) for n in range(1, 5))
TEST_DOMAIN = "rapport.test.example"


def crafted_histories() -> list[History]:
    """28 applications in 2024 in region Noord, plus one before and one after.

    A: 12 via care provider in March (Q1), card in April (Q2), evaluated in November (Q4);
    B: 11 via GP in June (Q2), stopped after matching (not ready);
    C: 3 via family in June (Q2), stopped before matching (no contact);
    D: 1 via GP in November 2023, card in February 2024 (Q1, lead time under 3 months);
    E: 2 via internet in February (Q1), card in September (Q3, 6 to 12 months);
    F: 1 via care provider in 2025 (Q1 2025).
    """
    a = [
        History(
            applied_on=D(2024, 3, 5),
            heard_via=HeardVia.CARE_PROVIDER,
            card_on=D(2024, 4, 20),
            evaluated_on=D(2024, 11, 1),
            used_by=("crisis_service", "police") if n < 2 else ("crisis_service",),
            respected_by=("crisis_service",) if n < 11 else (),
            themes=(EvaluationTheme.WISH_CONTACT_PERSON,)
            if n < 10
            else (EvaluationTheme.WISH_MEDICATION,),
        )
        for n in range(12)
    ]
    b = [
        History(
            applied_on=D(2024, 6, 10),
            heard_via=HeardVia.GP,
            reached=RequestState.MATCHED,
            stop_reason=StopReason.NOT_READY,
        )
    ] * 11
    c = [
        History(
            applied_on=D(2024, 6, 12),
            heard_via=HeardVia.FAMILY,
            reached=RequestState.APPLIED,
            stop_reason=StopReason.NO_CONTACT,
        )
    ] * 3
    d = [History(applied_on=D(2023, 11, 20), heard_via=HeardVia.GP, card_on=D(2024, 2, 1))]
    e = [History(applied_on=D(2024, 2, 1), heard_via=HeardVia.INTERNET, card_on=D(2024, 9, 15))] * 2
    f = [History(applied_on=D(2025, 2, 1), heard_via=HeardVia.CARE_PROVIDER)]
    return a + b + c + d + e + f

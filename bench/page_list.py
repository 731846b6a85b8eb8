"""The pages of issue 14's table, in its order (slowest first); no Django here."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Page:
    name: str  # one word, for the bench's last line
    label: str
    persona: str | None  # who opens it; None: anonymous


PAGES = [
    Page("region-report", "region report", "coordinator"),
    Page("matching-queue", "matching queue", "coordinator"),
    Page("access-log", "access log (log manager)", "log manager"),
    Page("workload", "workload", "coordinator"),
    Page("coordinator-home", "coordinator home", "coordinator"),
    Page("coordinator-requests", "coordinator's request list", "coordinator"),
    Page("plan-editor", "plan editor", "consultant"),
    Page("cases-director", "recovery case list (director)", "case director"),
    Page("cases-team-lead", "recovery case list (team lead)", "team lead"),
    Page("case-page", "recovery case page", "case director"),
    Page("card-pdf", "card PDF", "consultant"),
    Page("card-page", "card page", "consultant"),
    Page("consultant-home", "consultant home", "consultant"),
    Page("request-detail", "request detail", "consultant"),
    Page("consultant-requests", "consultant's request list", "consultant"),
    Page("participant-portal", "participant portal", "participant"),
    Page("case-director-home", "case director home", "case director"),
    Page("emergency", "emergency view", None),
    Page("participant-home", "participant home", "participant"),
]
EMERGENCY = "emergency"
LOGIN_PATH = "/accounts/login/"

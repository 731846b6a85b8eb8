"""The pages `bench.pages` loads, the people who load them, and their sessions.

Runs inside Django (the production settings of the bench's environment):
`python -m bench.pages_setup` prints, as JSON, the path of every page of
issue 14's table on a `seed_scale` data set and a session cookie for each
person who opens one (a database session made with the test client's
`force_login`, as a login through the form would leave). The objects are
the first fitting ones of the first generated staff members, so every run
on the same data set measures the same pages. `bench.pages_profile` uses
the same list in-process.

On PostgreSQL it first runs `ANALYZE`: `refresh_db_statistics` (which
`bench.pages` runs after this) is SQLite's only, and a freshly bulk-loaded
database has no planner statistics until autovacuum gets to it, or never on a
server with autovacuum off; a live one has them.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "regie.settings.production")
django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench.page_list import LOGIN_PATH, PAGES  # noqa: E402
from regie.crisiscard.models import (  # noqa: E402
    Card,
    CardRequest,
    CardStatus,
    EmergencyLink,
    RequestState,
)
from regie.people.models import Person, Region, Role, RoleAssignment  # noqa: E402
from regie.recovery.models import CaseMember, TeamRole  # noqa: E402
from regie.reports.forms import default_quarter  # noqa: E402
from regie.reports.models import StoredReport  # noqa: E402
from regie.reports.precompute import compute_stored_report  # noqa: E402

DOMAIN = "scale.regie.example"
# Who opens the pages: the first generated login of each kind (seed_scale).
PEOPLE = {
    "coordinator": "coordinator1",
    "consultant": "consulent1",
    "case director": "casusregisseur1",
    "team lead": "teamleider1",
    "log manager": "logbeheer1",
}


class NoScaleData(Exception):
    """The database holds no seed_scale set (or lacks a kind of object)."""


def _person(label: str) -> Person:
    person = Person.objects.filter(email=f"{label}@{DOMAIN}").first()
    if person is None:
        raise NoScaleData(f"no {label}@{DOMAIN}: seed the database with seed_scale first")
    return person


def people_and_paths() -> tuple[dict[str, Person], dict[str, str]]:
    """Who opens the pages, and each page's path, on this database."""
    people = {persona: _person(label) for persona, label in PEOPLE.items()}
    region = (
        RoleAssignment.objects.filter(person=people["coordinator"], role=Role.COORDINATOR)
        .select_related("region")
        .first()
    )
    # seed_scale gives region k only the states of the participants i = k (mod
    # regions), so the consultant is the first one with a plan being drafted.
    drafting = (
        CardRequest.objects.filter(
            state=RequestState.PLAN_DRAFTED, consultant__email__startswith="consulent"
        )
        .select_related("consultant")
        .order_by("pk")
        .first()
    )
    if drafting is None or drafting.consultant is None:
        raise NoScaleData("no consultant has a plan being drafted")
    people["consultant"] = drafting.consultant
    mine = CardRequest.objects.filter(consultant=people["consultant"]).order_by("pk")
    card = (
        Card.objects.filter(request__in=mine, status=CardStatus.ISSUED)
        .select_related("request__participant")
        .order_by("pk")
        .first()
    )
    membership = (
        CaseMember.objects.filter(
            person=people["case director"],
            team_role=TeamRole.CASE_DIRECTOR,
            ended_on__isnull=True,
        )
        .select_related("case")
        .order_by("pk")
        .first()
    )
    if region is None or region.region is None or card is None:
        raise NoScaleData("the scale set lacks a coordinator's region or a card")
    if membership is None:
        raise NoScaleData("the first case director leads no open case")
    participant = card.request.participant
    link = EmergencyLink.objects.filter(holder=participant).order_by("pk").first()
    if link is None:
        raise NoScaleData("the card holder has no emergency link")
    people["participant"] = participant
    _store_region_report(region.region)
    slug = region.region.slug
    on_card = {"request_uuid": card.request.uuid}
    paths: dict[str, Callable[[], str]] = {
        "region-report": lambda: reverse("reports:region_report", args=[slug]),
        "matching-queue": lambda: reverse("coordination:matching", args=[slug]),
        "access-log": lambda: reverse("audit:log"),
        "workload": lambda: reverse("coordination:workload", args=[slug]),
        "coordinator-home": lambda: reverse("core:home"),
        "coordinator-requests": lambda: reverse("crisiscard:request_list"),
        "plan-editor": lambda: reverse("crisiscard:plan_edit", args=[drafting.uuid]),
        "cases-director": lambda: reverse("recovery:case_list"),
        "cases-team-lead": lambda: reverse("recovery:case_list"),
        "case-page": lambda: reverse("recovery:case_detail", args=[membership.case.uuid]),
        "card-pdf": lambda: reverse(
            "crisiscard:card_pdf", kwargs={**on_card, "card_uuid": card.uuid}
        ),
        "card-page": lambda: reverse("crisiscard:card_edit", kwargs=on_card),
        "consultant-home": lambda: reverse("core:home"),
        "request-detail": lambda: reverse("crisiscard:request_detail", kwargs=on_card),
        "consultant-requests": lambda: reverse("crisiscard:request_list"),
        "participant-portal": lambda: reverse("crisiscard:portal_home"),
        "case-director-home": lambda: reverse("core:home"),
        "emergency": lambda: reverse("crisiscard:emergency", args=[link.token]),
        "participant-home": lambda: reverse("core:home"),
    }
    return people, {page.name: paths[page.name]() for page in PAGES}


def _store_region_report(region: Region) -> None:
    """The region report page shows the stored report of the last completed
    quarter, which the daily job has a worker compute; the bench has no
    worker, so it computes that one when missing or stale (else the page
    measured would be "being prepared")."""
    quarter = default_quarter(timezone.localdate())
    row = StoredReport.objects.filter(region=region, quarter=quarter.key).first()
    if row is None or row.stale or not row.data:
        compute_stored_report.call(region.pk, quarter.key)


def logged_in(person: Person, client: Client | None = None) -> Client:
    """A test client with a fresh database session for person's login."""
    if person.user is None:
        raise NoScaleData(f"{person.email} has no login")
    client = client or Client()
    client.force_login(person.user)
    return client


def session_key(person: Person) -> str:
    """A fresh database session for person's login, as after the login form."""
    return logged_in(person).cookies[settings.SESSION_COOKIE_NAME].value


def analyze_postgresql() -> bool:
    """`ANALYZE` the whole database on PostgreSQL (planner statistics, as a live
    database has them); nothing on another database. True when it ran."""
    if connection.vendor != "postgresql":
        return False
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return True


def main() -> int:
    analyze_postgresql()
    try:
        people, paths = people_and_paths()
    except NoScaleData as exc:
        print(json.dumps({"error": str(exc)}))
        return 3
    sessions = {persona: session_key(person) for persona, person in people.items()}
    print(
        json.dumps(
            {
                "cookie_name": settings.SESSION_COOKIE_NAME,
                "sessions": sessions,
                "paths": paths,
                "login": LOGIN_PATH,
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

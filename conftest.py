"""Shared personas: every access case is one login away."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import pytest
from django.test import Client
from django.utils import timezone, translation

from regie.crisiscard import schema
from regie.crisiscard.models import (
    CardRequest,
    Channel,
    CrisisPlan,
    HeardVia,
    Party,
    PartyKind,
    RequestState,
    Sharing,
    SharingGrant,
)
from regie.people.models import ConsultantLevel, OrganisationKind, Person, Role, RoleAssignment
from regie.people.tests.factories import (
    ConsultantQualificationFactory,
    OrganisationFactory,
    PersonFactory,
    RegionFactory,
    RoleAssignmentFactory,
)
from regie.recovery.models import (
    CaseMember,
    CaseRelative,
    CaseState,
    FamilyActivity,
    FamilyActivityKind,
    MeetingAttendance,
    QuarterlyMeeting,
    RecoveryCase,
    TeamRole,
)

PERSONAS = [
    "anonymous",
    "participant",
    "consultant",
    "coordinator",
    "coordinator_other_region",
    "case_director",
    "peer_expert",
    "family_peer_expert",
    "client",
    "log_manager",
    "administrator",
]


@dataclass
class World:
    region: object
    other_region: object
    licence_holder: object
    people: dict[str, Person]
    consultant_role: RoleAssignment
    # Schijf van herstel: an active case whose team is the case_director,
    # peer_expert and family_peer_expert personas; a team lead (no persona of
    # the matrix) of the same organisation; a relative; a family activity by
    # the family peer expert; a joint quarterly meeting.
    case: RecoveryCase
    team_lead: Person
    client: Person
    relative: Person
    family_activity: FamilyActivity
    meeting: QuarterlyMeeting
    # Crisiskaart: the participant persona's request in region Noord, assigned
    # to the consultant persona, with a drafted plan and one party (the GP).
    card_request: CardRequest
    party: Party

    def client_for(self, persona: str, language: str = "en") -> Client:
        """A logged-in client; English by default so assertions read like the code."""
        client = Client(HTTP_ACCEPT_LANGUAGE=language)
        if persona == "team_lead":
            client.force_login(self.team_lead.user)
        elif persona != "anonymous":
            client.force_login(self.people[persona].user)
        return client


_DATABASE_FIXTURES = {"db", "transactional_db", "live_server", "django_db_reset_sequences"}


@pytest.fixture(autouse=True)
def fresh_cache(request):
    """Rate limits and other counters live in the cache, which outlives a test: each
    test starts from an empty one, so no test is refused for another test's visits.

    The cache is the database's (decisions/0032): a test without the database
    cannot reach it, and one with it gets its database first (one DELETE)."""
    from django.core.cache import caches
    from django.core.cache.backends.db import BaseDatabaseCache

    cache = caches["default"]
    if isinstance(cache, BaseDatabaseCache):
        if not (
            request.node.get_closest_marker("django_db")
            or _DATABASE_FIXTURES & set(request.fixturenames)
        ):
            yield
            return
        request.getfixturevalue("db")  # transactional_db, when asked for, still wins
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def one_rate_limit_slot(monkeypatch):
    """The rate limiter counts in one-minute slots and weighs the slot before by how
    much of it still lies in the window. Tests run with its clock held still, so
    a test that counts up to a limit never straddles the turn of a minute. Tests
    of the slots themselves move this clock on purpose."""
    import types

    from regie.core import ratelimit

    monkeypatch.setattr(ratelimit, "time", types.SimpleNamespace(time=lambda: 1_800_000_030.0))


@pytest.fixture(autouse=True)
def english_outside_requests():
    """Code called outside a request (services, commands) speaks English in tests,
    so assertions read like the source strings. Pages pick their own language."""
    with translation.override("en"):
        yield


@pytest.fixture
def world(db) -> World:
    region = RegionFactory(name="Regio Noord", slug="noord")
    other = RegionFactory(name="Regio Zuid", slug="zuid")
    licence = OrganisationFactory(name="Crisiskaart Noord", region=region)
    licence_other = OrganisationFactory(name="Crisiskaart Zuid", region=other)
    surplus = OrganisationFactory(name="Stichting Surplus", kind=OrganisationKind.CASE_DIRECTION)
    mediant = OrganisationFactory(name="Mediant GGZ", kind=OrganisationKind.PEER_EXPERT)

    def person_with(persona: str, role: str, **kwargs: object) -> Person:
        person = PersonFactory(with_login=True, email=f"{persona}@regie.example")
        RoleAssignmentFactory(person=person, role=role, **kwargs)
        return person

    people = {
        "participant": person_with(
            "participant", Role.PARTICIPANT, region=region, organisation=licence
        ),
        "consultant": person_with(
            "consultant", Role.CONSULTANT, region=region, organisation=licence
        ),
        "coordinator": person_with(
            "coordinator", Role.COORDINATOR, region=region, organisation=licence
        ),
        "coordinator_other_region": person_with(
            "coordinator_other_region", Role.COORDINATOR, region=other, organisation=licence_other
        ),
        "case_director": person_with("case_director", Role.CASE_DIRECTOR, organisation=surplus),
        "peer_expert": person_with("peer_expert", Role.PEER_EXPERT, organisation=mediant),
        "family_peer_expert": person_with(
            "family_peer_expert", Role.FAMILY_PEER_EXPERT, organisation=mediant
        ),
        "log_manager": person_with("log_manager", Role.LOG_MANAGER, organisation=licence),
        "administrator": person_with("administrator", Role.ADMINISTRATOR, organisation=licence),
    }
    admin_user = people["administrator"].user
    admin_user.is_staff = admin_user.is_superuser = True
    admin_user.save()
    qualification = ConsultantQualificationFactory(
        person=people["consultant"], level=ConsultantLevel.MBO
    )
    qualification.regions.add(region)
    consultant_role = RoleAssignment.objects.get(person=people["consultant"], role=Role.CONSULTANT)

    team_lead = PersonFactory(with_login=True, email="team_lead@regie.example")
    RoleAssignmentFactory(person=team_lead, role=Role.TEAM_LEAD, organisation=surplus)
    # The client of the case logs in to their own pages; they hold no role.
    client = PersonFactory(
        first_name="Cliënt",
        last_name="Hersteltraject",
        with_login=True,
        email="client@regie.example",
    )
    people["client"] = client
    relative = PersonFactory(first_name="Naaste", last_name="Familielid")
    today = timezone.localdate()
    start = today - datetime.timedelta(days=60)
    case = RecoveryCase.objects.create(
        client=client, organisation=surplus, state=CaseState.ACTIVE, opened_on=start
    )
    for persona, team_role in [
        ("case_director", TeamRole.CASE_DIRECTOR),
        ("peer_expert", TeamRole.PEER_EXPERT),
        ("family_peer_expert", TeamRole.FAMILY_PEER_EXPERT),
    ]:
        CaseMember.objects.create(
            case=case, person=people[persona], team_role=team_role, started_on=start
        )
    CaseRelative.objects.create(case=case, person=relative, relationship="moeder")
    family_activity = FamilyActivity.objects.create(
        kind=FamilyActivityKind.SELF_HELP_GROUP,
        title="Lotgenotengroep naasten",
        held_on=today - datetime.timedelta(days=7),
        family_peer_expert=people["family_peer_expert"],
        topics=["worry", "self_care"],
    )
    family_activity.relatives.add(relative)
    meeting = QuarterlyMeeting.objects.create(
        organisation=surplus, held_on=today + datetime.timedelta(days=20), is_joint=True
    )
    for persona, team_role in [
        ("case_director", TeamRole.CASE_DIRECTOR),
        ("peer_expert", TeamRole.PEER_EXPERT),
        ("family_peer_expert", TeamRole.FAMILY_PEER_EXPERT),
    ]:
        MeetingAttendance.objects.create(
            meeting=meeting, person=people[persona], team_role=team_role
        )
    card_request = CardRequest.objects.create(
        participant=people["participant"],
        region=region,
        heard_via=HeardVia.CARE_PROVIDER,
        channel=Channel.ONLINE,
        consultant=people["consultant"],
        state=RequestState.PLAN_DRAFTED,
    )
    party = Party.objects.create(
        request=card_request,
        kind=PartyKind.GP,
        name="Huisartsenpraktijk De Linde",
        email="praktijk@regie.example",
    )
    # The participant shares two sections with the GP (a grant, without a read link yet).
    Sharing.objects.create(request=card_request, revision=1)
    SharingGrant.objects.create(
        request=card_request, party=party, sections=["approach", "medication"]
    )
    draft = schema.empty_plan()
    draft["about_me"]["text"] = "Ik ben Sam. Ik hou van wandelen."
    draft["phases"]["early_signs"]["signals"] = "Ik slaap slecht en trek me terug."
    draft["agreements"] = [{"party": str(party.uuid), "text": "De huisarts belt mijn zus."}]
    CrisisPlan.objects.create(request=card_request, draft=schema.normalise(draft), draft_revision=1)
    return World(
        region,
        other,
        licence,
        people,
        consultant_role,
        case=case,
        team_lead=team_lead,
        client=client,
        relative=relative,
        family_activity=family_activity,
        meeting=meeting,
        card_request=card_request,
        party=party,
    )

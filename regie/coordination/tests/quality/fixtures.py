"""Helpers for the quality tests: a complete plan, a card ready for review, reviewers."""

from __future__ import annotations

from regie.coordination.quality import services
from regie.coordination.quality.models import QualityReview
from regie.core.policy import actor_for_user
from regie.crisiscard import schema
from regie.crisiscard.models import Card, CardRequest, Channel, CrisisPlan, HeardVia, RequestState
from regie.crisiscard.services import cards as card_services
from regie.crisiscard.tests.cards_fixtures import actor, establish, plan_content
from regie.people.models import ConsultantLevel, Person, Role
from regie.people.tests.factories import (
    ConsultantQualificationFactory,
    PersonFactory,
    RoleAssignmentFactory,
)


def complete_content(**agreements: str) -> dict:
    """The card tests' plan with every required section filled in."""
    content = plan_content()
    content["about_me"]["what_crisis_means"] = "Ik hoor stemmen en slaap niet meer."
    for key, _label in schema.PHASES:
        content["phases"][key]["signals"] = "Ik trek me terug en eet slecht."
    content["approach"]["text"] = "Rustig praten, kort en duidelijk."
    content["helps_harms"]["helps"] = "Wandelen met mijn hond en muziek."
    content["agreements"] = [{"party": uuid, "text": text} for uuid, text in agreements.items()]
    return schema.normalise(content)


def hbo_consultant(world, region=None, *, email: str = "hbo@regie.example") -> Person:
    """An HBO consultant active in the region (Noord by default)."""
    region = region or world.region
    person = PersonFactory(with_login=True, email=email)
    RoleAssignmentFactory(
        person=person, role=Role.CONSULTANT, region=region, organisation=world.licence_holder
    )
    qualification = ConsultantQualificationFactory(person=person, level=ConsultantLevel.HBO)
    qualification.regions.add(region)
    return person


def consultant_and_coordinator(world) -> Person:
    """One person who coordinates Noord and also works there as an HBO consultant."""
    person = hbo_consultant(world, email="both@regie.example")
    RoleAssignmentFactory(
        person=person, role=Role.COORDINATOR, region=world.region, organisation=world.licence_holder
    )
    return person


def request_of(world, consultant: Person) -> CardRequest:
    """Another participant's request in Noord, assigned to `consultant`, plan drafted."""
    participant = PersonFactory(first_name="Deelnemer", last_name="Tweede")
    request = CardRequest.objects.create(
        participant=participant,
        region=world.region,
        heard_via=HeardVia.GP,
        channel=Channel.ONLINE,
        consultant=consultant,
        state=RequestState.PLAN_DRAFTED,
    )
    CrisisPlan.objects.create(request=request, draft=schema.empty_plan())
    return request


def ready_card(world, *, request=None, consultant: str | Person = "consultant") -> Card:
    """A draft card from a complete plan, everything fitting: only the review is missing."""
    request = request or world.card_request
    version = establish(world, content=complete_content(), request=request)
    maker = consultant if isinstance(consultant, Person) else world.people[consultant]
    return card_services.card_create(actor=actor_for_user(maker.user), version=version)


def ask_review(world, card: Card, persona: str = "consultant") -> QualityReview:
    return services.review_request(actor=actor(world, persona), card=card)

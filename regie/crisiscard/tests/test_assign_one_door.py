"""One door for assigning a consultant: the manual page and matching refuse the
same things (overload, the region's limit, a consultant employed by the
participant's treating organisation), and the choose page shows why."""

from __future__ import annotations

import pytest
from django.urls import reverse

from regie.coordination.matching import selectors as matching_selectors
from regie.coordination.matching import services as matching_services
from regie.coordination.matching.models import WorkProfile
from regie.coordination.quality import services as quality_services
from regie.coordination.tests.matching.fixtures import application, busy, consultant
from regie.coordination.tests.workload.fixtures import log_minutes
from regie.coordination.workload.models import OverloadThreshold
from regie.core.policy import actor_for_user
from regie.crisiscard.models import Party, PartyKind, RequestState
from regie.crisiscard.services.errors import CrisisCardError
from regie.crisiscard.services.requests import request_assign
from regie.crisiscard.tests.cards_fixtures import draft_card, establish
from regie.people.models import Role
from regie.people.tests.factories import OrganisationFactory, PersonFactory, RoleAssignmentFactory

pytestmark = pytest.mark.django_db


def coordinator(world):
    return actor_for_user(world.people["coordinator"].user)


# --- overload and the region's limit -------------------------------------------


def test_the_assign_service_refuses_someone_at_the_region_limit(world):
    OverloadThreshold.objects.create(region=world.region, max_active_trajectories=3)
    at_limit = consultant(world, capacity=8)
    busy(world, at_limit, 3)
    request = application(world)
    with pytest.raises(CrisisCardError, match="limit in this region is 3"):
        request_assign(actor=coordinator(world), request=request, consultant=at_limit)
    request.refresh_from_db()
    assert (request.state, request.consultant) == (RequestState.APPLIED, None)


def test_the_assign_page_refuses_an_overloaded_consultant(world):
    tired = consultant(world, capacity=8)  # room for trajectories, but far over their hours
    log_minutes(tired, 200 * 60)
    request = application(world)
    url = reverse("crisiscard:request_assign", args=[request.uuid])
    page = world.client_for("coordinator").get(url).content.decode()
    assert page.count('<span class="tag tag-danger">overloaded</span>') == 1
    response = world.client_for("coordinator").post(url, {"consultant": str(tired.uuid)})
    assert response.status_code == 200
    assert "is overloaded and gets no new trajectories" in response.content.decode()
    request.refresh_from_db()
    assert request.consultant is None


def test_the_choose_page_shows_level_languages_load_and_warnings(
    world, django_assert_max_num_queries
):
    OverloadThreshold.objects.create(region=world.region, max_active_trajectories=3)
    full = consultant(world, capacity=8, languages=["tr"], first_name="Volle")
    busy(world, full, 3)
    roomy = consultant(world, capacity=5, languages=["ar", "en"], first_name="Ruime")
    busy(world, roomy, 1)
    for _ in range(5):  # more candidates must not mean more queries
        consultant(world, capacity=4)
    request = application(world)
    client = world.client_for("coordinator")
    url = reverse("crisiscard:request_assign", args=[request.uuid])
    with django_assert_max_num_queries(30):
        body = client.get(url).content.decode()
    assert "HBO" in body
    assert "Turkish" in body and "Arabic" in body
    assert "1 of 3 active trajectories" in body  # capped at the region limit
    assert "limit in this region is 3" in body
    for _ in range(10):
        consultant(world, capacity=4)
    with django_assert_max_num_queries(30):
        assert client.get(url).status_code == 200


# --- independence from the treating organisation -------------------------------


def employed_by_the_treating_organisation(world):
    """A care-provider party in the plan at an organisation that also employs
    a consultant of the region."""
    clinic = OrganisationFactory(name="GGZ De Kliniek")
    colleague = consultant(world, capacity=8)
    RoleAssignmentFactory(
        person=colleague, role=Role.CONSULTANT, region=world.region, organisation=clinic
    )
    return clinic, colleague


def test_a_consultant_of_the_treating_organisation_is_not_independent(world):
    clinic, colleague = employed_by_the_treating_organisation(world)
    request = application(world)
    Party.objects.create(
        request=request, kind=PartyKind.CARE_PROVIDER, name="Behandelaar", organisation=clinic
    )
    with pytest.raises(CrisisCardError, match="treating organisation"):
        request_assign(actor=coordinator(world), request=request, consultant=colleague)


def test_a_consultant_at_the_treating_professionals_organisation_is_not_independent(world):
    clinic, colleague = employed_by_the_treating_organisation(world)
    therapist = PersonFactory()
    RoleAssignmentFactory(person=therapist, role=Role.CASE_DIRECTOR, organisation=clinic)
    request = application(world)
    Party.objects.create(
        request=request, kind=PartyKind.CARE_PROVIDER, name="Therapeut", person=therapist
    )
    with pytest.raises(CrisisCardError, match="treating organisation"):
        request_assign(actor=coordinator(world), request=request, consultant=colleague)


def test_matching_never_suggests_a_consultant_of_the_treating_organisation(world):
    WorkProfile.objects.create(person=world.people["consultant"], capacity=0)
    clinic, colleague = employed_by_the_treating_organisation(world)
    request = application(world)
    Party.objects.create(
        request=request, kind=PartyKind.CARE_PROVIDER, name="Behandelaar", organisation=clinic
    )
    run = matching_services.matching_run(actor=coordinator(world), region=world.region)
    assert run.suggestions.get(request=request).consultant != colleague
    queue = matching_selectors.matching_queue(world.region)
    needs, _offers = matching_selectors.engine_input(
        queue, matching_selectors.candidates(world.region)
    )
    assert colleague.pk in next(n for n in needs if n.key == request.pk).excluded


def test_the_quality_review_flags_a_consultant_of_the_treating_organisation(world):
    card = draft_card(world, version=establish(world))
    world.party.organisation = world.licence_holder  # the consultant persona's employer
    world.party.kind = PartyKind.CARE_PROVIDER
    world.party.save()
    items = {item.code: item for item in quality_services.checklist_for(card)}
    assert items["independent"].computed is False
    assert "treating organisation" in items["independent"].findings[0]

"""Parties: who may add and change them, what may be shared, when removal is refused."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import PERSONAS
from regie.audit.models import AccessEvent, Action
from regie.core.policy import actor_for_user
from regie.core.tests.test_permission_matrix import load_matrix, outcome
from regie.crisiscard.models import Party, PartyKind, SharingProposal, Signature
from regie.crisiscard.services.errors import CrisisCardError
from regie.crisiscard.services.parties import (
    PARTY,
    party_add,
    party_remove,
    party_update,
    social_map_organisations,
)
from regie.crisiscard.services.sharing import shared_with_party
from regie.crisiscard.services.signatures import agreements_hash
from regie.people.models import OrganisationKind
from regie.people.tests.factories import OrganisationFactory

from .permission_args_parties import make_version, sample_args


def actor(world, persona="consultant"):
    return actor_for_user(world.people[persona].user)


def add(world, **overrides):
    fields = {
        "kind": PartyKind.TRUSTED_PERSON,
        "name": "Zus Anna",
        "email": "anna@regie.example",
        "phone": "06-12345678",
        "shared_sections": ["approach"],
    }
    fields.update(overrides)
    return party_add(actor=actor(world), request=world.card_request, **fields)


def test_consultant_adds_a_party_and_its_sections_become_a_proposal_in_plan_order(world):
    party = add(world, shared_sections=["medication", "about_me"])
    assert party.request == world.card_request
    assert shared_with_party(party) == []  # the participant decides
    proposal = SharingProposal.objects.get(request=world.card_request)
    assert proposal.grid == {f"party:{party.uuid}": ["about_me", "medication"]}
    event = AccessEvent.objects.filter(object_type="party").order_by("-seq").first()
    assert (event.action, event.subject_uuid) == (
        Action.CREATE,
        world.people["participant"].uuid,
    )


def test_shared_sections_must_be_sections_of_the_plan(world):
    with pytest.raises(CrisisCardError, match="sections of the plan"):
        add(world, shared_sections=["approach", "diary"])
    assert not Party.objects.filter(name="Zus Anna").exists()


def test_a_party_needs_a_name(world):
    with pytest.raises(CrisisCardError):
        add(world, name="   ")


def test_only_the_assigned_consultant_adds_parties(world):
    for persona in ["coordinator", "participant", "coordinator_other_region"]:
        with pytest.raises(CrisisCardError):
            party_add(
                actor=actor(world, persona),
                request=world.card_request,
                kind=PartyKind.GP,
                name="X",
                email="",
                phone="",
                shared_sections=[],
            )
    assert world.card_request.parties.count() == 1


def test_social_map_is_the_regions_organisations_of_care_kinds(world):
    own = OrganisationFactory(
        name="GGZ Noord", kind=OrganisationKind.CARE_PROVIDER, region=world.region
    )
    national = OrganisationFactory(name="Politie", kind=OrganisationKind.POLICE, region=None)
    elsewhere = OrganisationFactory(
        name="GGZ Zuid", kind=OrganisationKind.CARE_PROVIDER, region=world.other_region
    )
    housing = OrganisationFactory(
        name="Woonstede", kind=OrganisationKind.HOUSING, region=world.region
    )
    found = set(social_map_organisations(world.card_request))
    assert {own, national} <= found
    assert elsewhere not in found and housing not in found
    party = add(world, organisation=own, kind=PartyKind.CARE_PROVIDER, name="GGZ Noord")
    assert party.organisation == own
    with pytest.raises(CrisisCardError, match="social map"):
        add(world, organisation=elsewhere, name="GGZ Zuid")


def test_update_changes_the_fields_and_logs_which(world):
    party = party_update(
        actor=actor(world),
        party=world.party,
        seen=PARTY.fingerprint(world.party),
        kind=PartyKind.GP,
        name="Huisartsenpraktijk De Linde",
        email="nieuw@regie.example",
        phone="",
        shared_sections=["medication"],
    )
    party.refresh_from_db()
    assert party.email == "nieuw@regie.example"
    assert shared_with_party(party) == ["approach", "medication"]  # unchanged until accepted
    proposal = SharingProposal.objects.get(request=world.card_request)
    assert proposal.grid == {f"party:{party.uuid}": ["medication"]}
    event = AccessEvent.objects.filter(object_type="party").order_by("-seq").first()
    assert event.action == Action.CHANGE and event.part == "email"


def test_removal_is_refused_once_the_party_was_asked_to_sign(world):
    party = add(world)
    version = make_version(
        world.card_request.plan, world.card_request.plan.draft, world.people["participant"]
    )
    Signature.objects.create(
        version=version, party=party, agreements_hash=agreements_hash(version, party)
    )
    with pytest.raises(CrisisCardError, match="asked to sign"):
        party_remove(actor=actor(world), party=party)
    assert Party.objects.filter(pk=party.pk).exists()


def test_removal_is_refused_while_the_draft_has_agreements_with_them(world):
    with pytest.raises(CrisisCardError, match="agreements"):
        party_remove(actor=actor(world), party=world.party)


def test_a_party_without_signatures_or_agreements_can_be_removed(world):
    party = add(world)
    party_remove(actor=actor(world), party=party)
    assert not Party.objects.filter(pk=party.pk).exists()


def test_add_page_offers_contacts_and_social_map_and_saves(world):
    plan = world.card_request.plan
    plan.draft["contacts"] = [
        {
            "name": "Zus Anna",
            "relationship": "zus",
            "phone": "0612",
            "trusted": True,
            "do_not_inform": False,
        },
        {
            "name": "Ex Bob",
            "relationship": "ex",
            "phone": "",
            "trusted": False,
            "do_not_inform": True,
        },
    ]
    plan.save()
    OrganisationFactory(
        name="Crisisdienst Noord", kind=OrganisationKind.CRISIS_SERVICE, region=world.region
    )
    client = world.client_for("consultant")
    url = reverse("crisiscard:party_add", args=[world.card_request.uuid])
    page = client.get(url).content.decode()
    assert "Zus Anna" in page and "Crisisdienst Noord" in page
    assert "Ex Bob" not in page  # must not be told: not offered as a party
    prefilled = client.get(url + "?contact=0").content.decode()
    assert 'value="Zus Anna"' in prefilled
    response = client.post(
        url,
        {
            "kind": "trusted_person",
            "name": "Zus Anna",
            "email": "anna@regie.example",
            "phone": "0612",
            "shared_sections": ["approach", "helps_harms"],
        },
    )
    assert response.status_code == 302
    party = world.card_request.parties.get(name="Zus Anna")
    assert SharingProposal.objects.get(request=world.card_request).grid == {
        f"party:{party.uuid}": ["approach", "helps_harms"]
    }


def test_add_page_keeps_what_was_typed_on_an_error(world):
    client = world.client_for("consultant")
    url = reverse("crisiscard:party_add", args=[world.card_request.uuid])
    response = client.post(url, {"kind": "gp", "name": "Dokter Jansen", "email": "not-an-address"})
    assert response.status_code == 200
    assert 'value="Dokter Jansen"' in response.content.decode()
    assert not world.card_request.parties.filter(name="Dokter Jansen").exists()


def test_removal_is_refused_with_a_message_on_the_edit_page(world):
    client = world.client_for("consultant")
    url = reverse("crisiscard:party_remove", args=[world.card_request.uuid, world.party.uuid])
    response = client.post(url, follow=True)
    edit = reverse("crisiscard:party_edit", args=[world.card_request.uuid, world.party.uuid])
    assert response.redirect_chain[-1][0] == edit
    assert "still has agreements" in response.content.decode()
    assert Party.objects.filter(pk=world.party.pk).exists()


def test_remove_asks_first_and_removes_only_on_post(world):
    party = add(world, name="Dokter Weg")
    client = world.client_for("consultant")
    url = reverse("crisiscard:party_remove", args=[world.card_request.uuid, party.uuid])
    edit = reverse("crisiscard:party_edit", args=[world.card_request.uuid, party.uuid])
    assert f'action="{url}"' in client.get(edit).content.decode()
    page = client.get(url)
    assert page.status_code == 200 and "Are you sure? Dokter Weg" in page.content.decode()
    assert Party.objects.filter(pk=party.pk).exists()
    response = client.post(url, follow=True)
    assert response.redirect_chain[-1][0] == reverse(
        "crisiscard:party_list", args=[world.card_request.uuid]
    )
    assert "Dokter Weg is no longer a party." in response.content.decode()
    assert not Party.objects.filter(pk=party.pk).exists()


def test_only_the_assigned_consultant_may_remove_a_party(world):
    party = add(world, name="Dokter Weg")
    url = reverse("crisiscard:party_remove", args=[world.card_request.uuid, party.uuid])
    assert world.client_for("coordinator").post(url).status_code == 404
    assert world.client_for("participant").post(url).status_code == 404
    assert Party.objects.filter(pk=party.pk).exists()


def test_party_of_another_request_is_not_found(world):
    other = sample_args(world)["crisiscard:signature_remind"][0]
    client = world.client_for("consultant")
    url = reverse("crisiscard:party_edit", args=[other, world.party.uuid])
    assert client.get(url).status_code == 404


def test_party_list_shows_missing_signatures_in_words(world):
    version = make_version(
        world.card_request.plan, world.card_request.plan.draft, world.people["participant"]
    )
    assert version.number == 1
    client = world.client_for("consultant")
    page = client.get(
        reverse("crisiscard:party_list", args=[world.card_request.uuid])
    ).content.decode()
    assert "1 signature is still missing." in page
    assert "Missing" in page and "Not asked yet" in page
    assert "De huisarts belt mijn zus." in page


def test_party_list_query_count_does_not_grow_with_parties(world):
    client = world.client_for("consultant")
    url = reverse("crisiscard:party_list", args=[world.card_request.uuid])
    make_version(
        world.card_request.plan, world.card_request.plan.draft, world.people["participant"]
    )
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for i in range(5):
        party = add(world, name=f"Partij {i}")
        version = world.card_request.plan.versions.first()
        Signature.objects.create(version=version, party=party, agreements_hash="x")
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few)


def test_party_pages_log_a_read(world):
    client = world.client_for("consultant")
    client.get(reverse("crisiscard:party_list", args=[world.card_request.uuid]))
    event = AccessEvent.objects.order_by("-seq").first()
    assert (event.action, event.purpose) == (Action.READ, "crisiscard:party_list")


@pytest.mark.parametrize("persona", PERSONAS)
def test_parties_rows_of_the_permission_table_hold(world, persona):
    matrix = load_matrix()
    args = sample_args(world)
    client = world.client_for(persona)
    for name, url_args in args.items():
        cache.clear()
        got = outcome(client.get(reverse(name, args=url_args)))
        assert got == matrix[name][persona], f"{name} for {persona}: got {got}"


def test_update_keeps_the_linked_person_unless_given(world):
    from regie.people.tests.factories import PersonFactory

    person = PersonFactory(first_name="Anna")
    party = add(world, person=person)
    party_update(
        actor=actor(world),
        party=party,
        seen=PARTY.fingerprint(party),
        kind=party.kind,
        name="Anna",
        email=party.email,
        phone="",
        shared_sections=[],
    )
    party.refresh_from_db()
    assert party.person == person and party.name == "Anna"


def _map_service(region, name, **extra):
    from regie.coordination.social_map.models import ServiceCategory, SocialService

    return SocialService.objects.create(
        region=region, name=name, category=extra.pop("category", ServiceCategory.CRISIS), **extra
    )


def _linked_party(world):
    old = _map_service(world.region, "Crisisdienst Oud", phone="0800-0000")
    party = add(world, kind=PartyKind.CRISIS_SERVICE, name="Crisisdienst (team Anna)", service=old)
    return party, old


def _posted(party, **overrides):
    data = {
        "seen": PARTY.fingerprint(party),
        "service": str(party.service.uuid) if party.service else "",
        "kind": party.kind,
        "name": party.name,
        "email": party.email,
        "phone": party.phone,
        "shared_sections": shared_with_party(party),
    }
    return data | overrides


def edit_url(world, party):
    return reverse("crisiscard:party_edit", args=[world.card_request.uuid, party.uuid])


def test_edit_page_links_another_service_and_keeps_the_typed_details(world):
    party, old = _linked_party(world)
    new = _map_service(world.region, "Crisisdienst Nieuw", phone="0800-9999", email="n@x.example")
    _map_service(world.other_region, "Crisisdienst Zuid")
    client = world.client_for("consultant", language="en")
    url = edit_url(world, party)
    page = client.get(url).content.decode()
    assert "Linked to the social map: Crisisdienst Oud." in page
    assert f"?service={new.uuid}" in page and "Crisisdienst Zuid" not in page
    chosen = client.get(url, {"service": new.uuid}).content.decode()
    assert f'value="{new.uuid}"' in chosen
    assert 'value="Crisisdienst (team Anna)"' in chosen  # kept, not overwritten
    assert "You chose Crisisdienst Nieuw from the social map." in chosen
    assert f"?service={new.uuid}&amp;copy=1" in chosen
    party.refresh_from_db()
    assert party.service == old  # choosing saves nothing
    response = client.post(url + f"?service={new.uuid}", _posted(party, service=str(new.uuid)))
    assert response.status_code == 302
    party.refresh_from_db()
    assert party.service == new
    assert party.name == "Crisisdienst (team Anna)" and party.phone == "06-12345678"
    event = AccessEvent.objects.order_by("-seq").first()
    assert event.action == Action.CHANGE and "service" in event.part


def test_edit_page_copies_the_new_services_details_when_asked(world):
    party, _old = _linked_party(world)
    new = _map_service(world.region, "Crisisdienst Nieuw", phone="0800-9999", email="n@x.example")
    client = world.client_for("consultant", language="en")
    page = client.get(edit_url(world, party), {"service": new.uuid, "copy": "1"}).content.decode()
    assert 'value="Crisisdienst Nieuw"' in page
    assert 'value="0800-9999"' in page and 'value="n@x.example"' in page
    assert "were filled in from the map" in page


def test_edit_page_unlinks_the_service_and_keeps_the_details(world):
    party, old = _linked_party(world)
    client = world.client_for("consultant", language="en")
    url = edit_url(world, party)
    page = client.get(url, {"service": "none"}).content.decode()
    assert "Save the party to unlink it from the social map." in page
    assert f'value="{old.uuid}"' not in page  # the hidden link is emptied
    response = client.post(url + "?service=none", _posted(party, service=""))
    assert response.status_code == 302
    party.refresh_from_db()
    assert party.service is None and party.name == "Crisisdienst (team Anna)"


def test_edit_refuses_a_service_of_another_region_or_an_inactive_one(world):
    party, old = _linked_party(world)
    elsewhere = _map_service(world.other_region, "Crisisdienst Zuid")
    inactive = _map_service(world.region, "Opgeheven dienst", active=False)
    client = world.client_for("consultant", language="en")
    url = edit_url(world, party)
    for choice in (elsewhere, inactive):
        page = client.get(url, {"service": choice.uuid}).content.decode()
        assert f'value="{choice.uuid}"' not in page  # not offered, not taken over
        response = client.post(url, _posted(party, service=str(choice.uuid), name="Getypt"))
        assert response.status_code == 200
        assert "social map" in response.content.decode()
        assert 'value="Getypt"' in response.content.decode()
    party.refresh_from_db()
    assert party.service == old and party.name == "Crisisdienst (team Anna)"

"""The FHIR export: the bundle parses back into the fhir.resources R4B models, and a
party's export holds only the sections the holder shares with that party."""

from __future__ import annotations

import json

from django.utils import timezone
from fhir.resources.R4B.bundle import Bundle

from regie.crisiscard.fhir import codes, export_bundle
from regie.crisiscard.models import SharingGrant, Signature, SignatureStatus
from regie.crisiscard.services.signatures import agreements_hash

from .cards_fixtures import establish, issued_card, plan_content


def parsed(data: dict) -> Bundle:
    # Through JSON, as a receiving system would read the download.
    return Bundle.model_validate_json(json.dumps(data))


def by_type(bundle: Bundle) -> dict[str, list]:
    found: dict[str, list] = {}
    for entry in bundle.entry or []:
        found.setdefault(entry.resource.get_resource_type(), []).append(entry.resource)
    return found


def field_codes(careplan) -> set[str]:
    return {a.detail.code.coding[0].code for a in careplan.activity or []}


def consent_section_codes(consent) -> set[str]:
    return {
        c.coding[0].code for permit in consent.provision.provision or [] for c in permit.code or []
    }


def test_the_full_export_validates_and_holds_every_resource_type(world):
    card = issued_card(world)
    bundle = parsed(export_bundle(card.version))
    resources = by_type(bundle)

    assert bundle.type == "collection"
    assert set(resources) == {
        "Patient",
        "CarePlan",
        "CareTeam",
        "RelatedPerson",
        "Consent",
        "Provenance",
        "DocumentReference",
    }
    patient = resources["Patient"][0]
    assert patient.name[0].family == world.people["participant"].last_name
    careplan = resources["CarePlan"][0]
    assert careplan.identifier[0].value == card.version.content_hash
    assert careplan.subject.reference == f"urn:uuid:{patient.id}"
    activities = {a.detail.code.coding[0].code: a.detail for a in careplan.activity}
    assert activities["phases.crisis.others_do"].description.startswith("Blijf rustig")
    assert activities["phases.crisis.others_dont"].doNotPerform is True
    assert activities["phases.crisis.others_dont"].scheduledString
    assert activities["medication"].productCodeableConcept.text == "Lithium"
    names = {p.name[0].text for p in resources["RelatedPerson"]}
    assert names == {"Anneke", "Kees"}
    document = resources["DocumentReference"][0]
    pdf = document.content[0].attachment.data  # the model decodes base64Binary
    assert pdf.startswith(b"%PDF") and document.content[0].attachment.size == len(pdf)


def test_careplan_holds_signals_per_phase_what_helps_and_harms_and_the_care_team(world):
    content = plan_content()
    content["phases"]["early_signs"]["signals"] = "Ik slaap slecht en praat snel."
    content["phases"]["crisis"]["signals"] = "Ik hoor stemmen."
    content["helps_harms"]["helps"] = "Muziek en een rustige kamer."
    content["helps_harms"]["harms"] = "Harde geluiden."
    resources = by_type(parsed(export_bundle(establish(world, content=content))))
    careplan = resources["CarePlan"][0]
    activities = {a.detail.code.coding[0].code: a.detail for a in careplan.activity}
    early = activities["phases.early_signs.signals"]
    assert early.description == "Ik slaap slecht en praat snel."
    assert early.scheduledString == "Vroege signalen"
    assert activities["phases.crisis.signals"].scheduledString == "Crisis"
    assert not early.doNotPerform
    assert activities["helps_harms.helps"].description == "Muziek en een rustige kamer."
    assert not activities["helps_harms.helps"].doNotPerform
    assert activities["helps_harms.harms"].description == "Harde geluiden."
    assert activities["helps_harms.harms"].doNotPerform is True
    [team] = resources["CareTeam"]
    assert careplan.careTeam[0].reference == f"urn:uuid:{team.id}"
    [member] = team.participant
    assert member.member.display == "Dr. Jansen" and member.role[0].text == "huisarts"
    assert team.contained[0].telecom[0].value == "010-1234567"


def test_contacts_who_must_not_be_told_are_a_deny_consent_on_their_related_person(world):
    card = issued_card(world)
    resources = by_type(parsed(export_bundle(card.version)))
    kees = next(p for p in resources["RelatedPerson"] if p.name[0].text == "Kees")
    deny = next(
        c
        for c in resources["Consent"]
        if c.provision.action and c.provision.action[0].coding[0].code == "disclose"
    )
    assert deny.provision.type == "deny"
    assert [a.reference.reference for a in deny.provision.actor] == [f"urn:uuid:{kees.id}"]
    flags = {e.url: e.valueBoolean for e in kees.extension}
    assert flags[codes.DO_NOT_INFORM_EXTENSION] is True


def test_admission_wishes_are_an_advance_directive_consent(world):
    card = issued_card(world)
    resources = by_type(parsed(export_bundle(card.version)))
    directive = next(c for c in resources["Consent"] if c.scope.coding[0].code == "adr")
    words = directive.sourceAttachment.data.decode()
    assert "Parnassia, Noord" in words and "Parnassia, Noord" in directive.text.div


def test_the_sharing_consent_lists_every_grantee_with_their_sections(world):
    card = issued_card(world)
    resources = by_type(parsed(export_bundle(card.version)))
    sharing = next(
        c
        for c in resources["Consent"]
        if c.policyRule and c.policyRule.coding and c.policyRule.coding[0].code == "OPTIN"
    )
    assert sharing.provision.type == "deny"
    permit = sharing.provision.provision[0]
    assert permit.actor[0].reference.display == world.party.name
    assert consent_section_codes(sharing) == {"approach", "medication"}


def test_a_signature_is_a_provenance_bound_to_the_version_hash(world):
    version = establish(world)
    signed_by_the_gp(version, world)
    resources = by_type(parsed(export_bundle(version)))
    signed = [p for p in resources["Provenance"] if p.signature]
    assert len(signed) == 1
    binding = json.loads(signed[0].signature[0].data)
    assert binding["content_sha256"] == version.content_hash
    assert binding["typed_name"] == "J. de Linde"
    assert signed[0].entity[0].what.identifier.value == version.content_hash


def signed_by_the_gp(version, world) -> Signature:
    """The GP party signed this version (the signing flow is tested in test_signatures)."""
    return Signature.objects.create(
        version=version,
        party=world.party,
        agreements_hash=agreements_hash(version, world.party),
        status=SignatureStatus.SIGNED,
        typed_name="J. de Linde",
        signed_at=timezone.now(),
    )


def test_a_party_export_holds_only_the_sections_shared_with_that_party(world):
    card = issued_card(world)
    grant = SharingGrant.objects.get(party=world.party)
    data = export_bundle(card.version, sections=grant.sections, grant=grant)
    resources = by_type(parsed(data))

    # Shared: approach and medication. Not shared: phases, contacts, care providers, admission.
    careplan = resources["CarePlan"][0]
    assert {c.split(".")[0] for c in field_codes(careplan)} <= {"approach", "medication"}
    assert "medication" in field_codes(careplan)
    assert "phases.crisis.others_do" not in field_codes(careplan)
    assert "RelatedPerson" not in resources
    assert "CareTeam" not in resources
    assert "DocumentReference" not in resources
    [sharing] = resources["Consent"]
    assert consent_section_codes(sharing) == {"approach", "medication"}
    # The holder's full name and the texts of other sections never leave.
    text = json.dumps(data)
    assert world.people["participant"].last_name not in text
    assert "Blijf rustig" not in text and "Parnassia" not in text and "Kees" not in text


def test_a_section_taken_away_disappears_from_careplan_and_consent(world):
    card = issued_card(world)
    grant = SharingGrant.objects.get(party=world.party)
    grant.sections = ["approach"]
    grant.save(update_fields=["sections"])
    resources = by_type(parsed(export_bundle(card.version, sections=grant.sections, grant=grant)))
    assert "medication" not in field_codes(resources["CarePlan"][0])
    assert consent_section_codes(resources["Consent"][0]) == {"approach"}


def test_other_parties_signatures_stay_out_of_a_party_export(world):
    version = establish(world)
    signed_by_the_gp(version, world)
    grant = SharingGrant.objects.get(party=world.party)
    own = by_type(parsed(export_bundle(version, sections=grant.sections, grant=grant)))
    assert len([p for p in own["Provenance"] if p.signature]) == 1
    anonymous = by_type(parsed(export_bundle(version, sections=grant.sections)))
    assert not [p for p in anonymous["Provenance"] if p.signature]
    assert "Consent" not in anonymous

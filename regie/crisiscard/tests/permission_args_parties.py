"""Sample URL arguments for the parties and signatures pages, and helpers for their tests.

The signature URLs use a separate request (another participant in region Noord,
assigned to the consultant persona, with an established version), so that the
world's own request stays as the other areas expect it: the participant
persona's request keeps its draft without established versions.

`crisiscard:sign` gets a valid, open signing token: the page is public, so
every persona, anonymous included, gets 200. Its two forms (`sign_submit`,
`sign_decline`) get the same token and only take POST.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.files.base import ContentFile
from django.utils import timezone

from regie.crisiscard import schema
from regie.crisiscard.models import (
    CardRequest,
    Channel,
    CrisisPlan,
    HeardVia,
    Party,
    PartyKind,
    PlanVersion,
    RequestState,
    Signature,
    SignatureStatus,
    content_hash,
    new_token,
    token_digest,
)
from regie.crisiscard.services.signatures import agreements_hash
from regie.people.tests.factories import PersonFactory

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def make_version(plan: CrisisPlan, content: dict[str, Any], by: Any) -> PlanVersion:
    """An established version, as the plan area's establish() would store it."""
    content = schema.normalise(content)
    number = (plan.versions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    return PlanVersion.objects.create(
        plan=plan,
        number=number,
        content=content,
        content_hash=content_hash(content),
        established_by=by,
    )


def open_signature(version: PlanVersion, party: Party) -> tuple[Signature, str]:
    """An open signing request and its raw token."""
    token = new_token()
    signature = Signature.objects.create(
        version=version,
        party=party,
        agreements_hash=agreements_hash(version, party),
        token_digest=token_digest(token),
        expires_at=timezone.now() + datetime.timedelta(days=14),
    )
    return signature, token


def other_request(world: Any) -> tuple[CardRequest, Party, PlanVersion]:
    participant = PersonFactory(first_name="Robin", last_name="Elders")
    request = CardRequest.objects.create(
        participant=participant,
        region=world.region,
        heard_via=HeardVia.GP,
        channel=Channel.PHONE,
        consultant=world.people["consultant"],
        state=RequestState.AWAITING_SIGNATURES,
    )
    party = Party.objects.create(
        request=request, kind=PartyKind.RELATIVE, name="Kim Elders", email="kim@regie.example"
    )
    content = schema.empty_plan()
    content["agreements"] = [{"party": str(party.uuid), "text": "Kim haalt de kat op."}]
    plan = CrisisPlan.objects.create(request=request, draft=content, draft_revision=1)
    version = make_version(plan, content, participant)
    return request, party, version


def sample_args(world: Any) -> dict[str, list[object]]:
    request = world.card_request
    other, party, version = other_request(world)
    open_request, token = open_signature(version, party)
    scanned = Signature.objects.create(
        version=version,
        party=party,
        agreements_hash=agreements_hash(version, party),
        status=SignatureStatus.SCAN,
    )
    scanned.scan.save("sample.pdf", ContentFile(PDF_BYTES), save=True)
    return {
        "crisiscard:party_list": [request.uuid],
        "crisiscard:party_add": [request.uuid],
        "crisiscard:party_edit": [request.uuid, world.party.uuid],
        "crisiscard:party_remove": [request.uuid, world.party.uuid],
        "crisiscard:signatures_send": [request.uuid],
        "crisiscard:signature_remind": [other.uuid, open_request.pk],
        "crisiscard:signature_scan_upload": [other.uuid, open_request.pk],
        "crisiscard:signature_scan": [other.uuid, scanned.pk],
        "crisiscard:sign": [token],
        "crisiscard:sign_submit": [token],
        "crisiscard:sign_decline": [token],
    }

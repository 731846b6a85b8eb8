"""Every service that changes a restricted person's data refuses, and writes nothing.

Each case calls a service with arguments that pass its own checks, so the only
reason to refuse is the pause. The snapshot covers every row of the apps that
hold personal data and the access log, so an update counts as much as an insert.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory
from django.utils import timezone

from regie.core.policy import Actor, actor_for
from regie.crisiscard.models import (
    Evaluation,
    PrintBatch,
    PrintItem,
    PrintKind,
    Signature,
    SignatureStatus,
)
from regie.crisiscard.services import (
    evaluations,
    invitations,
    parties,
    portal,
    printing,
    sharing,
    signatures,
)
from regie.crisiscard.services.errors import CrisisCardError
from regie.crisiscard.tests.permission_args_portal import make_card
from regie.people.models import Person
from regie.privacy.export.access import PersonAccess
from regie.privacy.export.collect import person_details
from regie.privacy.models import ProcessingRestriction
from regie.privacy.rectification.services import person_details_correct
from regie.privacy.restriction import ProcessingRestricted
from regie.recovery.models import FamilyActivityKind
from regie.recovery.services import family

SNAPSHOT_APPS = ("crisiscard", "recovery", "people", "audit", "privacy")


def _snapshot() -> dict[str, list[dict[str, Any]]]:
    return {
        model._meta.label: list(model._default_manager.order_by("pk").values())
        for app in SNAPSHOT_APPS
        for model in apps.get_app_config(app).get_models()
    }


def _actor(person: Person) -> Actor:
    request = RequestFactory().get("/")
    request.user = person.user
    return actor_for(request)


def _restrict(world, person: Person) -> None:
    ProcessingRestriction.objects.create(
        person=person,
        restricted_since=timezone.now(),
        restricted_by=world.people["coordinator"],
        reason="Ik betwist mijn gegevens.",
    )


def _card(world):
    return make_card(
        participant=world.people["participant"],
        consultant=world.people["consultant"],
        region=world.region,
        issued_on=timezone.localdate(),
        state=world.card_request.state,
        request=world.card_request,
    )


def _open_signature(world) -> Signature:
    card = _card(world)
    return Signature.objects.create(
        version=card.version,
        party=world.party,
        agreements_hash="0" * 64,
        status=SignatureStatus.REQUESTED,
        token_digest="1" * 64,
        expires_at=timezone.now() + datetime.timedelta(days=10),
    )


def _evaluation(world) -> Evaluation:
    return Evaluation.objects.create(card=_card(world), due_on=timezone.localdate())


def _consultant(world) -> Actor:
    return _actor(world.people["consultant"])


def _family(world) -> Actor:
    return _actor(world.people["family_peer_expert"])


# (who is paused, what the call needs, the call); what it needs is built
# before the snapshot. "participant" pauses the crisis card participant,
# "client" the recovery client, "relative" the client's relative.
def NOTHING(world: Any) -> None:
    return None


CASES: dict[str, tuple[str, Callable[[Any], Any], Callable[[Any, Any], object]]] = {
    "party_add": (
        "participant",
        NOTHING,
        lambda w, _: parties.party_add(
            actor=_consultant(w),
            request=w.card_request,
            kind="relative",
            name="Zus Jansen",
            email="",
            phone="",
        ),
    ),
    "party_update": (
        "participant",
        NOTHING,
        lambda w, _: parties.party_update(
            actor=_consultant(w),
            party=w.party,
            kind=w.party.kind,
            name="Andere huisarts",
            email=w.party.email,
            phone=w.party.phone,
            seen=parties.PARTY.fingerprint(w.party),
        ),
    ),
    "party_remove": (
        "participant",
        NOTHING,
        lambda w, _: parties.party_remove(actor=_consultant(w), party=w.party),
    ),
    "request_signatures": (
        "participant",
        _card,
        lambda w, card: signatures.request_signatures(actor=_consultant(w), version=card.version),
    ),
    "signature_remind": (
        "participant",
        _open_signature,
        lambda w, sig: signatures.remind(actor=_consultant(w), signature=sig),
    ),
    "signature_sign": (
        "participant",
        _open_signature,
        lambda w, sig: signatures.sign(
            signature=sig, typed_name="Dr. Huisarts", confirmed=True, ip=None
        ),
    ),
    "signature_decline": (
        "participant",
        _open_signature,
        lambda w, sig: signatures.decline(signature=sig, reason="Niet mee eens", ip=None),
    ),
    "signature_scan": (
        "participant",
        NOTHING,
        lambda w, _: signatures.upload_scan(
            actor=_consultant(w),
            signature_or_party=w.party,
            file=SimpleUploadedFile("scan.pdf", b"%PDF-1.4\n"),
        ),
    ),
    "sharing_propose": (
        "participant",
        NOTHING,
        lambda w, _: sharing.sharing_propose(actor=_consultant(w), request=w.card_request, grid={}),
    ),
    "evaluation_record": (
        "participant",
        _evaluation,
        lambda w, evaluation: evaluations.record_evaluation(
            actor=_consultant(w),
            evaluation=evaluation,
            crisis_happened=False,
            card_used=False,
            used_by=[],
            respected_by=[],
            what_should_change="",
            outcome="unchanged",
            seen=evaluations.EVALUATION.fingerprint(evaluation),
        ),
    ),
    "participant_invite": (
        "participant",
        NOTHING,
        lambda w, _: invitations.participant_invite_letter(
            actor=_consultant(w), request=w.card_request
        ),
    ),
    "participant_letter_to_queue": (
        "participant",
        NOTHING,
        lambda w, _: invitations.participant_letter_to_queue(
            actor=_consultant(w), request=w.card_request
        ),
    ),
    "print_enqueue_card": (
        "participant",
        _card,
        lambda w, card: printing.enqueue_card(actor=_consultant(w), card=card),
    ),
    "portal_propose": (
        "participant",
        NOTHING,
        lambda w, _: portal.portal_propose(
            actor=_actor(w.people["participant"]), request=w.card_request, text="Mijn zus belt."
        ),
    ),
    "portal_question": (
        "participant",
        NOTHING,
        lambda w, _: portal.question_ask(
            actor=_actor(w.people["participant"]), request=w.card_request, text="Wanneer?"
        ),
    ),
    "relative_add": (
        "client",
        NOTHING,
        lambda w, _: family.relative_add(
            actor=_actor(w.people["case_director"]),
            case=w.case,
            first_name="Broer",
            last_name="Hersteltraject",
            phone="",
            email="",
            relationship="broer",
        ),
    ),
    "relative_note_add_client_paused": (
        "client",
        NOTHING,
        lambda w, _: family.relative_note_add(
            actor=_family(w),
            case=w.case,
            relative=w.relative,
            text="Moeder maakt zich zorgen.",
            shared_with_team=False,
        ),
    ),
    "relative_note_add_relative_paused": (
        "relative",
        NOTHING,
        lambda w, _: family.relative_note_add(
            actor=_family(w),
            case=w.case,
            relative=w.relative,
            text="Moeder maakt zich zorgen.",
            shared_with_team=False,
        ),
    ),
    "family_activity_create": (
        "relative",
        NOTHING,
        lambda w, _: family.activity_create(
            actor=_family(w),
            kind=FamilyActivityKind.SELF_HELP_GROUP,
            title="Avond voor naasten",
            held_on=timezone.localdate(),
            topics=["worry"],
            relatives=[w.relative],
        ),
    ),
    "family_activity_remove_relative": (
        "relative",
        NOTHING,
        lambda w, _: family.activity_update_relatives(
            actor=_family(w), activity=w.family_activity, remove=[w.relative]
        ),
    ),
}


def _paused(world, who: str) -> Person:
    return {
        "participant": world.people["participant"],
        "client": world.client,
        "relative": world.relative,
    }[who]


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_paused_persons_data_is_refused_and_nothing_is_written(world, case):
    who, prepare, call = CASES[case]
    needed = prepare(world)
    _restrict(world, _paused(world, who))
    before = _snapshot()
    with pytest.raises(ProcessingRestricted):
        call(world, needed)
    assert _snapshot() == before


def test_the_persons_own_choices_and_corrections_stay_allowed(world):
    """What a pause must not stop: the person narrowing who sees their plan
    (withdrawing consent), and correcting their details."""
    person = world.people["participant"]
    _restrict(world, person)
    grantee = sharing.grantees(world.card_request)[0]
    decision = sharing.sharing_decide(
        actor=_actor(person),
        request=world.card_request,
        grid={grantee.key: []},
        revision=sharing.sharing_for(world.card_request).revision,
        notify_emergency=False,
    )
    assert decision is not None
    assert sharing.current_grid(world.card_request)[grantee.key] == []
    person_details_correct(
        actor=_actor(person),
        access=PersonAccess(person, "participant", True),
        values=person_details(person) | {"phone": "0611111111"},
        based_on=0,
    )
    person.refresh_from_db()
    assert person.phone == "0611111111"


def _batch(world) -> PrintBatch:
    return PrintBatch.objects.create(region=world.region)


def test_print_items_of_a_paused_person_wait_and_no_letter_is_queued(world):
    paused = world.people["participant"]
    other = Person.objects.create(first_name="Ander", last_name="Persoon")
    waiting = PrintItem.objects.create(
        kind=PrintKind.NOTICE, region=world.region, recipient=paused, subject="S", body="B"
    )
    printed = PrintItem.objects.create(
        kind=PrintKind.NOTICE, region=world.region, recipient=other, subject="S", body="B"
    )
    _restrict(world, paused)
    coordinator = _actor(world.people["coordinator"])
    _pdf, items = printing.print_batch(
        actor=coordinator, region=world.region, chosen=[], batch=_batch(world)
    )
    assert items == [printed]
    waiting.refresh_from_db()
    printed.refresh_from_db()
    assert waiting.downloaded_at is None and printed.downloaded_at is not None
    with pytest.raises(CrisisCardError):
        printing.print_batch(
            actor=coordinator, region=world.region, chosen=[waiting.uuid], batch=_batch(world)
        )
    paused.email = ""
    paused.save(update_fields=["email"])
    sent = printing.notify(paused, "crisiscard/sharing/emails/proposal", {}, region=world.region)
    assert sent == ""
    assert PrintItem.objects.filter(recipient=paused).count() == 1

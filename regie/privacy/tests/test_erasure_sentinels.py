"""Erasure leaves nothing behind: sentinel values planted in every name and
free-text field of a participant and of a recovery client are found nowhere
in a full dump of the database or in the media folder afterwards, while the
access log keeps its rows and its chain, and other people's data stays."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.db import models
from django.urls import reverse
from django.utils import timezone

from regie.audit.models import AccessEvent
from regie.audit.verify import verify_chain
from regie.core.policy import actor_for_user
from regie.crisiscard.models import (
    CardRequest,
    Conversation,
    ConversationKind,
    DraftRevision,
    EmergencyLink,
    Evaluation,
    Party,
    PrintItem,
    RequestEvent,
    Signature,
)
from regie.crisiscard.models.sharing import SharingChange
from regie.crisiscard.tests.cards_fixtures import issued_card, plan_content
from regie.people.models import Person, User
from regie.privacy.erasure import services
from regie.privacy.models import ErasureCertificate, ErasureStatus, ErasureVia
from regie.recovery.models import (
    CaseContact,
    CaseEvent,
    Goal,
    GoalAction,
    LifeArea,
    RelativeNote,
    WheelAssessment,
)

SENTINEL = "zqxsentinel"
KEEP = "keepthisvalue"


def sentinel(label: str) -> str:
    return f"{SENTINEL}-{label}"


def dump_hits(needle: str) -> list[str]:
    """Every text, char, e-mail and JSON value in the database that contains `needle`."""
    hits = []
    for model in apps.get_models(include_auto_created=True):
        fields = [
            f.attname
            for f in model._meta.concrete_fields
            if isinstance(
                f, (models.CharField, models.TextField, models.JSONField, models.FileField)
            )
        ]
        if not fields:
            continue
        for row in model._base_manager.values_list("pk", *fields):
            for name, value in zip(["pk", *fields], row, strict=True):
                if value is not None and needle in str(value).lower():
                    hits.append(f"{model._meta.label}.{name} (pk {row[0]})")
    return hits


def media_hits(root: Path, needle: str) -> list[str]:
    return [
        str(path)
        for path in root.rglob("*")
        if path.is_file()
        and (needle in path.name.lower() or needle.encode() in path.read_bytes().lower())
    ]


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }
    return Path(settings.MEDIA_ROOT)


def plant_participant(world) -> Person:
    participant = world.people["participant"]
    Person.objects.filter(pk=participant.pk).update(
        first_name=sentinel("first"),
        last_name=sentinel("last"),
        email=f"{SENTINEL}@regie.example",
        phone=sentinel("phone")[:40],
        address=sentinel("street"),
        postcode="ZQX1",
        city=sentinel("city"),
        date_of_birth=datetime.date(1980, 1, 2),
    )
    User.objects.filter(pk=participant.user_id).update(
        email=f"{SENTINEL}-login@regie.example", first_name=sentinel("ufirst")
    )
    participant.refresh_from_db()
    request = world.card_request
    CardRequest.objects.filter(pk=request.pk).update(wishes=sentinel("wishes"))
    Party.objects.filter(pk=world.party.pk).update(
        name=sentinel("party"), email=f"{SENTINEL}-party@regie.example"
    )
    content = plan_content()
    content["about_me"]["text"] = sentinel("plan")
    request.plan.draft = content
    request.plan.save(update_fields=["draft"])
    DraftRevision.objects.create(
        plan=request.plan, number=1, content=content, saved_by=world.people["consultant"]
    )
    card = issued_card(world)  # a version, a card, its review and the QR link
    card.panels = {"front": sentinel("panel")}
    card.save(update_fields=["panels"])
    Signature.objects.filter(version=card.version).delete()
    signature = Signature.objects.create(
        version=card.version,
        party=world.party,
        agreements_hash="x",
        typed_name=sentinel("signed"),
        decline_reason=sentinel("decline"),
    )
    signature.scan.save("scan.pdf", ContentFile(b"%PDF-1.4 " + sentinel("scan").encode()))
    Conversation.objects.create(
        request=request,
        kind=ConversationKind.choices[0][0],
        duration_minutes=30,
        occurred_on=timezone.localdate(),
        others_present=sentinel("present"),
        notes=sentinel("notes"),
        outcome=sentinel("outcome"),
        recorded_by=world.people["consultant"],
    )
    RequestEvent.objects.create(request=request, text=sentinel("event"))
    SharingChange.objects.create(
        request=request, revision=1, grantee="party", grantee_name=sentinel("grantee"), sections=[]
    )
    Evaluation.objects.create(
        card=card, due_on=timezone.localdate(), what_should_change=sentinel("evaluation")
    )
    PrintItem.objects.create(
        kind="notice",
        region=world.region,
        recipient=participant,
        request=request,
        subject=sentinel("subject"),
        body=sentinel("body"),
    )
    return participant


def plant_client(world) -> Person:
    client = world.client
    Person.objects.filter(pk=client.pk).update(
        first_name="Zqxclientfirst", last_name=sentinel("clientlast")
    )
    client.refresh_from_db()
    case = world.case
    case.close_note = sentinel("close")
    case.save(update_fields=["close_note"])
    area = LifeArea.objects.first() or LifeArea.objects.create(
        key="werk", name_nl="Werk", name_en="Work"
    )
    goal = Goal.objects.create(case=case, life_area=area, description=sentinel("goal"))
    GoalAction.objects.create(goal=goal, description=sentinel("action"), owner_kind="client")
    CaseContact.objects.create(
        case=case,
        duration_minutes=30,
        with_whom=CaseContact._meta.get_field("with_whom").choices[0][0],
        notes=sentinel("contact"),
        recorded_by=world.people["case_director"],
    )
    CaseEvent.objects.create(
        case=case, actor=world.people["case_director"], kind="note", text=sentinel("caseevent")
    )
    WheelAssessment.objects.create(
        case=case,
        perspective="client",
        recorded_by=world.people["case_director"],
        note=sentinel("wheel"),
    )
    RelativeNote.objects.create(
        relative=world.relative,
        case=case,
        author=world.people["family_peer_expert"],
        text=sentinel("relative"),
    )
    world.meeting.minutes = (
        f"Opening {KEEP}\nZqxclientfirst {client.last_name} gaat vooruit.\nRondvraag {KEEP}"
    )
    world.meeting.save(update_fields=["minutes"])
    return client


def erase(world, person: Person) -> ErasureCertificate:
    log_manager = actor_for_user(world.people["log_manager"].user)
    erasure_request = services.erasure_request_create(
        actor=log_manager, person=person, via=ErasureVia.STAFF, role="log_manager"
    )
    return services.erasure_execute(
        actor=log_manager, erasure_request=erasure_request, role="log_manager"
    )


def test_erasing_a_participant_leaves_no_sentinel_in_the_database_or_media(world, media):
    participant = plant_participant(world)
    # Reads before the erasure: the participant's own pages write log rows about them.
    client = world.client_for("participant")
    assert client.get(reverse("crisiscard:portal_home")).status_code == 200
    consultant = world.client_for("consultant")
    for name in ("crisiscard:request_detail", "crisiscard:plan_edit", "crisiscard:plan_versions"):
        assert consultant.get(reverse(name, args=[world.card_request.uuid])).status_code == 200
    events_before = AccessEvent.objects.filter(subject_uuid=participant.uuid).count()
    assert events_before > 0
    assert dump_hits(SENTINEL), "the sentinels were planted"
    assert media_hits(media, SENTINEL), "the scan was stored"

    certificate = erase(world, participant)

    assert dump_hits(SENTINEL) == []
    assert media_hits(media, SENTINEL) == []
    participant.refresh_from_db()
    assert participant.date_of_birth is None and participant.user_id is None
    assert not EmergencyLink.objects.filter(holder=participant).exists()
    # The log keeps every row (plus the erasure's own), by uuid, and its chain holds.
    assert AccessEvent.objects.filter(subject_uuid=participant.uuid).count() > events_before
    assert verify_chain().intact
    assert certificate.request.status == ErasureStatus.EXECUTED
    assert certificate.erased["card_request"] == 1 and certificate.erased["file"] == 1
    # The former login no longer works.
    assert client.get(reverse("crisiscard:portal_home")).status_code != 200


def test_erasing_a_recovery_client_redacts_meeting_lines_and_keeps_the_rest(world, media):
    client = plant_client(world)
    other = Conversation.objects.create(
        request=CardRequest.objects.create(
            participant=world.people["coordinator"],  # someone else's request
            region=world.region,
            heard_via=world.card_request.heard_via,
            channel=world.card_request.channel,
        ),
        kind=ConversationKind.choices[0][0],
        duration_minutes=30,
        occurred_on=timezone.localdate(),
        notes=KEEP,
        recorded_by=world.people["consultant"],
    )
    assert dump_hits(SENTINEL) and dump_hits("zqxclientfirst"), "the sentinels were planted"

    erase(world, client)

    assert dump_hits(SENTINEL) == []
    assert dump_hits("zqxclientfirst") == []
    world.meeting.refresh_from_db()
    assert world.meeting.minutes.count(KEEP) == 2
    other.refresh_from_db()
    assert other.notes == KEEP
    assert Person.objects.filter(pk=world.relative.pk, first_name="Naaste").exists()


def test_a_person_who_still_works_in_regie_is_not_erased(world):
    coordinator = world.people["coordinator"]
    CardRequest.objects.create(
        participant=coordinator,
        region=world.region,
        heard_via=world.card_request.heard_via,
        channel=world.card_request.channel,
    )
    with pytest.raises(services.ErasureRefused):
        erase(world, coordinator)
    coordinator.refresh_from_db()
    assert coordinator.first_name


def test_erasing_a_relative_removes_them_from_the_case_and_keeps_the_case(world):
    relative = world.relative
    RelativeNote.objects.create(
        relative=relative,
        case=world.case,
        author=world.people["family_peer_expert"],
        text=sentinel("about-relative"),
    )
    Person.objects.filter(pk=relative.pk).update(last_name=sentinel("relativelast"))
    relative.refresh_from_db()

    certificate = erase(world, relative)

    assert dump_hits(SENTINEL) == []
    assert certificate.erased["relative_link"] == 1
    assert not relative.family_activities_attended.exists()
    world.case.refresh_from_db()  # the client's case stays

"""A pause on processing: set and lifted by staff at the person's request,
it stops the services that change the person's data and every mail about them."""

from __future__ import annotations

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from regie.audit.events import ObjectType
from regie.audit.models import AccessEvent, Action
from regie.core import mail as core_mail
from regie.core.policy import Actor
from regie.crisiscard.services import plan as plan_services
from regie.privacy.export.access import PersonAccess
from regie.privacy.models import ProcessingRestriction
from regie.privacy.restriction import (
    ProcessingRestricted,
    ensure_not_restricted,
    is_restricted,
    mail_blocked,
    restrictions_read_once,
)
from regie.privacy.restriction.services import RestrictionError, restriction_set
from regie.recovery.models import LifeArea
from regie.recovery.services.partners import goal_add


def _restrict(world, person=None, by: str = "coordinator") -> None:
    person = person or world.people["participant"]
    response = world.client_for(by).post(
        reverse("privacy:person_restrict", args=[person.uuid]),
        {"reason": "Ik betwist mijn adres.", "confirm": "on"},
    )
    assert response.status_code == 302


def _actor(person) -> Actor:
    from django.test import RequestFactory

    from regie.core.policy import actor_for

    request = RequestFactory().get("/")
    request.user = person.user
    return actor_for(request)


def test_coordinator_sets_and_lifts_a_pause_with_confirmation_and_both_are_logged(world):
    person = world.people["participant"]
    staff = world.client_for("coordinator")
    unconfirmed = staff.post(
        reverse("privacy:person_restrict", args=[person.uuid]), {"reason": "Adres"}
    )
    assert unconfirmed.status_code == 200 and not is_restricted(person)
    _restrict(world)
    assert is_restricted(person)
    lifted = staff.post(
        reverse("privacy:person_restriction_lift", args=[person.uuid]), {"confirm": "on"}
    )
    assert lifted.status_code == 302
    assert not is_restricted(person)
    rows = AccessEvent.objects.filter(object_type=ObjectType.PROCESSING_RESTRICTION).order_by("seq")
    assert [(r.action, r.actor_role, r.subject_uuid) for r in rows] == [
        (Action.CREATE, "coordinator", person.uuid),
        (Action.CHANGE, "coordinator", person.uuid),
    ]


def test_the_person_cannot_set_a_pause_themself(world):
    person = world.people["participant"]
    with pytest.raises(RestrictionError):
        restriction_set(
            actor=_actor(person), access=PersonAccess(person, "participant", True), reason="x"
        )
    for persona in ("participant", "coordinator_other_region", "case_director"):
        response = world.client_for(persona).post(
            reverse("privacy:person_restrict", args=[person.uuid]),
            {"reason": "x", "confirm": "on"},
        )
        assert response.status_code == 404
    assert not is_restricted(person)


def test_a_pause_blocks_saving_the_plan_and_the_text_is_kept(world):
    _restrict(world)
    plan = plan_services.plan_of(world.card_request)
    content = dict(plan.draft)
    with pytest.raises(ProcessingRestricted):
        plan_services.save_draft(
            actor=_actor(world.people["consultant"]),
            plan=plan,
            content=content,
            based_on_revision=plan.draft_revision,
        )
    # Through the editor: refused with a plain message, the text kept, nothing saved.
    response = world.client_for("consultant").post(
        reverse("crisiscard:plan_edit", args=[world.card_request.uuid]),
        {"based_on_revision": plan.draft_revision, "about_me__text": "Nieuwe tekst"}
        | {f"{key}__rows": 0 for key in ("contacts", "care_providers", "medication", "agreements")},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "paused at their request" in page
    assert "Nieuwe tekst" in page
    plan.refresh_from_db()
    assert plan.draft_revision == 1


def test_a_pause_blocks_recovery_work_on_the_client(world):
    # The case director handles the client's rights, a pause included.
    _restrict(world, world.client, by="case_director")
    with pytest.raises(ProcessingRestricted):
        goal_add(
            actor=_actor(world.people["case_director"]),
            case=world.case,
            life_area=LifeArea.objects.first(),
            description="Werk vinden",
        )


def test_no_mail_goes_to_or_about_a_paused_person(world, django_capture_on_commit_callbacks):
    person = world.people["participant"]
    _restrict(world)
    with django_capture_on_commit_callbacks(execute=True):
        core_mail.send_after_commit(
            person.email,
            "crisiscard/sharing/emails/proposal",
            {"person": person, "consultant": world.people["consultant"]},
            language="nl",
        )
        core_mail.send_after_commit(
            world.party.email,
            "crisiscard/sharing/emails/proposal",
            {"party": world.party, "consultant": world.people["consultant"]},
            language="nl",
        )
        core_mail.send_after_commit(
            world.people["consultant"].email,
            "crisiscard/sharing/emails/proposal",
            {"person": world.people["consultant"], "consultant": world.people["consultant"]},
            language="nl",
        )
    assert [m.to for m in mail.outbox] == [[world.people["consultant"].email]]


def test_the_persons_pages_show_a_calm_notice(world):
    _restrict(world)
    page = world.client_for("participant").get(reverse("crisiscard:portal_home")).content.decode()
    assert "paused since" in page
    staff = world.client_for("consultant").get(
        reverse("crisiscard:request_detail", args=[world.card_request.uuid])
    )
    assert "paused since" in staff.content.decode()


def test_guard_accepts_a_person_or_an_id_and_lets_others_through(world):
    _restrict(world)
    with pytest.raises(ProcessingRestricted):
        ensure_not_restricted(world.people["participant"])
    with pytest.raises(ProcessingRestricted):
        ensure_not_restricted(world.people["participant"].pk)
    ensure_not_restricted(world.client)
    ensure_not_restricted(None)


def test_read_once_answers_as_the_queries_do_without_a_query_each(world):
    participant, consultant = world.people["participant"], world.people["consultant"]
    _restrict(world)
    _restrict(world, world.client, by="case_director")
    world.client.refresh_from_db()
    lift = world.client_for("case_director").post(
        reverse("privacy:person_restriction_lift", args=[world.client.uuid]), {"confirm": "on"}
    )
    assert lift.status_code == 302  # a lifted pause holds nothing back
    shouting = participant.email.upper()
    asked = [
        (participant, {}),
        (participant.pk, {}),
        (consultant, {}),
        (world.client, {}),
        (None, {}),
    ]
    mails = [
        (participant.email, {}),
        (shouting, {}),  # the paused person's address, in capitals
        (consultant.email, {"person": participant}),  # about the paused person
        (consultant.email, {"party": world.party}),  # the party's participant is paused
        (consultant.email, {"person": consultant}),
        ("", {"person": consultant}),
        (world.client.email, {}),
    ]
    expected = [is_restricted(person) for person, _ in asked]
    expected_mails = [mail_blocked(to, context) for to, context in mails]
    assert expected == [True, True, False, False, False]
    assert expected_mails == [True, True, True, True, False, False, False]

    with CaptureQueriesContext(connection) as queries, restrictions_read_once():
        assert [is_restricted(person) for person, _ in asked] == expected
        assert [mail_blocked(to, context) for to, context in mails] == expected_mails
    assert len(queries) == 1  # the one read when the block began

    # It answers as of its start: a pause made inside it is seen after it.
    with restrictions_read_once():
        ProcessingRestriction.objects.create(
            person=consultant, restricted_since=timezone.now(), reason="Even niet."
        )
        assert not is_restricted(consultant)
    assert is_restricted(consultant)

"""The plan's services: draft saves (stale-save rule, history), establishing, proposals."""

from __future__ import annotations

import pytest
from django.contrib import admin

from regie.audit.models import AccessEvent, Action
from regie.core.policy import actor_for_user
from regie.crisiscard import schema
from regie.crisiscard.models import (
    CardRequest,
    ChangeProposal,
    CrisisPlan,
    DraftRevision,
    PlanVersion,
    RequestEvent,
    RequestState,
    canonical_json,
    content_hash,
)
from regie.crisiscard.services import plan as services
from regie.crisiscard.services.errors import CrisisCardError


def actor(world, persona):
    return actor_for_user(world.people[persona].user)


def plan_of(world) -> CrisisPlan:
    return CrisisPlan.objects.get(request=world.card_request)


def with_about(plan: CrisisPlan, text: str) -> dict:
    content = schema.normalise(plan.draft)
    content["about_me"]["text"] = text
    return content


def set_state(world, state):
    CardRequest.objects.filter(pk=world.card_request.pk).update(state=state)
    world.card_request.refresh_from_db()


# --- normalising and hashing ------------------------------------------------


def test_the_same_content_gives_the_same_hash_whatever_the_key_order():
    content = schema.empty_plan()
    content["about_me"]["text"] = "Ik ben Sam."
    reordered = {key: content[key] for key in reversed(list(content))}
    reordered["about_me"] = {"what_crisis_means": "", "text": "Ik ben Sam."}
    assert canonical_json(reordered) == canonical_json(content)
    assert content_hash(schema.normalise(reordered)) == content_hash(schema.normalise(content))


def test_normalising_strips_text_drops_unknown_keys_and_empty_rows():
    raw = {
        "about_me": {"text": "  Ik ben Sam.\r\nEn ik wandel.  ", "evil": "x"},
        "contacts": [{"name": "", "phone": ""}, {"name": "Zus", "phone": "06-1"}],
        "unknown": "dropped",
    }
    content = schema.normalise(raw)
    assert content["about_me"]["text"] == "Ik ben Sam.\nEn ik wandel."
    assert "unknown" not in content and "evil" not in content["about_me"]
    assert [c["name"] for c in content["contacts"]] == ["Zus"]
    assert content_hash(content) == content_hash(schema.normalise(content))


def test_a_different_content_gives_a_different_hash():
    a = schema.empty_plan()
    b = schema.empty_plan()
    b["approach"]["text"] = "Rustig praten."
    assert content_hash(a) != content_hash(b)


# --- saving the draft ---------------------------------------------------------


def test_saving_raises_the_revision_keeps_history_and_logs_the_changed_sections(world):
    plan = plan_of(world)
    content = with_about(plan, "Ik ben Sam, ik hou van de zee.")
    content["approach"]["text"] = "Spreek mij rustig aan."
    saved = services.save_draft(
        actor=actor(world, "consultant"), plan=plan, content=content, based_on_revision=1
    )
    saved.refresh_from_db()
    assert saved.draft_revision == 2
    assert saved.draft["about_me"]["text"] == "Ik ben Sam, ik hou van de zee."
    assert saved.draft_saved_by == world.people["consultant"]
    revision = DraftRevision.objects.get(plan=plan, number=2)
    assert revision.content == saved.draft
    assert revision.saved_by == world.people["consultant"]
    event = AccessEvent.objects.filter(action=Action.CHANGE, object_type="crisis_plan").get()
    assert event.part == "about_me,approach"
    assert event.subject_uuid == world.people["participant"].uuid


def test_the_participant_can_save_their_own_draft(world):
    plan = plan_of(world)
    services.save_draft(
        actor=actor(world, "participant"),
        plan=plan,
        content=with_about(plan, "Mijn eigen woorden over mij."),
        based_on_revision=1,
    )
    assert plan_of(world).draft_saved_by == world.people["participant"]


def test_a_stale_save_is_refused_and_overwrites_nothing(world):
    plan = plan_of(world)
    first = services.save_draft(
        actor=actor(world, "consultant"),
        plan=plan,
        content=with_about(plan, "Tekst van de consulent."),
        based_on_revision=1,
    )
    stale_plan = plan_of(world)  # a fresh copy, as a second browser would have it
    with pytest.raises(services.StaleDraft) as refused:
        services.save_draft(
            actor=actor(world, "participant"),
            plan=stale_plan,
            content=with_about(stale_plan, "Tekst van de deelnemer."),
            based_on_revision=1,
        )
    error = refused.value
    assert "Someone else saved this plan while you were writing" in str(error)
    assert error.content["about_me"]["text"] == "Tekst van de consulent."
    assert error.revision == 2
    assert error.saved_by == world.people["consultant"]
    assert error.saved_at == first.draft_saved_at
    stored = plan_of(world)
    assert stored.draft_revision == 2
    assert stored.draft["about_me"]["text"] == "Tekst van de consulent."
    assert DraftRevision.objects.filter(plan=plan).count() == 1


def test_saving_nothing_new_stores_no_revision(world):
    plan = plan_of(world)
    saved = services.save_draft(
        actor=actor(world, "consultant"),
        plan=plan,
        content=schema.normalise(plan.draft),
        based_on_revision=1,
    )
    assert saved.draft_revision == 1
    assert not DraftRevision.objects.exists()
    assert not AccessEvent.objects.filter(object_type="crisis_plan").exists()


def test_the_coordinator_cannot_save_the_plan(world):
    plan = plan_of(world)
    with pytest.raises(CrisisCardError, match="Only the participant and their consultant"):
        services.save_draft(
            actor=actor(world, "coordinator"),
            plan=plan,
            content=with_about(plan, "Niet van mij."),
            based_on_revision=1,
        )
    assert plan_of(world).draft_revision == 1


def test_a_stopped_request_cannot_get_a_new_draft(world):
    CardRequest.objects.filter(pk=world.card_request.pk).update(
        state=RequestState.WITHDRAWN, stop_reason="no_need"
    )
    plan = plan_of(world)
    with pytest.raises(CrisisCardError, match="has stopped"):
        services.save_draft(
            actor=actor(world, "consultant"),
            plan=plan,
            content=with_about(plan, "Te laat geschreven."),
            based_on_revision=1,
        )


def test_the_first_save_in_conversation_moves_the_request_to_plan_drafted(world):
    set_state(world, RequestState.IN_CONVERSATION)
    plan = plan_of(world)
    services.save_draft(
        actor=actor(world, "consultant"),
        plan=plan,
        content=with_about(plan, "Eerste versie van mijn verhaal."),
        based_on_revision=1,
    )
    world.card_request.refresh_from_db()
    assert world.card_request.state == RequestState.PLAN_DRAFTED
    assert RequestEvent.objects.filter(
        request=world.card_request, to_state=RequestState.PLAN_DRAFTED
    ).exists()


def test_a_save_while_awaiting_signatures_goes_back_to_drafted_and_keeps_the_version(world):
    participant = actor(world, "participant")
    version = services.establish(actor=participant, plan=plan_of(world))
    plan = plan_of(world)
    services.save_draft(
        actor=actor(world, "consultant"),
        plan=plan,
        content=with_about(plan, "Een aanvulling na het vaststellen."),
        based_on_revision=plan.draft_revision,
    )
    world.card_request.refresh_from_db()
    assert world.card_request.state == RequestState.PLAN_DRAFTED
    version.refresh_from_db()
    assert version.content["about_me"]["text"] == "Ik ben Sam. Ik hou van wandelen."


def test_a_request_without_a_plan_gets_one_at_the_first_save(world):
    CrisisPlan.objects.filter(request=world.card_request).delete()
    plan = services.plan_of(world.card_request)
    assert plan.pk is None and plan.draft_revision == 0
    services.save_draft(
        actor=actor(world, "consultant"),
        plan=plan,
        content=with_about(plan, "Een nieuw begin van het plan."),
        based_on_revision=0,
    )
    assert plan_of(world).draft_revision == 1


# --- establishing -------------------------------------------------------------


def test_only_the_participant_establishes_the_plan(world):
    plan = plan_of(world)
    with pytest.raises(CrisisCardError, match="Only the participant can establish their plan"):
        services.establish(actor=actor(world, "consultant"), plan=plan)
    with pytest.raises(CrisisCardError):
        services.establish(actor=actor(world, "coordinator"), plan=plan)
    assert not PlanVersion.objects.exists()
    world.card_request.refresh_from_db()
    assert world.card_request.state == RequestState.PLAN_DRAFTED


def test_establishing_makes_a_numbered_hashed_version_and_awaits_signatures(world):
    plan = plan_of(world)
    version = services.establish(actor=actor(world, "participant"), plan=plan)
    assert version.number == 1
    assert version.content == schema.normalise(plan.draft)
    assert version.content_hash == content_hash(version.content)
    assert version.established_by == world.people["participant"]
    assert services.latest_version(plan) == version
    world.card_request.refresh_from_db()
    assert world.card_request.state == RequestState.AWAITING_SIGNATURES
    assert AccessEvent.objects.filter(
        action=Action.CREATE, object_type="plan_version", object_id=f"{world.card_request.uuid}/1"
    ).exists()


def test_the_next_version_gets_the_next_number(world):
    participant = actor(world, "participant")
    services.establish(actor=participant, plan=plan_of(world))
    plan = plan_of(world)
    services.save_draft(
        actor=participant,
        plan=plan,
        content=with_about(plan, "Een nieuwe tekst over mij."),
        based_on_revision=plan.draft_revision,
    )
    second = services.establish(actor=participant, plan=plan_of(world))
    assert second.number == 2
    assert [v.number for v in PlanVersion.objects.order_by("number")] == [1, 2]


def test_an_unchanged_draft_cannot_be_established_again(world):
    participant = actor(world, "participant")
    services.establish(actor=participant, plan=plan_of(world))
    set_state(world, RequestState.PLAN_DRAFTED)
    with pytest.raises(CrisisCardError, match="Nothing changed since version 1"):
        services.establish(actor=participant, plan=plan_of(world))
    assert PlanVersion.objects.count() == 1


def test_establishing_needs_a_drafted_plan(world):
    set_state(world, RequestState.IN_CONVERSATION)
    with pytest.raises(CrisisCardError, match="when it is drafted"):
        services.establish(actor=actor(world, "participant"), plan=plan_of(world))


def test_establishing_asks_the_parties_to_sign(world, monkeypatch):
    asked = []

    def fake_request_signatures(*, actor, version):
        asked.append(version)
        return []

    monkeypatch.setattr(services, "_request_signatures_hook", lambda: fake_request_signatures)
    version = services.establish(actor=actor(world, "participant"), plan=plan_of(world))
    assert asked == [version]


def test_a_failing_signature_request_does_not_undo_the_version(world, monkeypatch):
    def failing(*, actor, version):
        raise CrisisCardError("no e-mail address")

    monkeypatch.setattr(services, "_request_signatures_hook", lambda: failing)
    version = services.establish(actor=actor(world, "participant"), plan=plan_of(world))
    assert PlanVersion.objects.filter(pk=version.pk).exists()
    assert RequestEvent.objects.filter(text__contains="no e-mail address").exists()


def test_establishing_works_without_the_signatures_module(world, monkeypatch):
    monkeypatch.setattr(services, "_request_signatures_hook", lambda: None)
    version = services.establish(actor=actor(world, "participant"), plan=plan_of(world))
    assert version.number == 1


# --- immutability -------------------------------------------------------------


def test_an_established_version_cannot_be_changed(world):
    version = services.establish(actor=actor(world, "participant"), plan=plan_of(world))
    version.content = {"about_me": {"text": "Vervalst"}}
    with pytest.raises(ValueError, match="cannot be changed"):
        version.save()
    version.refresh_from_db()
    assert version.content["about_me"]["text"] == "Ik ben Sam. Ik hou van wandelen."


def test_the_admin_offers_no_way_to_change_a_version(world, rf):
    model_admin = admin.site._registry.get(PlanVersion)
    if model_admin is not None:  # registered read-only, or not at all
        request = rf.get("/")
        request.user = world.people["administrator"].user
        assert not model_admin.has_change_permission(request)
    public = {name for name in dir(services) if not name.startswith("_")}
    assert not any("version" in name and ("update" in name or "change" in name) for name in public)


# --- proposals ---------------------------------------------------------------


def test_the_participant_proposes_and_the_consultant_answers(world):
    plan = plan_of(world)
    proposal = services.propose_change(
        actor=actor(world, "participant"), plan=plan, section="approach", text=" Rustig praten. "
    )
    assert proposal.text == "Rustig praten." and proposal.status == ChangeProposal.Status.OPEN
    services.proposal_set_status(
        actor=actor(world, "consultant"), proposal=proposal, status="taken_up"
    )
    proposal.refresh_from_db()
    assert proposal.status == ChangeProposal.Status.TAKEN_UP
    assert AccessEvent.objects.filter(
        object_type="change_proposal", action=Action.CHANGE, part="approach"
    ).exists()


def test_proposals_are_checked(world):
    plan = plan_of(world)
    with pytest.raises(CrisisCardError, match="Only the participant"):
        services.propose_change(actor=actor(world, "consultant"), plan=plan, section="", text="x")
    with pytest.raises(CrisisCardError, match="Choose a part"):
        services.propose_change(
            actor=actor(world, "participant"), plan=plan, section="nope", text="x"
        )
    with pytest.raises(CrisisCardError, match="Write what"):
        services.propose_change(actor=actor(world, "participant"), plan=plan, section="", text=" ")
    proposal = services.propose_change(
        actor=actor(world, "participant"), plan=plan, section="", text="Iets anders."
    )
    with pytest.raises(CrisisCardError, match="Only the consultant"):
        services.proposal_set_status(
            actor=actor(world, "participant"), proposal=proposal, status="declined"
        )
    with pytest.raises(CrisisCardError):
        services.proposal_set_status(
            actor=actor(world, "consultant"), proposal=proposal, status="bogus"
        )

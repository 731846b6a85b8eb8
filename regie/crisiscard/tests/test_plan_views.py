"""The plan pages through HTTP: editor, stale save, versions, compare, establish, proposals."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from regie.audit.models import AccessEvent, Action, Outcome
from regie.core.policy import actor_for_user
from regie.crisiscard import schema
from regie.crisiscard.models import (
    ChangeProposal,
    CrisisPlan,
    DraftRevision,
    PlanVersion,
    RequestState,
    content_hash,
)
from regie.crisiscard.services import plan as services


def url(name, world, *args):
    return reverse(f"crisiscard:{name}", args=[world.card_request.uuid, *args])


def plan_of(world) -> CrisisPlan:
    return CrisisPlan.objects.get(request=world.card_request)


def post_data(content: dict, revision: int) -> dict:
    """What the editor posts for `content`."""
    data: dict[str, object] = {"based_on_revision": revision}

    def put(section, name, values):
        for f in section.fields:
            value = values.get(f.key)
            if f.kind == "bool":
                if value:
                    data[f"{name}__{f.key}"] = "on"
            else:
                data[f"{name}__{f.key}"] = value or ""

    for section in schema.SECTIONS:
        value = content[section.key]
        if section.repeated:
            data[f"{section.key}__rows"] = len(value)
            for index, item in enumerate(value):
                put(section, f"{section.key}__{index}", item)
        elif section.subsections:
            for key, _label in section.subsections:
                put(section, f"{section.key}__{key}", value[key])
        else:
            put(section, section.key, value)
    return data


def consultant_saves(world, text: str) -> CrisisPlan:
    plan = plan_of(world)
    content = schema.normalise(plan.draft)
    content["about_me"]["text"] = text
    return services.save_draft(
        actor=actor_for_user(world.people["consultant"].user),
        plan=plan,
        content=content,
        based_on_revision=plan.draft_revision,
    )


def test_the_editor_shows_the_draft_the_completeness_picture_and_logs_a_read(world):
    response = world.client_for("participant").get(url("plan_edit", world))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Ik ben Sam. Ik hou van wandelen." in html
    assert 'name="based_on_revision" value="1"' in html
    assert 'role="img"' in html and "<title" in html and "<desc" in html
    assert "Describe what a crisis is for you." in html  # the findings as text too
    assert 'name="contacts__0__phone"' in html and 'name="contacts__1__phone"' in html
    assert AccessEvent.objects.filter(
        action=Action.READ, purpose="crisiscard:plan_edit", part="plan"
    ).exists()


def test_saving_in_the_editor_stores_a_new_revision(world):
    plan = plan_of(world)
    content = schema.normalise(plan.draft)
    content["approach"]["text"] = "Spreek mij rustig aan."
    content["contacts"] = [
        {"name": "Anna", "relationship": "zus", "phone": "06-1234", "trusted": True}
    ]
    response = world.client_for("consultant").post(
        url("plan_edit", world), post_data(content, 1), follow=True
    )
    assert response.status_code == 200
    assert "The plan is saved" in response.content.decode()
    plan.refresh_from_db()
    assert plan.draft_revision == 2
    assert plan.draft["approach"]["text"] == "Spreek mij rustig aan."
    assert plan.draft["contacts"][0]["trusted"] is True
    assert AccessEvent.objects.filter(
        action=Action.CHANGE, object_type="crisis_plan", part="approach,contacts"
    ).exists()


def test_a_stale_save_answers_409_keeps_the_users_text_and_shows_what_changed(world):
    consultant_saves(
        world, "Sam schrijft graag gedichten."
    )  # revision 2: the participant starts here
    started = plan_of(world)
    consultant_saves(world, "Sam schrijft graag lange gedichten.")  # revision 3, meanwhile
    mine = schema.normalise(started.draft)
    mine["about_me"]["text"] = "Mijn eigen tekst over mij."
    response = world.client_for("participant").post(
        url("plan_edit", world), post_data(mine, started.draft_revision)
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert "Someone else saved this plan while you were writing." in html
    assert "Your text is still here; below you see what they changed." in html
    assert "Mijn eigen tekst over mij.</textarea>" in html
    assert '<ins><span class="visually-hidden">added: </span>lange' in html
    assert 'name="based_on_revision" value="3"' in html
    stored = plan_of(world)
    assert stored.draft_revision == 3
    assert stored.draft["about_me"]["text"] == "Sam schrijft graag lange gedichten."

    # Saving again, now knowingly, stores the user's text; the other text stays in the history.
    again = world.client_for("participant").post(url("plan_edit", world), post_data(mine, 3))
    assert again.status_code == 302
    assert plan_of(world).draft["about_me"]["text"] == "Mijn eigen tekst over mij."
    assert DraftRevision.objects.get(plan=stored, number=3).content["about_me"]["text"] == (
        "Sam schrijft graag lange gedichten."
    )


def test_a_stale_save_without_a_known_start_compares_with_the_users_text(world):
    consultant_saves(world, "De consulent was eerder.")
    mine = schema.normalise(plan_of(world).draft)
    mine["about_me"]["text"] = "Mijn tekst."
    response = world.client_for("participant").post(url("plan_edit", world), post_data(mine, 1))
    assert response.status_code == 409
    assert "We cannot tell exactly what you started from" in response.content.decode()


@pytest.mark.parametrize("persona", ["coordinator", "coordinator_other_region", "peer_expert"])
def test_others_get_404_on_the_plan_and_an_existing_requests_refusal_is_logged(world, persona):
    client = world.client_for(persona)
    assert client.get(url("plan_edit", world)).status_code == 404
    content = schema.normalise(plan_of(world).draft)
    content["about_me"]["text"] = "Overschreven door een ander."
    assert client.post(url("plan_edit", world), post_data(content, 1)).status_code == 404
    assert plan_of(world).draft_revision == 1
    refused = AccessEvent.objects.filter(
        purpose="crisiscard:plan_edit",
        outcome=Outcome.DENIED,
        subject_uuid=world.people["participant"].uuid,
    )
    assert refused.count() == 2
    assert not AccessEvent.objects.filter(
        purpose="crisiscard:plan_edit", outcome=Outcome.SUCCESS
    ).exists()


def _add_versions_and_revisions(world, count: int) -> None:
    plan = plan_of(world)
    start = plan.versions.count()
    for number in range(start + 1, start + count + 1):
        content = schema.normalise(plan.draft)
        content["approach"]["text"] = f"Versie {number}"
        PlanVersion.objects.create(
            plan=plan,
            number=number,
            content=content,
            content_hash=content_hash(content),
            established_by=world.people["participant"],
        )
        DraftRevision.objects.create(
            plan=plan, number=number + 1, content=content, saved_by=world.people["consultant"]
        )


def test_the_versions_page_lists_versions_and_history_with_constant_queries(world):
    client = world.client_for("consultant")
    _add_versions_and_revisions(world, 1)
    client.get(url("plan_versions", world))  # warm caches that are not per row
    with CaptureQueriesContext(connection) as few:
        first = client.get(url("plan_versions", world))
    _add_versions_and_revisions(world, 5)
    with CaptureQueriesContext(connection) as many:
        second = client.get(url("plan_versions", world))
    assert first.status_code == second.status_code == 200
    assert len(many) == len(few)
    html = second.content.decode()
    assert "Version 6" in html and "Version 1" in html
    version = plan_of(world).versions.get(number=6)
    assert version.content_hash[:12] in html
    assert AccessEvent.objects.filter(purpose="crisiscard:plan_versions", part="plan").exists()


def test_compare_shows_the_version_and_what_changed_since_the_previous_one(world):
    participant = actor_for_user(world.people["participant"].user)
    services.establish(actor=participant, plan=plan_of(world))
    plan = plan_of(world)
    content = schema.normalise(plan.draft)
    content["about_me"]["text"] = "Ik ben Sam. Ik hou van fietsen."
    content["medication"] = [{"name": "Lithium", "dose": "400 mg", "what_to_do": "Innemen."}]
    services.save_draft(
        actor=participant, plan=plan, content=content, based_on_revision=plan.draft_revision
    )
    services.establish(actor=participant, plan=plan_of(world))
    response = world.client_for("participant").get(url("plan_compare", world, 2))
    assert response.status_code == 200
    html = response.content.decode()
    assert "What changed since version 1" in html
    assert '<del><span class="visually-hidden">removed: </span>wandelen.</del>' in html
    assert '<ins><span class="visually-hidden">added: </span>fietsen.</ins>' in html
    assert ">added</strong>" in html and "Lithium" in html
    assert world.client_for("participant").get(url("plan_compare", world, 9)).status_code == 404
    assert AccessEvent.objects.filter(purpose="crisiscard:plan_compare", part="plan").exists()


def test_the_consultant_reads_the_establish_page_but_cannot_establish(world):
    client = world.client_for("consultant")
    response = client.get(url("plan_establish", world))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Only the participant can establish their plan." in html
    assert 'name="confirm"' not in html
    assert "Ik ben Sam. Ik hou van wandelen." in html
    client.post(url("plan_establish", world), {"confirm": "on"})
    assert not PlanVersion.objects.exists()


def test_the_participant_confirms_and_establishes_their_plan(world):
    client = world.client_for("participant")
    page = client.get(url("plan_establish", world))
    assert 'name="confirm"' in page.content.decode()
    unconfirmed = client.post(url("plan_establish", world), {})
    assert "Tick the box to confirm this is your plan." in unconfirmed.content.decode()
    assert not PlanVersion.objects.exists()
    response = client.post(url("plan_establish", world), {"confirm": "on"})
    assert response.status_code == 302
    version = PlanVersion.objects.get()
    assert version.number == 1
    world.card_request.refresh_from_db()
    assert world.card_request.state == RequestState.AWAITING_SIGNATURES
    after = client.get(url("plan_establish", world)).content.decode()
    assert 'name="confirm"' not in after


def test_the_participant_proposes_a_change_and_the_consultant_takes_it_up(world):
    participant = world.client_for("participant")
    response = participant.post(
        url("plan_propose", world), {"section": "approach", "text": "Graag eerst bellen."}
    )
    assert response.status_code == 302
    proposal = ChangeProposal.objects.get()
    assert proposal.author == world.people["participant"]
    assert "Graag eerst bellen." in participant.get(url("plan_propose", world)).content.decode()
    assert world.client_for("consultant").get(url("plan_propose", world)).status_code == 404

    consultant = world.client_for("consultant")
    editor = consultant.get(url("plan_edit", world)).content.decode()
    assert "Graag eerst bellen." in editor
    status_url = url("plan_proposal_status", world, proposal.pk)
    assert participant.post(status_url, {"status": "taken_up"}).status_code == 404
    assert consultant.post(status_url, {"status": "taken_up"}).status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == ChangeProposal.Status.TAKEN_UP

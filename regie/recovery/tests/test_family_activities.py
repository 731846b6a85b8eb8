"""The family peer expert's activities: conversations, self-help groups and trainings."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from regie.audit.models import AccessEvent, Action
from regie.people.models import Role
from regie.people.tests.factories import PersonFactory, RoleAssignmentFactory
from regie.recovery.models import FamilyActivity, FamilyActivityKind, RelativeNote
from regie.recovery.services import RecoveryError
from regie.recovery.services import family as services

from .family_fixtures import actor, family_fixture  # noqa: F401

LIST = reverse("recovery:family_activity_list")
ADD = reverse("recovery:family_activity_add")


def detail_url(activity: FamilyActivity) -> str:
    return reverse("recovery:family_activity_detail", args=[activity.uuid])


def add_data(*relatives, **extra) -> dict:
    return {
        "kind": FamilyActivityKind.TRAINING,
        "title": "Training omgaan met crisis",
        "held_on": timezone.localdate().isoformat(),
        "topics": ["crisis", "self_care"],
        "relatives": [r.pk for r in relatives],
        **extra,
    }


def test_a_group_can_have_relatives_from_different_cases_and_each_is_logged(world, family):
    client = world.client_for("family_peer_expert")
    response = client.post(ADD, add_data(world.relative, family.other_relative))
    activity = FamilyActivity.objects.get(title="Training omgaan met crisis")
    assert response.status_code == 302
    assert response["Location"] == detail_url(activity)
    assert set(activity.relatives.all()) == {world.relative, family.other_relative}
    assert activity.topics == ["self_care", "crisis"]
    assert activity.family_peer_expert == world.people["family_peer_expert"]
    events = AccessEvent.objects.filter(purpose="recovery:family_activity_add")
    assert {e.subject_uuid for e in events} == {world.relative.uuid, family.other_relative.uuid}
    assert {(e.action, e.object_type, e.object_id) for e in events} == {
        (Action.CREATE, "family_activity", str(activity.uuid))
    }
    assert {e.actor_role for e in events} == {Role.FAMILY_PEER_EXPERT}


def test_someone_who_is_nobodys_relative_is_refused_with_a_clear_message(world, family):
    with pytest.raises(
        RecoveryError, match="Onbekende Voorbijganger is not a relative in any case"
    ):
        services.activity_create(
            actor=actor(world, "family_peer_expert"),
            kind=FamilyActivityKind.CONVERSATION,
            title="Gesprek",
            held_on=timezone.localdate(),
            topics=[],
            relatives=[world.relative, family.stranger],
        )
    assert FamilyActivity.objects.filter(title="Gesprek").count() == 0
    assert not AccessEvent.objects.filter(purpose="recovery:family_activity_add").exists()


def test_the_form_offers_only_relatives_of_the_family_peer_experts_own_cases(world, family):
    client = world.client_for("family_peer_expert")
    body = client.get(ADD).content.decode()
    assert world.relative.full_name in body
    assert family.other_relative.full_name in body
    assert family.stranger.full_name not in body
    response = client.post(ADD, add_data(family.stranger))
    assert response.status_code == 200
    assert "relatives" in response.context["form"].errors
    assert not FamilyActivity.objects.filter(title="Training omgaan met crisis").exists()


def test_invalid_input_gets_messages_and_keeps_what_was_typed(world):
    client = world.client_for("family_peer_expert")
    data = add_data(world.relative, kind="", held_on="not a date", topics=["crisis", "nonsense"])
    response = client.post(ADD, data)
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"kind", "held_on", "topics"}
    body = response.content.decode()
    assert 'value="Training omgaan met crisis"' in body
    assert 'value="not a date"' in body
    assert "Not saved yet" in body
    assert not FamilyActivity.objects.filter(title="Training omgaan met crisis").exists()


def test_an_unknown_topic_or_kind_is_refused_by_the_service(world):
    fpe = actor(world, "family_peer_expert")
    common = {"title": "X", "held_on": timezone.localdate(), "relatives": [world.relative]}
    with pytest.raises(RecoveryError, match="Unknown topic"):
        services.activity_create(actor=fpe, kind="training", topics=["astrology"], **common)
    with pytest.raises(RecoveryError, match="kind of activity"):
        services.activity_create(actor=fpe, kind="party", topics=[], **common)
    assert not FamilyActivity.objects.filter(title="X").exists()


@pytest.mark.parametrize("persona", ["case_director", "peer_expert", "team_lead", "participant"])
def test_the_family_track_is_closed_to_everyone_else(world, persona):
    client = world.client_for(persona)
    for url in [
        LIST,
        ADD,
        detail_url(world.family_activity),
        reverse("recovery:family_activity_relatives", args=[world.family_activity.uuid]),
    ]:
        assert client.get(url).status_code == 404, url
    assert client.post(ADD, add_data(world.relative)).status_code == 404
    with pytest.raises(RecoveryError):
        services.activity_create(
            actor=actor(world, persona),
            kind="training",
            title="Niet van mij",
            held_on=timezone.localdate(),
            topics=[],
            relatives=[],
        )


def test_another_family_peer_expert_does_not_see_someone_elses_activity(world):
    other = PersonFactory(with_login=True)
    RoleAssignmentFactory(
        person=other, role=Role.FAMILY_PEER_EXPERT, organisation=world.case.organisation
    )
    from django.test import Client

    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(other.user)
    assert client.get(LIST).status_code == 200
    assert world.family_activity.title not in client.get(LIST).content.decode()
    assert client.get(detail_url(world.family_activity)).status_code == 404
    with pytest.raises(RecoveryError):
        services.activity_update_relatives(
            actor=actor_for_person(other), activity=world.family_activity, remove=[world.relative]
        )
    assert world.family_activity.relatives.count() == 1


def actor_for_person(person):
    from regie.core.policy import actor_for_user

    return actor_for_user(person.user)


def test_the_list_shows_own_activities_newest_first_with_kind_topics_and_count(world, family):
    fpe = actor(world, "family_peer_expert")
    older = services.activity_create(
        actor=fpe,
        kind=FamilyActivityKind.CONVERSATION,
        title="Eerste gesprek",
        held_on=timezone.localdate() - datetime.timedelta(days=100),
        topics=["grief"],
        relatives=[world.relative, family.other_relative],
    )
    response = world.client_for("family_peer_expert").get(LIST)
    assert response.status_code == 200
    rows = list(response.context["activities"])
    assert rows == [world.family_activity, older]
    assert [r.relative_count for r in rows] == [1, 2]
    body = response.content.decode()
    assert body.index("Lotgenotengroep naasten") < body.index("Eerste gesprek")
    assert "Self-help group" in body and "Conversation" in body
    assert "Worry, Caring for yourself" in body and "Grief" in body


def test_the_list_query_count_does_not_grow_with_the_number_of_activities(world, family):
    client = world.client_for("family_peer_expert")
    fpe = actor(world, "family_peer_expert")

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(LIST).status_code == 200
        return len(queries)

    count()  # the first request of a session does some one-off work
    before = count()
    for n in range(5):
        services.activity_create(
            actor=fpe,
            kind=FamilyActivityKind.SELF_HELP_GROUP,
            title=f"Groep {n}",
            held_on=timezone.localdate(),
            topics=["worry"],
            relatives=[world.relative, family.other_relative],
        )
    assert count() == before


def test_the_list_says_what_to_do_when_there_is_nothing_yet(world):
    world.family_activity.delete()
    body = world.client_for("family_peer_expert").get(LIST).content.decode()
    assert 'class="empty"' in body
    assert "Record the first one" in body


def test_the_detail_shows_relatives_names_topics_and_notes_but_never_the_client(world, family):
    activity = world.family_activity
    services.activity_update_relatives(
        actor=actor(world, "family_peer_expert"), activity=activity, add=[family.other_relative]
    )
    services.relative_note_add(
        actor=actor(world, "family_peer_expert"),
        case=world.case,
        relative=world.relative,
        text="Zorgen over de nachten.",
        shared_with_team=False,
        activity=activity,
    )
    events_before = AccessEvent.objects.count()
    response = world.client_for("family_peer_expert").get(detail_url(activity))
    assert response.status_code == 200
    body = response.content.decode()
    assert world.relative.full_name in body
    assert family.other_relative.full_name in body
    assert world.client.full_name not in body
    assert family.other_case.client.full_name not in body
    assert "Worry" in body and "Caring for yourself" in body
    assert "Zorgen over de nachten." in body
    assert "Private to the family track" in body
    note_link = reverse("recovery:relative_note_add", args=[world.case.uuid])
    assert note_link in body
    reads = AccessEvent.objects.filter(purpose="recovery:family_activity_detail")
    assert AccessEvent.objects.count() == events_before + 2
    assert {e.subject_uuid for e in reads} == {world.relative.uuid, family.other_relative.uuid}
    assert {e.action for e in reads} == {Action.READ}


def test_relatives_can_be_added_after_the_activity_was_created(world, family):
    url = reverse("recovery:family_activity_relatives", args=[world.family_activity.uuid])
    client = world.client_for("family_peer_expert")
    assert client.get(url).status_code == 200
    # The form names every relative it offers: one read of each.
    listed = AccessEvent.objects.filter(purpose="recovery:family_activity_relatives")
    assert {e.subject_uuid for e in listed} == {world.relative.uuid, family.other_relative.uuid}
    assert {e.action for e in listed} == {Action.READ}
    before = AccessEvent.objects.count()
    response = client.post(url, {"relatives": [world.relative.pk, family.other_relative.pk]})
    assert response.status_code == 302
    assert set(world.family_activity.relatives.all()) == {world.relative, family.other_relative}
    event = AccessEvent.objects.order_by("seq")[before:].get()
    assert event.purpose == "recovery:family_activity_relatives"
    assert event.action == Action.CHANGE
    assert event.subject_uuid == family.other_relative.uuid
    assert event.part == "added"


def test_a_relative_can_be_taken_off_an_activity(world):
    url = reverse("recovery:family_activity_relatives", args=[world.family_activity.uuid])
    response = world.client_for("family_peer_expert").post(url, {})
    assert response.status_code == 302
    assert world.family_activity.relatives.count() == 0
    event = AccessEvent.objects.get(purpose="recovery:family_activity_relatives")
    assert (event.subject_uuid, event.part) == (world.relative.uuid, "removed")


def test_a_note_linked_to_an_activity_needs_the_relative_to_have_taken_part(world, family):
    other_activity = services.activity_create(
        actor=actor(world, "family_peer_expert"),
        kind=FamilyActivityKind.CONVERSATION,
        title="Gesprek met broer",
        held_on=timezone.localdate(),
        topics=[],
        relatives=[family.other_relative],
    )
    with pytest.raises(RecoveryError, match="did not take part"):
        services.relative_note_add(
            actor=actor(world, "family_peer_expert"),
            case=world.case,
            relative=world.relative,
            text="Tekst",
            shared_with_team=False,
            activity=other_activity,
        )
    assert not RelativeNote.objects.exists()


def test_a_note_written_from_the_activity_returns_to_it(world):
    relative_link = world.case.relatives.get()
    url = reverse("recovery:relative_note_add", args=[world.case.uuid])
    client = world.client_for("family_peer_expert")
    query = f"?relative={relative_link.pk}&activity={world.family_activity.uuid}"
    form = client.get(url + query).context["form"]
    assert form.initial["activity"] == str(world.family_activity.uuid)
    response = client.post(
        url,
        {
            "relative": relative_link.pk,
            "activity": str(world.family_activity.uuid),
            "text": "Veel verdriet.",
            "shared_with_team": "on",
        },
    )
    assert response["Location"] == detail_url(world.family_activity)
    note = RelativeNote.objects.get()
    assert note.activity == world.family_activity
    assert note.shared_with_team

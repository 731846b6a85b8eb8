"""Team leads follow their staff's in-house training and coaching."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from regie.audit.models import AccessEvent
from regie.people.models import Trajectory
from regie.people.tests.factories import PersonFactory

LIST = reverse("people:trajectories")
ADD = reverse("people:trajectory_add")


def test_a_team_lead_records_training_for_their_staff(world):
    peer = world.people["case_director"]
    client = world.client_for("team_lead")
    response = client.post(
        ADD,
        {
            "person": peer.pk,
            "kind": "training",
            "title": "Motiverende gespreksvoering",
            "started_on": "2026-09-01",
            "status": "ongoing",
        },
    )
    assert response.status_code == 302
    trajectory = Trajectory.objects.get(person=peer)
    assert trajectory.title == "Motiverende gespreksvoering"
    assert AccessEvent.objects.filter(
        purpose="people:trajectory_add", subject_uuid=peer.uuid
    ).exists()
    assert "Motiverende gespreksvoering" in client.get(LIST).content.decode()


def test_staff_of_other_organisations_cannot_be_chosen(world):
    outsider = PersonFactory()
    response = world.client_for("team_lead").post(
        ADD,
        {
            "person": outsider.pk,
            "kind": "coaching",
            "title": "X",
            "started_on": "2026-09-01",
            "status": "planned",
        },
    )
    assert response.status_code == 200
    assert "person" in response.context["form"].errors
    assert not Trajectory.objects.exists()


def test_an_end_before_the_start_is_refused_and_input_kept(world):
    response = world.client_for("team_lead").post(
        ADD,
        {
            "person": world.people["case_director"].pk,
            "kind": "coaching",
            "title": "Coaching op grenzen",
            "started_on": "2026-09-01",
            "ended_on": "2026-08-01",
            "status": "completed",
        },
    )
    assert "ended_on" in response.context["form"].errors
    assert 'value="Coaching op grenzen"' in response.content.decode()


def test_the_list_uses_a_fixed_number_of_queries(world):
    client = world.client_for("team_lead")
    Trajectory.objects.create(
        person=world.team_lead, kind="training", title="T", started_on="2026-01-01"
    )
    client.get(LIST)
    with CaptureQueriesContext(connection) as few:
        client.get(LIST)
    for person in (world.people["case_director"], world.team_lead):
        for i in range(5):
            Trajectory.objects.create(
                person=person, kind="training", title=f"T{i}", started_on="2026-01-01"
            )
    with CaptureQueriesContext(connection) as many:
        response = client.get(LIST)
    assert len(response.context["trajectories"].object_list) == 11
    assert len(many) == len(few)


def test_staff_of_another_organisation_stay_out_of_the_list(world):
    Trajectory.objects.create(
        person=world.people["peer_expert"], kind="training", title="Elders", started_on="2026-01-01"
    )
    assert list(world.client_for("team_lead").get(LIST).context["trajectories"].object_list) == []

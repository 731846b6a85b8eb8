"""The wheel pages end to end: access per persona, the form, the log, query counts."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from regie.audit.models import AccessEvent, Action
from regie.people.models import Organisation, Role
from regie.people.tests.factories import PersonFactory, RoleAssignmentFactory
from regie.recovery.models import CaseMember, CaseState, TeamRole, WheelAssessment

from .wheel_helpers import SVG, add, areas, assessment_polygons, parse


def wheel_url(world) -> str:
    return reverse("recovery:wheel", args=[world.case.uuid])


def add_url(world) -> str:
    return reverse("recovery:assessment_add", args=[world.case.uuid])


@pytest.fixture
def previous_director(world):
    """A case director who handed the case over five days ago."""
    person = PersonFactory(with_login=True)
    RoleAssignmentFactory(
        person=person,
        role=Role.CASE_DIRECTOR,
        organisation=Organisation.objects.get(name="Stichting Surplus"),
    )
    CaseMember.objects.create(
        case=world.case,
        person=person,
        team_role=TeamRole.CASE_DIRECTOR,
        started_on=world.case.opened_on,
        ended_on=timezone.localdate() - datetime.timedelta(days=5),
    )
    return person


def form_data(value: str = "6", **extra: str) -> dict[str, str]:
    data = {
        "perspective": "client",
        "client_asked": "on",
        "assessed_on": timezone.localdate().isoformat(),
        "note": "Samen ingevuld",
    }
    for area in areas():
        data[f"score_{area.pk}"] = value
        data[f"note_{area.pk}"] = f"Mijn woorden over {area.key}"
    return data | extra


@pytest.mark.parametrize("persona", ["case_director", "peer_expert", "family_peer_expert"])
def test_the_current_team_reads_the_wheel_and_adds_scores(world, persona):
    client = world.client_for(persona)
    assert client.get(wheel_url(world)).status_code == 200
    assert client.get(add_url(world)).status_code == 200


@pytest.mark.parametrize(
    "persona",
    [
        "participant",
        "consultant",
        "coordinator",
        "coordinator_other_region",
        "log_manager",
        "administrator",
    ],
)
def test_people_outside_the_case_get_404_on_both_pages(world, persona):
    client = world.client_for(persona)
    assert client.get(wheel_url(world)).status_code == 404
    assert client.get(add_url(world)).status_code == 404
    assert client.post(add_url(world), form_data()).status_code == 404
    assert not WheelAssessment.objects.exists()


def test_anonymous_visitors_are_sent_to_the_login_page(world):
    client = world.client_for("anonymous")
    for url in (wheel_url(world), add_url(world)):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))


def test_the_team_lead_reads_the_wheel_but_cannot_add_scores(world):
    add(world)
    client = world.client_for("team_lead")

    page = client.get(wheel_url(world))
    assert page.status_code == 200
    assert add_url(world) not in page.content.decode()
    assert client.get(add_url(world)).status_code == 404
    assert client.post(add_url(world), form_data()).status_code == 404
    assert WheelAssessment.objects.count() == 1


def test_the_previous_director_reads_the_wheel_but_cannot_add_scores(world, previous_director):
    client = world.client_for("anonymous")
    client.force_login(previous_director.user)

    assert client.get(wheel_url(world)).status_code == 200
    assert client.get(add_url(world)).status_code == 404
    assert client.post(add_url(world), form_data()).status_code == 404
    assert not WheelAssessment.objects.exists()


def test_an_unknown_case_answers_404(world):
    import uuid

    client = world.client_for("case_director")
    assert client.get(reverse("recovery:wheel", args=[uuid.uuid4()])).status_code == 404


def test_add_form_has_a_0_to_10_scale_per_life_area_in_a_fieldset(world):
    page = world.client_for("peer_expert").get(add_url(world)).content.decode()

    for area in areas():
        assert f"<legend>{area.name_en}</legend>" in page
        for n in range(11):
            assert f'name="score_{area.pk}" value="{n}"' in page
        assert f'name="note_{area.pk}"' in page
    assert 'name="perspective" value="client"' in page
    assert f'value="{timezone.localdate().isoformat()}"' in page


def test_adding_the_clients_scores_saves_them_and_returns_to_the_wheel(world):
    response = world.client_for("peer_expert").post(add_url(world), form_data("7"))

    assert response.status_code == 302
    assert response["Location"] == wheel_url(world)
    assessment = WheelAssessment.objects.get()
    assert assessment.perspective == "client"
    assert assessment.recorded_by == world.people["peer_expert"]
    assert assessment.scores.count() == len(areas())
    assert set(assessment.scores.values_list("score", flat=True)) == {7}
    housing = assessment.scores.get(life_area__key="housing")
    assert housing.note == "Mijn woorden over housing"


def test_the_teams_view_is_saved_beside_the_clients(world):
    client_view = add(world, value=3)
    response = world.client_for("case_director").post(
        add_url(world), form_data("9", perspective="team")
    )
    assert response.status_code == 302
    assert set(client_view.scores.values_list("score", flat=True)) == {3}
    assert WheelAssessment.objects.filter(perspective="team").count() == 1


def test_an_out_of_range_score_is_refused_and_everything_typed_is_kept(world):
    first = areas()[0]
    data = form_data(**{f"score_{first.pk}": "11", f"note_{first.pk}": "Mijn <eigen> woorden"})

    response = world.client_for("case_director").post(add_url(world), data)

    assert response.status_code == 200
    page = response.content.decode()
    assert "Not saved yet" in page
    assert f"{first.name_en}: Choose a score from 0 to 10." in page
    assert "Mijn &lt;eigen&gt; woorden" in page
    second = areas()[1]
    assert (
        f'name="score_{second.pk}" value="6" class="score-choice" id="id_score_{second.pk}_6" required checked'
        in page
    )
    assert not WheelAssessment.objects.exists()


def test_a_missing_score_is_refused_with_a_clear_message(world):
    last = areas()[-1]
    data = form_data()
    del data[f"score_{last.pk}"]

    response = world.client_for("case_director").post(add_url(world), data)

    page = response.content.decode()
    assert response.status_code == 200
    assert f"{last.name_en}: Choose a score from 0 to 10." in page
    assert f'href="#id_score_{last.pk}_0"' in page
    assert not WheelAssessment.objects.exists()


def test_a_date_in_the_future_is_refused_and_the_input_kept(world):
    future = (timezone.localdate() + datetime.timedelta(days=3)).isoformat()

    response = world.client_for("case_director").post(
        add_url(world), form_data(assessed_on=future, note="Mijn verhaal")
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "Date: The date cannot be in the future." in page
    assert 'href="#id_assessed_on"' in page
    assert f'value="{future}"' in page
    assert "Mijn verhaal" in page
    assert not WheelAssessment.objects.exists()


def test_a_date_before_the_case_was_opened_is_refused_next_to_the_field(world):
    early = (world.case.opened_on - datetime.timedelta(days=1)).isoformat()

    response = world.client_for("peer_expert").post(add_url(world), form_data(assessed_on=early))

    page = response.content.decode()
    opened = world.case.opened_on.strftime("%d-%m-%Y")
    assert f"The date cannot be before the case was opened ({opened})." in page
    assert not WheelAssessment.objects.exists()


def test_a_closed_case_shows_no_add_button_and_refuses_new_scores(world):
    add(world)
    world.case.state = CaseState.CLOSED
    world.case.close_reason = "goals_reached"
    world.case.save()
    client = world.client_for("case_director")

    assert add_url(world) not in client.get(wheel_url(world)).content.decode()
    response = client.post(add_url(world), form_data())
    assert "This case is closed" in response.content.decode()
    assert WheelAssessment.objects.count() == 1


def test_the_wheel_page_shows_radar_lines_and_the_clients_notes(world):
    add(world, ago=20, value=4)
    add(world, ago=10, value=6)
    add(world, perspective="team", ago=5, value=5)
    first = areas()[0]
    latest = add(world, ago=1, value=8)
    latest.scores.filter(life_area=first).update(note="Eindelijk een eigen plek")

    page = world.client_for("family_peer_expert").get(wheel_url(world)).content.decode()

    start = page.index('<svg xmlns="http://www.w3.org/2000/svg" class="wheel-radar"')
    radar = page[start : page.index("</svg>", start) + len("</svg>")]
    assert len(assessment_polygons(radar)) == 4
    lines = page.count('class="wheel-line"')
    assert lines == len(areas())
    assert "Eindelijk een eigen plek" in page
    assert "Team&#x27;s view" in page or "Team's view" in page


def test_the_wheel_page_without_scores_says_what_to_do(world):
    page = world.client_for("case_director").get(wheel_url(world)).content.decode()
    assert 'class="empty"' in page
    assert "<svg" not in page.split("<main", 1)[1]
    assert add_url(world) in page


def test_the_wheel_page_escapes_life_area_names(world):
    from regie.recovery.models import LifeArea

    LifeArea.objects.create(
        key="evil", name_nl="<script>x</script>", name_en="<script>x</script>", position=99
    )
    add(world)
    page = world.client_for("case_director").get(wheel_url(world)).content.decode()
    assert "<script>x</script>" not in page
    assert "&lt;script&gt;x&lt;/script&gt;" in page


def test_opening_the_wheel_writes_one_read_entry(world):
    add(world)
    before = AccessEvent.objects.count()

    world.client_for("peer_expert").get(wheel_url(world))

    events = list(AccessEvent.objects.order_by("seq")[before:])
    assert len(events) == 1
    event = events[0]
    assert event.action == Action.READ
    assert event.purpose == "recovery:wheel"
    assert event.subject_uuid == world.client.uuid
    assert event.object_id == str(world.case.uuid)
    assert event.actor_role == "peer_expert"


def test_saving_scores_writes_one_create_entry_and_no_read(world):
    before = AccessEvent.objects.count()
    world.client_for("case_director").post(add_url(world), form_data())
    events = list(AccessEvent.objects.order_by("seq")[before:])
    assert [(e.action, e.purpose, e.part) for e in events] == [
        (Action.CREATE, "recovery:assessment_add", "client (at the client's request)")
    ]


def test_the_wheel_pages_query_count_does_not_grow_with_more_assessments(world):
    client = world.client_for("case_director")
    add(world, ago=30)
    add(world, perspective="team", ago=29)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(wheel_url(world)).status_code == 200
        return len(queries)

    count()  # warm up the session and caches
    few = count()
    for n in range(8):
        add(world, ago=20 - n, perspective="team" if n % 3 == 0 else "client")
    assert count() == few


def test_the_add_pages_query_count_does_not_grow_with_more_assessments(world):
    client = world.client_for("case_director")
    add(world, ago=30)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(add_url(world)).status_code == 200
        return len(queries)

    count()
    few = count()
    for n in range(5):
        add(world, ago=20 - n)
    assert count() == few


def test_the_line_chart_on_the_page_has_a_point_per_client_score(world):
    for n in range(3):
        add(world, ago=30 - n * 10, value=n + 2)
    add(world, perspective="team", ago=1)
    page = world.client_for("case_director").get(wheel_url(world)).content.decode()
    start = page.index('<svg xmlns="http://www.w3.org/2000/svg" class="wheel-line"')
    svg = parse(page[start : page.index("</svg>", start) + len("</svg>")])
    assert len([c for c in svg.iter(f"{SVG}circle") if c.get("class") == "point"]) == 3

"""Meeting pages end to end: who sees what, planning, editing, the overview and its PDF."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from regie.audit.models import AccessEvent, Action
from regie.recovery.models import MeetingAttendance, QuarterlyMeeting, TeamRole
from regie.recovery.overview import previous_quarter, quarter_of
from regie.recovery.services.meetings import propose_next_date

LIST = reverse("recovery:meeting_list")
ADD = reverse("recovery:meeting_add")


def detail(meeting):
    return reverse("recovery:meeting_detail", args=[meeting.uuid])


def overview(meeting):
    return reverse("recovery:meeting_overview", args=[meeting.uuid])


def pdf(meeting):
    return reverse("recovery:meeting_overview_pdf", args=[meeting.uuid])


@pytest.fixture
def directors_meeting(world):
    """A meeting for case directors only, held last week."""
    meeting = QuarterlyMeeting.objects.create(
        organisation=world.case.organisation,
        held_on=timezone.localdate() - datetime.timedelta(days=7),
        is_joint=False,
        agenda="Werkwijze tandem",
    )
    MeetingAttendance.objects.create(
        meeting=meeting, person=world.people["case_director"], team_role=TeamRole.CASE_DIRECTOR
    )
    return meeting


# --- who sees what ------------------------------------------------------------


def test_the_list_shows_upcoming_and_earlier_meetings_with_counts(world, directors_meeting):
    response = world.client_for("case_director").get(LIST)
    assert response.status_code == 200
    upcoming, earlier = response.content.decode().split("Earlier meetings</h2>")
    assert detail(world.meeting) in upcoming
    assert "Joint meeting" in upcoming
    assert detail(directors_meeting) in earlier
    assert "Case directors" in earlier
    assert response.context["upcoming"][0].invited == 3
    assert response.context["past"][0].present == 0


def test_case_directors_get_the_proposed_date_to_plan_the_next_meeting(world):
    response = world.client_for("case_director").get(LIST)
    proposed = propose_next_date(world.case.organisation)
    assert "Plan the next meeting" in response.content.decode()
    assert proposed.strftime("%d-%m-%Y") in response.content.decode()


def test_peer_experts_do_not_plan_meetings(world):
    response = world.client_for("peer_expert").get(LIST)
    assert response.status_code == 200
    assert "Plan the next meeting" not in response.content.decode()
    assert world.client_for("peer_expert").get(ADD).status_code == 404


@pytest.mark.parametrize("persona", ["peer_expert", "family_peer_expert"])
def test_a_meeting_for_case_directors_is_invisible_to_peer_experts(
    world, directors_meeting, persona
):
    client = world.client_for(persona)
    assert detail(directors_meeting) not in client.get(LIST).content.decode()
    assert client.get(detail(directors_meeting)).status_code == 404
    assert client.get(overview(directors_meeting)).status_code == 404
    assert client.get(pdf(directors_meeting)).status_code == 404


@pytest.mark.parametrize("persona", ["peer_expert", "family_peer_expert"])
def test_invited_peer_experts_read_the_joint_meeting(world, persona):
    world.meeting.agenda = "Samen terugkijken"
    world.meeting.save()
    response = world.client_for(persona).get(detail(world.meeting))
    assert response.status_code == 200
    assert "Samen terugkijken" in response.content.decode()
    assert response.context["form"] is None
    assert "<textarea" not in response.content.decode()


def test_the_team_lead_sees_and_edits_the_organisations_meetings(world, directors_meeting):
    client = world.client_for("team_lead")
    assert detail(directors_meeting) in client.get(LIST).content.decode()
    response = client.get(detail(directors_meeting))
    assert response.context["form"] is not None


def test_the_list_takes_the_same_number_of_queries_for_many_meetings(world, directors_meeting):
    client = world.client_for("case_director")
    client.get(LIST)  # warm up sessions and caches
    with CaptureQueriesContext(connection) as few:
        client.get(LIST)
    for weeks in range(1, 8):
        meeting = QuarterlyMeeting.objects.create(
            organisation=world.case.organisation,
            held_on=timezone.localdate() - datetime.timedelta(weeks=13 * weeks),
            is_joint=bool(weeks % 2),
        )
        MeetingAttendance.objects.create(
            meeting=meeting,
            person=world.people["case_director"],
            team_role=TeamRole.CASE_DIRECTOR,
            attended=True,
        )
    with CaptureQueriesContext(connection) as many:
        response = client.get(LIST)
    assert len(response.context["past"]) == 8
    assert len(few) == len(many)


# --- planning -----------------------------------------------------------------


def test_the_add_form_is_prefilled_with_the_proposed_date(world):
    response = world.client_for("case_director").get(ADD)
    proposed = propose_next_date(world.case.organisation)
    assert response.context["form"]["held_on"].value() == proposed
    assert f'value="{proposed:%Y-%m-%d}"' in response.content.decode()


def test_planning_a_meeting_invites_and_redirects_to_it(world):
    held_on = timezone.localdate() + datetime.timedelta(days=40)
    response = world.client_for("case_director").post(
        ADD,
        {
            "organisation": world.case.organisation.pk,
            "held_on": held_on.isoformat(),
            "is_joint": "on",
            "agenda": "Kwartaalcijfers",
        },
    )
    meeting = QuarterlyMeeting.objects.get(held_on=held_on)
    assert response.status_code == 302
    assert response["Location"] == detail(meeting)
    assert meeting.is_joint and meeting.agenda == "Kwartaalcijfers"
    assert meeting.attendance.count() == 3


def test_a_past_date_is_refused_and_the_agenda_is_kept(world):
    response = world.client_for("case_director").post(
        ADD,
        {
            "organisation": world.case.organisation.pk,
            "held_on": (timezone.localdate() - datetime.timedelta(days=1)).isoformat(),
            "agenda": "Mijn zorgvuldig geschreven agenda",
        },
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "The date has passed" in content
    assert "Mijn zorgvuldig geschreven agenda" in content
    assert QuarterlyMeeting.objects.count() == 1


# --- editing ------------------------------------------------------------------


def edit_data(response, **changes):
    form = response.context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    data.update(changes)
    return data


def test_a_case_director_records_attendance_and_minutes(world, directors_meeting):
    client = world.client_for("case_director")
    person = world.people["case_director"]
    page = client.get(detail(directors_meeting))
    data = edit_data(
        page, minutes="Afspraken over de tandem.", **{f"attendance_{person.pk}": "yes"}
    )
    response = client.post(detail(directors_meeting), data)
    assert response.status_code == 302
    directors_meeting.refresh_from_db()
    assert directors_meeting.minutes == "Afspraken over de tandem."
    assert directors_meeting.attendance.get().attended is True
    event = AccessEvent.objects.order_by("-seq").first()
    assert (event.action, event.object_type, event.subject_uuid) == (
        Action.CHANGE,
        "quarterly_meeting",
        None,
    )
    assert "Was there" in client.get(detail(directors_meeting)).content.decode()


def test_an_upcoming_meeting_has_no_attendance_fields_yet(world):
    response = world.client_for("case_director").get(detail(world.meeting))
    fields = response.context["form"].fields
    assert not [name for name in fields if name.startswith("attendance_")]
    assert "Attendance can be recorded from the day of the meeting." in response.content.decode()


def test_a_stale_edit_is_refused_and_keeps_the_text(world, directors_meeting):
    client = world.client_for("case_director")
    page = client.get(detail(directors_meeting))
    directors_meeting.minutes = "Iemand anders schreef dit"
    directors_meeting.save()
    response = client.post(detail(directors_meeting), edit_data(page, minutes="Mijn notulen"))
    assert response.status_code == 409
    html = response.content.decode()
    assert "Someone else saved this meanwhile" in html
    assert "Mijn notulen</textarea>" in html
    assert "Iemand anders schreef dit</del>" in html and "Mijn notulen</ins>" in html
    directors_meeting.refresh_from_db()
    assert directors_meeting.minutes == "Iemand anders schreef dit"


def test_an_edit_without_the_seen_fingerprint_is_refused(world, directors_meeting):
    client = world.client_for("case_director")
    data = edit_data(client.get(detail(directors_meeting)), minutes="Zonder vingerafdruk")
    del data["seen"]
    response = client.post(detail(directors_meeting), data)
    assert response.status_code == 200
    assert "This page is out of date" in response.content.decode()
    directors_meeting.refresh_from_db()
    assert directors_meeting.minutes != "Zonder vingerafdruk"


def test_an_invited_peer_expert_cannot_post_changes(world):
    response = world.client_for("peer_expert").post(
        detail(world.meeting), {"agenda": "Overgenomen", "minutes": ""}
    )
    assert response.status_code == 404
    world.meeting.refresh_from_db()
    assert world.meeting.agenda == ""


# --- the overview -----------------------------------------------------------


def test_the_overview_page_names_its_quarter_and_no_client(world):
    response = world.client_for("peer_expert").get(overview(world.meeting))
    year, quarter = previous_quarter(*quarter_of(world.meeting.held_on))
    content = response.content.decode()
    assert response.status_code == 200
    assert f"quarter {quarter} of {year}" in content
    assert "last full quarter before the meeting" in content
    assert "too few to show" in content
    assert world.client.last_name not in content
    assert world.client.last_name not in client_detail_page(world)


def client_detail_page(world):
    return world.client_for("case_director").get(detail(world.meeting)).content.decode()


def test_the_pdf_download_is_an_attachment_named_for_the_quarter_and_is_logged(world):
    response = world.client_for("case_director").get(pdf(world.meeting))
    year, quarter = previous_quarter(*quarter_of(world.meeting.held_on))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'attachment; filename="progress-overview-{year}-Q{quarter}.pdf"'
    )
    assert response.content.startswith(b"%PDF")
    assert b"Stichting Surplus" in response.content
    event = AccessEvent.objects.order_by("-seq").first()
    assert (event.action, event.object_type, event.subject_uuid, event.purpose) == (
        Action.EXPORT,
        "quarter_overview",
        None,
        "recovery:meeting_overview_pdf",
    )
    assert event.object_id.endswith(f"{year}-Q{quarter}")

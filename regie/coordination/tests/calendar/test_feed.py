"""A person's calendar feed, parsed back with the icalendar library: what each
person sees, stable UIDs, time zones, the secret address and the access log."""

from __future__ import annotations

import datetime

import icalendar
import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from regie.audit.models import AccessEvent
from regie.coordination.calendar.models import CalendarFeed
from regie.coordination.calendar.services import calendar_feed_for
from regie.coordination.sessions.models import SessionStatus
from regie.crisiscard.tests.permission_args_portal import evaluation_case
from regie.people.models import ConsultantLevel
from regie.recovery.models import MeetingAttendance, QuarterlyMeeting, TeamRole

from ..sessions.fixtures import hbo_consultant, session

pytestmark = pytest.mark.django_db

AMSTERDAM = "Europe/Amsterdam"


def fetch(person, client: Client | None = None):
    token = calendar_feed_for(person).token
    return (client or Client()).get(reverse("coordination:ical_feed", args=[token]))


def parsed(person) -> icalendar.Calendar:
    response = fetch(person)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert "no-store" in response["Cache-Control"]
    return icalendar.Calendar.from_ical(response.content)


def events(cal: icalendar.Calendar) -> dict[str, icalendar.Event]:
    return {str(e["UID"]): e for e in cal.walk("VEVENT")}


def assert_times_are_well_formed(cal: icalendar.Calendar) -> None:
    """Timed events are in Europe/Amsterdam with its VTIMEZONE (or in UTC);
    date-only events are all-day, ending the next day."""
    zones = {str(z["TZID"]) for z in cal.walk("VTIMEZONE")}
    for event in cal.walk("VEVENT"):
        start, end = event.decoded("DTSTART"), event.decoded("DTEND")
        assert "DTSTAMP" in event
        if isinstance(start, datetime.datetime):
            assert start.tzinfo is not None and end.tzinfo is not None
            tzid = event["DTSTART"].params.get("TZID")
            assert (tzid == AMSTERDAM and tzid in zones) or start.utcoffset() == datetime.timedelta(
                0
            )
            assert end > start
        else:
            assert end - start == datetime.timedelta(days=1)


def test_a_presenters_feed_has_their_sessions_in_amsterdam_time(world):
    hbo = hbo_consultant(world)
    planned = session(world, presenter=hbo, topic="Politie; uitleg, deel 1")
    held = session(
        world, presenter=hbo, status=SessionStatus.HELD, starts_in=-datetime.timedelta(days=3)
    )
    cancelled = session(world, presenter=hbo, status=SessionStatus.CANCELLED)
    cancelled.ical_sequence = 4
    cancelled.save()
    session(world)  # requested, no presenter yet
    session(world, presenter=world.people["coordinator"])  # someone else's
    cal = parsed(hbo)
    found = events(cal)
    assert set(found) == {str(planned.uuid), str(held.uuid), str(cancelled.uuid)}
    event = found[str(planned.uuid)]
    assert str(event["SUMMARY"]) == "Politie; uitleg, deel 1"
    assert str(event["LOCATION"]) == "Stadhuis, zaal 2"
    assert str(event["STATUS"]) == "CONFIRMED"
    assert str(found[str(cancelled.uuid)]["STATUS"]) == "CANCELLED"
    assert found[str(cancelled.uuid)]["SEQUENCE"] == 4
    start = event.decoded("DTSTART")
    assert event["DTSTART"].params["TZID"] == AMSTERDAM
    assert start == planned.starts_at.replace(microsecond=0)
    assert event.decoded("DTEND") - start == datetime.timedelta(minutes=90)
    assert [str(z["TZID"]) for z in cal.walk("VTIMEZONE")] == [AMSTERDAM]
    assert_times_are_well_formed(cal)
    text = fetch(hbo).content.decode()
    assert "Petra" not in text and "petra@gemeente.example" not in text


def test_a_consultants_feed_has_evaluations_due_with_initials_only_and_logs_each(world):
    evaluation = evaluation_case(world)
    participant = evaluation.card.request.participant
    participant.first_name, participant.last_name = "Anna", "van Dijk"
    participant.save()
    consultant = world.people["consultant"]  # reads Dutch: the feed is in their language
    before = AccessEvent.objects.count()
    cal = parsed(consultant)
    (event,) = cal.walk("VEVENT")
    assert str(event["SUMMARY"]) == "Evaluatie crisiskaart A.D."
    assert event.decoded("DTSTART") == evaluation.due_on
    assert_times_are_well_formed(cal)
    text = fetch(consultant).content.decode()
    assert "Anna" not in text and "Dijk" not in text
    assert str(evaluation.card.request.uuid) not in text
    rows = AccessEvent.objects.order_by("seq")[before:]
    assert len(rows) == 2  # one per fetch, one evaluation each
    assert all(row.subject_uuid == participant.uuid for row in rows)
    assert all(row.actor_person_uuid == consultant.uuid for row in rows)
    assert {row.purpose for row in rows} == {"coordination:ical_feed"}


def test_the_holder_sees_their_own_evaluation_and_nothing_is_logged(world):
    evaluation = evaluation_case(world)
    holder = evaluation.card.request.participant
    holder.preferred_language = "en"
    holder.save()
    before = AccessEvent.objects.count()
    cal = parsed(holder)
    (event,) = cal.walk("VEVENT")
    assert str(event["SUMMARY"]) == "Evaluation of your crisis card"
    assert event.decoded("DTSTART") == evaluation.due_on
    assert AccessEvent.objects.count() == before


def test_an_invited_team_member_sees_the_quarterly_meeting(world):
    peer = world.people["peer_expert"]
    peer.preferred_language = "en"
    peer.save()
    organisation = peer.roles.get().organisation
    meeting = QuarterlyMeeting.objects.create(
        organisation=organisation,
        held_on=timezone.localdate() + datetime.timedelta(days=20),
        is_joint=True,
        agenda="Bespreking van cliënt Jansen",
    )
    MeetingAttendance.objects.create(meeting=meeting, person=peer, team_role=TeamRole.PEER_EXPERT)
    QuarterlyMeeting.objects.create(organisation=organisation, held_on=timezone.localdate())
    before = AccessEvent.objects.count()
    cal = parsed(peer)
    invited = set(
        MeetingAttendance.objects.filter(person=peer).values_list("meeting__uuid", flat=True)
    )
    assert set(events(cal)) == {f"{uuid}@regie" for uuid in invited}
    event = events(cal)[f"{meeting.uuid}@regie"]
    assert str(event["SUMMARY"]) == f"Joint quarterly meeting {organisation.name}"
    assert event.decoded("DTSTART") == meeting.held_on
    assert "Jansen" not in fetch(peer).content.decode()
    assert_times_are_well_formed(cal)
    assert AccessEvent.objects.count() == before


def test_uids_are_stable_across_fetches(world):
    hbo = hbo_consultant(world)
    session(world, presenter=hbo)
    evaluation = evaluation_case(world)
    evaluation.card.request.consultant = hbo
    evaluation.card.request.save()
    first = list(events(parsed(hbo)))
    second = list(events(parsed(hbo)))
    assert len(first) == 2 and first == second


def test_a_new_address_ends_the_old_one(world):
    coordinator = world.people["coordinator"]
    old = calendar_feed_for(coordinator).token
    client = world.client_for("coordinator")
    page = client.get(reverse("coordination:my_calendar")).content.decode()
    assert old in page
    confirm = client.get(reverse("coordination:my_calendar_renew"))
    assert (
        confirm.status_code == 200 and "The old address stops working" in confirm.content.decode()
    )
    assert CalendarFeed.objects.get(person=coordinator).token == old  # a GET changes nothing
    response = client.post(reverse("coordination:my_calendar_renew"))
    assert response.status_code == 302
    new = CalendarFeed.objects.get(person=coordinator).token
    assert new != old
    anonymous = Client()
    assert anonymous.get(reverse("coordination:ical_feed", args=[old])).status_code == 404
    fresh = anonymous.get(reverse("coordination:ical_feed", args=[new]))
    assert fresh.status_code == 200
    icalendar.Calendar.from_ical(fresh.content)


def test_an_unknown_token_is_404(world):
    assert Client().get(reverse("coordination:ical_feed", args=["nope"])).status_code == 404


def test_opening_my_calendar_makes_no_feed_and_the_button_creates_one(world):
    client = world.client_for("participant")
    page = client.get(reverse("coordination:my_calendar"))
    assert page.status_code == 200
    assert "No calendar address yet" in page.content.decode()
    assert not CalendarFeed.objects.exists()
    assert client.post(reverse("coordination:my_calendar_renew")).status_code == 302
    feed = CalendarFeed.objects.get(person=world.people["participant"])
    assert feed.token in client.get(reverse("coordination:my_calendar")).content.decode()


def test_sessions_leave_the_feed_when_the_presenter_role_ends(world):
    hbo = hbo_consultant(world)
    session(world, presenter=hbo)
    assert len(parsed(hbo).walk("VEVENT")) == 1
    hbo.consultant_qualification.level = ConsultantLevel.MBO
    hbo.consultant_qualification.save()
    assert parsed(hbo).walk("VEVENT") == []


def test_evaluations_leave_the_feed_when_the_consultant_role_ends(world):
    evaluation_case(world)
    consultant = world.people["consultant"]
    assert len(parsed(consultant).walk("VEVENT")) == 1
    consultant.roles.update(valid_to=timezone.localdate() - datetime.timedelta(days=1))
    assert parsed(consultant).walk("VEVENT") == []


def test_the_feed_stops_when_the_login_is_switched_off(world):
    hbo = hbo_consultant(world)
    assert fetch(hbo).status_code == 200
    hbo.user.is_active = False
    hbo.user.save(update_fields=["is_active"])
    assert fetch(hbo).status_code == 404


def test_too_many_feed_requests_from_one_address_get_a_plain_429(world, monkeypatch):
    import types

    from regie.coordination.calendar import views
    from regie.core import ratelimit

    monkeypatch.setattr(views, "ICAL_RATE_LIMIT", 3)
    # One fixed window for the whole test: a slow run must not cross a minute.
    monkeypatch.setattr(ratelimit, "time", types.SimpleNamespace(time=lambda: 1_800_000_000.0))
    url = reverse("coordination:ical_feed", args=[calendar_feed_for(hbo_consultant(world)).token])
    client = Client(REMOTE_ADDR="203.0.113.7", HTTP_ACCEPT_LANGUAGE="en")
    codes = [client.get(url).status_code for _ in range(3)]
    busy = client.get(url)
    assert codes == [200, 200, 200] and busy.status_code == 429
    assert busy["Content-Type"].startswith("text/plain")
    assert busy["Retry-After"] == "60"
    assert "Too many requests" in busy.content.decode()
    # Guessing tokens counts too, and another address is not affected.
    assert client.get(reverse("coordination:ical_feed", args=["nope"])).status_code == 429
    assert Client(REMOTE_ADDR="203.0.113.8").get(url).status_code == 200


def test_read_only_calendar_pages_refuse_a_post(world):
    client = world.client_for("coordinator")
    token = calendar_feed_for(world.people["coordinator"]).token
    for url in (
        reverse("coordination:my_calendar"),
        reverse("coordination:ical_feed", args=[token]),
    ):
        assert client.post(url).status_code == 405, url


def test_every_personas_feed_parses_back_with_well_formed_times(world):
    hbo = hbo_consultant(world)
    session(world, presenter=hbo)
    session(world, presenter=world.people["coordinator"])
    evaluation_case(world)
    people = [hbo, *(p for p in world.people.values() if p.user is not None)]
    for person in people:
        cal = parsed(person)
        assert str(cal["VERSION"]) == "2.0" and "PRODID" in cal
        assert_times_are_well_formed(cal)
        uids = [str(e["UID"]) for e in cal.walk("VEVENT")]
        assert len(uids) == len(set(uids)), person

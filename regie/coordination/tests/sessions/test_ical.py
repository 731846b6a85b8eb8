"""The presenter's iCalendar feed: RFC 5545 text, one event per session, token-protected."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from regie.coordination.sessions import ical
from regie.coordination.sessions.models import CalendarFeed, SessionStatus
from regie.coordination.sessions.services import calendar_feed_for
from regie.people.models import ConsultantLevel

from .fixtures import hbo_consultant, session

pytestmark = pytest.mark.django_db


def unfold(text: str) -> list[str]:
    """RFC 5545 3.1: CRLF followed by one space or tab continues the line."""
    assert "\n" not in text.replace("\r\n", "")  # only CRLF line ends
    return text.replace("\r\n ", "").replace("\r\n\t", "").split("\r\n")[:-1]


def unescape(value: str) -> str:
    out, i = [], 0
    while i < len(value):
        if value[i] == "\\" and i + 1 < len(value):
            nxt = value[i + 1]
            out.append("\n" if nxt in "nN" else nxt)
            i += 2
        else:
            out.append(value[i])
            i += 1
    return "".join(out)


def parse(text: str) -> list[dict[str, str]]:
    """The VEVENTs of a calendar as dicts of property → unescaped value."""
    events: list[dict[str, str]] = []
    current: dict[str, str] | None = None
    lines = unfold(text)
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-1] == "END:VCALENDAR"
    for line in lines:
        name, _sep, value = line.partition(":")
        if line == "BEGIN:VEVENT":
            current = {}
        elif line == "END:VEVENT":
            assert current is not None
            events.append(current)
            current = None
        elif current is not None:
            current[name] = unescape(value)
    return events


def feed_text(world, person) -> tuple[object, str]:
    feed = calendar_feed_for(person)
    response = world.client_for("anonymous").get(
        reverse("coordination:ical_feed", args=[feed.token])
    )
    return response, response.content.decode("utf-8")


def test_escaping_and_folding_round_trip():
    text = 'Crisiskaart; uitleg, vragen\\antwoorden\nTweede regel "ééé" ' + "ü" * 80
    line = "DESCRIPTION:" + ical.escape_text(text)
    folded = ical.fold(line)
    for part in folded.split("\r\n"):
        assert len(part.encode("utf-8")) <= 75
    body = "BEGIN:VCALENDAR\r\n" + folded + "\r\nEND:VCALENDAR\r\n"
    unfolded = unfold(body)
    assert unfolded[1] == line
    assert unescape(unfolded[1].partition(":")[2]) == text


def test_the_feed_has_one_event_per_planned_held_or_cancelled_session(world):
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
    response, text = feed_text(world, hbo)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    events = {e["UID"]: e for e in parse(text)}
    assert set(events) == {str(planned.uuid), str(held.uuid), str(cancelled.uuid)}
    assert events[str(planned.uuid)]["SUMMARY"] == "Politie; uitleg, deel 1"
    assert events[str(planned.uuid)]["STATUS"] == "CONFIRMED"
    assert events[str(cancelled.uuid)]["STATUS"] == "CANCELLED"
    assert events[str(cancelled.uuid)]["SEQUENCE"] == "4"
    start = datetime.datetime.strptime(events[str(planned.uuid)]["DTSTART"], "%Y%m%dT%H%M%SZ")
    end = datetime.datetime.strptime(events[str(planned.uuid)]["DTEND"], "%Y%m%dT%H%M%SZ")
    expected = planned.starts_at.astimezone(datetime.UTC).replace(microsecond=0, tzinfo=None)
    assert start == expected
    assert end - start == datetime.timedelta(minutes=90)
    assert events[str(planned.uuid)]["LOCATION"] == "Stadhuis, zaal 2"


def test_the_feed_has_no_personal_data_of_the_requester(world):
    hbo = hbo_consultant(world)
    session(world, presenter=hbo)
    _response, text = feed_text(world, hbo)
    assert "Petra" not in text
    assert "petra@gemeente.example" not in text


def test_a_change_shows_up_with_a_higher_sequence(world):
    from regie.coordination.sessions.services import session_assign
    from regie.core.policy import actor_for_user

    hbo = hbo_consultant(world)
    item = session(world)
    session_assign(
        actor=actor_for_user(world.people["coordinator"].user), session=item, presenter=hbo
    )
    _response, text = feed_text(world, hbo)
    assert parse(text)[0]["SEQUENCE"] == "1"


def test_an_unknown_token_is_404(world):
    client = world.client_for("anonymous")
    assert client.get(reverse("coordination:ical_feed", args=["nope"])).status_code == 404


def test_renewing_the_address_ends_the_old_one(world):
    coordinator = world.people["coordinator"]
    old = calendar_feed_for(coordinator).token
    client = world.client_for("coordinator")
    page = client.get(reverse("coordination:my_sessions")).content.decode()
    assert old in page
    response = client.post(reverse("coordination:my_sessions_feed_renew"))
    assert response.status_code == 302
    new = CalendarFeed.objects.get(person=coordinator).token
    assert new != old
    anonymous = world.client_for("anonymous")
    assert anonymous.get(reverse("coordination:ical_feed", args=[old])).status_code == 404
    assert anonymous.get(reverse("coordination:ical_feed", args=[new])).status_code == 200


def test_renewing_needs_post(world):
    client = world.client_for("coordinator")
    old = calendar_feed_for(world.people["coordinator"]).token
    assert client.get(reverse("coordination:my_sessions_feed_renew")).status_code == 405
    assert CalendarFeed.objects.get().token == old


def test_timestamps_are_utc(world):
    moment = timezone.make_aware(datetime.datetime(2026, 7, 1, 14, 0))  # Amsterdam, summer
    assert ical.utc(moment) == "20260701T120000Z"


def test_too_many_feed_requests_from_one_address_get_a_plain_429(world, monkeypatch):
    from regie.coordination.sessions import views

    monkeypatch.setattr(views, "ICAL_RATE_LIMIT", 3)
    url = reverse("coordination:ical_feed", args=[calendar_feed_for(hbo_consultant(world)).token])
    client = Client(REMOTE_ADDR="203.0.113.7", HTTP_ACCEPT_LANGUAGE="en")
    codes = [client.get(url).status_code for _ in range(3)]
    busy = client.get(url)
    assert codes == [200, 200, 200] and busy.status_code == 429
    assert busy["Content-Type"].startswith("text/plain")
    assert busy["Retry-After"] == "60"
    assert "Too many requests" in busy.content.decode()
    assert "BEGIN:VCALENDAR" not in busy.content.decode()
    # Guessing tokens counts too, and another address is not affected.
    assert client.get(reverse("coordination:ical_feed", args=["nope"])).status_code == 429
    assert Client(REMOTE_ADDR="203.0.113.8").get(url).status_code == 200


def feed_status(world, person) -> int:
    token = calendar_feed_for(person).token
    client = world.client_for("anonymous")
    return client.get(reverse("coordination:ical_feed", args=[token])).status_code


def test_the_feed_stops_when_the_hbo_role_ends(world):
    hbo = hbo_consultant(world)
    assert feed_status(world, hbo) == 200
    hbo.roles.update(valid_to=timezone.localdate() - datetime.timedelta(days=1))
    assert feed_status(world, hbo) == 404


def test_the_feed_stops_when_the_consultant_is_no_longer_hbo(world):
    hbo = hbo_consultant(world)
    hbo.consultant_qualification.level = ConsultantLevel.MBO
    hbo.consultant_qualification.save()
    assert feed_status(world, hbo) == 404


def test_the_feed_stops_when_the_coordinator_role_ends(world):
    coordinator = world.people["coordinator"]
    assert feed_status(world, coordinator) == 200
    coordinator.roles.update(valid_to=timezone.localdate() - datetime.timedelta(days=1))
    assert feed_status(world, coordinator) == 404


def test_the_feed_stops_when_the_login_is_switched_off(world):
    hbo = hbo_consultant(world)
    hbo.user.is_active = False
    hbo.user.save(update_fields=["is_active"])
    assert feed_status(world, hbo) == 404


def test_opening_my_sessions_makes_no_feed_and_the_button_creates_one(world):
    client = world.client_for("coordinator")
    page = client.get(reverse("coordination:my_sessions"))
    assert page.status_code == 200
    assert "No calendar address yet" in page.content.decode()
    assert not CalendarFeed.objects.exists()
    response = client.post(reverse("coordination:my_sessions_feed_renew"))
    assert response.status_code == 302
    feed = CalendarFeed.objects.get(person=world.people["coordinator"])
    assert feed.token in client.get(reverse("coordination:my_sessions")).content.decode()


def test_read_only_session_pages_refuse_a_post(world):
    client = world.client_for("coordinator")
    item = session(world, presenter=world.people["coordinator"])
    token = calendar_feed_for(world.people["coordinator"]).token
    for url in (
        reverse("coordination:session_list", args=[world.region.slug]),
        reverse("coordination:session_calendar", args=[world.region.slug]),
        reverse("coordination:session_detail", args=[item.uuid]),
        reverse("coordination:my_sessions"),
        reverse("coordination:ical_feed", args=[token]),
    ):
        assert client.post(url).status_code == 405, url

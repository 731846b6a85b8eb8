"""Regional agreements: status from dates, validation, the reminder before the
end (once, also through the daily job) and the coordinator's home page."""

from __future__ import annotations

import datetime
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from regie.coordination.errors import CoordinationError
from regie.coordination.outreach.daily import agreement_reminders
from regie.coordination.outreach.models import AgreementStatus, RegionalAgreement
from regie.coordination.outreach.selectors import agreement_status, agreements_with_status
from regie.coordination.outreach.services import (
    AGREEMENT,
    agreement_create,
    agreement_update,
    remind_expiring_agreements,
)
from regie.core.policy import actor_for_user
from regie.core.tests.formpage import seen_on
from regie.people.models import Role
from regie.people.tests.factories import PersonFactory, RoleAssignmentFactory

from .fixtures import agreement, stakeholder

TODAY = datetime.date(2026, 6, 1)


def days(n):
    return TODAY + datetime.timedelta(days=n)


def actor(world, persona="coordinator"):
    return actor_for_user(world.people[persona].user)


@pytest.fixture
def owner(world):
    return stakeholder(world.region)


def test_status_is_computed_from_the_dates(world, owner):
    coordinator = world.people["coordinator"]
    open_ended = agreement(owner, coordinator, valid_until=None)
    far = agreement(owner, coordinator, valid_until=days(61), remind_days_before=60)
    window = agreement(owner, coordinator, valid_until=days(60), remind_days_before=60)
    last_day = agreement(owner, coordinator, valid_until=TODAY)
    expired = agreement(owner, coordinator, valid_until=days(-1))
    assert agreement_status(open_ended, TODAY) == AgreementStatus.ACTIVE
    assert agreement_status(far, TODAY) == AgreementStatus.ACTIVE
    assert agreement_status(window, TODAY) == AgreementStatus.ENDING
    assert agreement_status(last_day, TODAY) == AgreementStatus.ENDING
    assert agreement_status(expired, TODAY) == AgreementStatus.EXPIRED
    by_status = {
        status: {row.agreement for row in agreements_with_status(world.region, TODAY, status)}
        for status in AgreementStatus
    }
    assert by_status[AgreementStatus.ACTIVE] == {open_ended, far}
    assert by_status[AgreementStatus.ENDING] == {window, last_day}
    assert by_status[AgreementStatus.EXPIRED] == {expired}


def test_each_agreement_uses_its_own_reminder_period(world, owner):
    coordinator = world.people["coordinator"]
    short = agreement(owner, coordinator, valid_until=days(20), remind_days_before=14)
    long = agreement(owner, coordinator, valid_until=days(80), remind_days_before=90)
    ending = {row.agreement for row in agreements_with_status(world.region, TODAY, "ending")}
    assert ending == {long}
    assert agreement_status(short, TODAY) == AgreementStatus.ACTIVE


def test_end_before_start_is_refused_with_a_clear_message_keeping_input(world, owner):
    client = world.client_for("coordinator")
    url = reverse("coordination:agreement_add", args=[world.region.slug, owner.uuid])
    response = client.post(
        url,
        {
            "title": "Politie leest de kaart",
            "agreed": "Agenten vragen naar de kaart.",
            "valid_from": "2026-05-01",
            "valid_until": "2026-04-01",
            "remind_days_before": "60",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "The end date is before the start date (01-05-2026)" in page
    assert 'value="Politie leest de kaart"' in page and "Agenten vragen naar de kaart." in page
    assert 'value="2026-04-01"' in page
    assert not RegionalAgreement.objects.exists()
    with pytest.raises(CoordinationError, match="end date is before the start date"):
        agreement_create(
            actor=actor(world),
            stakeholder=owner,
            title="X",
            agreed="Y",
            valid_from=days(10),
            valid_until=days(1),
        )


def test_coordinator_records_and_changes_an_agreement(world, owner):
    client = world.client_for("coordinator")
    client.post(
        reverse("coordination:agreement_add", args=[world.region.slug, owner.uuid]),
        {
            "title": "Crisisdienst vraagt naar de kaart",
            "agreed": "Bij elke beoordeling.",
            "valid_from": "2026-01-01",
            "valid_until": "2027-01-01",
            "remind_days_before": "30",
        },
    )
    deal = RegionalAgreement.objects.get()
    assert (deal.created_by, deal.remind_days_before) == (world.people["coordinator"], 30)
    edit = reverse("coordination:agreement_edit", args=[world.region.slug, deal.uuid])
    assert world.client_for("coordinator_other_region").get(edit).status_code == 404
    client.post(
        edit,
        {
            "seen": seen_on(client, edit),
            "title": "Crisisdienst vraagt naar de kaart",
            "agreed": "Bij elke beoordeling.",
            "valid_from": "2026-01-01",
            "valid_until": "2028-01-01",
            "remind_days_before": "30",
        },
    )
    deal.refresh_from_db()
    assert deal.valid_until == datetime.date(2028, 1, 1)


def second_coordinator(world):
    person = PersonFactory(with_login=True, email="tweede@regie.example")
    RoleAssignmentFactory(
        person=person, role=Role.COORDINATOR, region=world.region, organisation=world.licence_holder
    )
    return person


def test_reminder_goes_once_to_every_coordinator_of_the_region(
    world, owner, django_capture_on_commit_callbacks
):
    coordinator = world.people["coordinator"]
    second = second_coordinator(world)
    ending = agreement(owner, coordinator, valid_until=days(30))
    agreement(owner, coordinator, valid_until=days(200))  # not yet in its window
    agreement(owner, coordinator, valid_until=days(-5))  # already over: no reminder
    other = stakeholder(world.other_region, name="Crisisdienst Zuid")
    agreement(other, world.people["coordinator_other_region"], valid_until=days(10))
    with django_capture_on_commit_callbacks(execute=True):
        assert remind_expiring_agreements(TODAY) == 2
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == sorted(
        [coordinator.email, second.email, world.people["coordinator_other_region"].email]
    )
    ending.refresh_from_db()
    assert ending.reminded_at is not None
    noord = next(m for m in mail.outbox if m.to[0] == coordinator.email)
    assert str(ending.stakeholder.uuid) in noord.body
    with django_capture_on_commit_callbacks(execute=True):
        assert remind_expiring_agreements(TODAY) == 0
        assert remind_expiring_agreements(days(1)) == 0
    assert len(mail.outbox) == 3


def test_a_new_end_date_arms_the_reminder_again(world, owner):
    deal = agreement(owner, world.people["coordinator"], valid_until=days(30))
    remind_expiring_agreements(TODAY)
    deal.refresh_from_db()
    assert deal.reminded_at is not None
    agreement_update(
        actor=actor(world),
        agreement=deal,
        title=deal.title,
        agreed=deal.agreed,
        valid_from=deal.valid_from,
        valid_until=days(400),
        remind_days_before=60,
        seen=AGREEMENT.fingerprint(deal),
    )
    deal.refresh_from_db()
    assert deal.reminded_at is None
    assert remind_expiring_agreements(days(345)) == 1


def test_the_daily_job_sends_the_reminders_and_reports_them(
    world, owner, django_capture_on_commit_callbacks
):
    agreement(owner, world.people["coordinator"], valid_until=timezone.localdate())
    with django_capture_on_commit_callbacks(execute=True):
        out = StringIO()
        call_command("run_daily", stdout=out)
    assert "coordination.agreements: 1 regional agreements reminded about" in out.getvalue()
    assert [m.to for m in mail.outbox] == [[world.people["coordinator"].email]]
    assert agreement_reminders(timezone.localdate()) == "0 regional agreements reminded about."


def test_home_page_shows_agreements_ending_soon(world, owner):
    today = timezone.localdate()
    agreement(
        owner,
        world.people["coordinator"],
        title="Politie leest de kaart",
        valid_until=today + datetime.timedelta(days=10),
    )
    agreement(
        owner,
        world.people["coordinator"],
        title="Oude afspraak",
        valid_until=today - datetime.timedelta(days=10),
    )
    page = world.client_for("coordinator").get(reverse("core:home")).content.decode()
    assert "Regional agreements ending soon" in page
    assert "Politie leest de kaart" in page and "Oude afspraak" not in page
    other = world.client_for("coordinator_other_region").get(reverse("core:home")).content.decode()
    assert "Politie leest de kaart" not in other


def test_agreement_list_filters_by_status(world, owner):
    today = timezone.localdate()
    agreement(owner, world.people["coordinator"], title="Loopt af", valid_until=today)
    agreement(
        owner,
        world.people["coordinator"],
        title="Voorbij",
        valid_until=today - datetime.timedelta(days=1),
    )
    client = world.client_for("coordinator")
    url = reverse("coordination:agreement_list", args=[world.region.slug])
    ending = client.get(url, {"status": "ending"}).content.decode()
    assert "Loopt af" in ending and "Voorbij" not in ending
    expired = client.get(url, {"status": "expired"}).content.decode()
    assert "Voorbij" in expired and "Loopt af" not in expired

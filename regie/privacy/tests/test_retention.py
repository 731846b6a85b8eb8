"""Retention: the daily job purges what outlived its period, keeps what is
fresh, never touches the access log, and says what it purged."""

from __future__ import annotations

import datetime
import io

from django.core.management import call_command
from django.utils import timezone

from regie.audit.models import AccessEvent
from regie.audit.verify import verify_chain
from regie.core.policy import actor_for_user
from regie.crisiscard.models import (
    CardRequest,
    Channel,
    HeardVia,
    RequestEvent,
    RequestState,
    StopReason,
)
from regie.people.apitokens.services import token_create
from regie.people.models import ApiToken, ApiTokenUse, Person, TokenScope, User
from regie.privacy.erasure import services
from regie.privacy.erasure.certificate import certificate_pdf
from regie.privacy.models import ErasureCertificate, ErasureReason, ErasureStatus, ErasureVia
from regie.privacy.retention.purge import purge
from regie.recovery.models import CaseState, CloseReason, RecoveryCase


def ended_request(world, *, days_ago: int, participant=None) -> CardRequest:
    card_request = CardRequest.objects.create(
        participant=participant or world.people["participant"],
        region=world.region,
        heard_via=HeardVia.GP,
        channel=Channel.ONLINE,
        state=RequestState.WITHDRAWN,
        stop_reason=StopReason.NO_NEED,
    )
    RequestEvent.objects.create(
        request=card_request,
        occurred_at=timezone.now() - datetime.timedelta(days=days_ago),
        from_state=RequestState.APPLIED,
        to_state=RequestState.WITHDRAWN,
        text="withdrawn",
    )
    return card_request


def test_an_expired_request_without_a_card_is_purged_and_a_fresh_one_kept(world, settings):
    settings.REGIE_RETENTION_REQUEST_WITHOUT_CARD_DAYS = 365
    expired = ended_request(world, days_ago=400)
    fresh = ended_request(world, days_ago=30)
    log_rows = AccessEvent.objects.count()

    report = purge(timezone.localdate())

    assert report.requests_without_card == 1
    assert not CardRequest.objects.filter(pk=expired.pk).exists()
    assert CardRequest.objects.filter(pk=fresh.pk).exists()
    assert CardRequest.objects.filter(pk=world.card_request.pk).exists()  # still running
    # The log lost nothing and gained the deletion; its chain holds.
    assert AccessEvent.objects.count() == log_rows + 1
    assert verify_chain().intact
    # Running again purges nothing more.
    assert purge(timezone.localdate()).requests_without_card == 0


def test_a_closed_recovery_case_is_purged_after_its_period(world, settings):
    settings.REGIE_RETENTION_CLOSED_CASE_YEARS = 5
    today = timezone.localdate()
    RecoveryCase.objects.filter(pk=world.case.pk).update(
        state=CaseState.CLOSED,
        close_reason=CloseReason.choices[0][0],
        closed_on=today - datetime.timedelta(days=6 * 366),
    )
    assert purge(today).closed_recovery_cases == 1
    assert not RecoveryCase.objects.filter(pk=world.case.pk).exists()


def test_the_daily_job_names_what_it_purged(world, settings):
    settings.REGIE_RETENTION_REQUEST_WITHOUT_CARD_DAYS = 365
    ended_request(world, days_ago=400)
    out = io.StringIO()
    call_command("run_daily", stdout=out)
    assert "privacy_retention" in out.getvalue()
    assert "purged 1 requests that ended without a card" in out.getvalue()


def test_a_person_whose_last_request_is_purged_is_erased_with_a_certificate(world, settings):
    settings.REGIE_RETENTION_REQUEST_WITHOUT_CARD_DAYS = 365
    person = Person.objects.create(
        first_name="Rita", last_name="Retentie", email="rita@regie.example"
    )
    user = User.objects.create_user("rita@regie.example", password="lang-genoeg-wachtwoord")
    Person.objects.filter(pk=person.pk).update(user=user)
    expired = ended_request(world, days_ago=400, participant=person)
    staff = world.people["coordinator"]  # a staff member with an expired request of their own
    ended_request(world, days_ago=400, participant=staff)

    report = purge(timezone.localdate())

    assert report.requests_without_card == 2 and report.people_erased == 1
    assert "1 people with nothing left" in report.summary()
    assert not CardRequest.objects.filter(pk=expired.pk).exists()
    person.refresh_from_db()
    assert (person.first_name, person.email, person.user_id) == ("", "", None)
    assert not User.objects.filter(pk=user.pk).exists()
    certificate = ErasureCertificate.objects.get(subject_uuid=person.uuid)
    assert certificate.reason == ErasureReason.RETENTION
    assert certificate.executed_by is None
    assert certificate.request.via == ErasureVia.RETENTION
    assert certificate.request.status == ErasureStatus.EXECUTED
    assert certificate.erased["login"] == 1 and certificate.erased["person"] == 1
    assert certificate_pdf(certificate).startswith(b"%PDF")
    assert AccessEvent.objects.filter(
        subject_uuid=person.uuid, purpose="privacy:retention_erase", actor_person_uuid__isnull=True
    ).exists()
    # The staff member and the participant with a running request keep their records.
    staff.refresh_from_db()
    world.people["participant"].refresh_from_db()
    assert staff.first_name and world.people["participant"].first_name
    assert ErasureCertificate.objects.count() == 1
    assert verify_chain().intact


def test_a_person_with_a_case_left_is_not_erased_and_an_open_request_is_carried_out(
    world, settings
):
    settings.REGIE_RETENTION_CLOSED_CASE_YEARS = 5
    client = world.client
    # The client asked for erasure; retention gets there first.
    open_request = services.erasure_request_create(
        actor=actor_for_user(client.user), person=client, via=ErasureVia.PORTAL
    )
    second = RecoveryCase.objects.create(
        client=client, organisation=world.case.organisation, opened_on=timezone.localdate()
    )
    today = timezone.localdate()
    RecoveryCase.objects.filter(pk=world.case.pk).update(
        state=CaseState.CLOSED,
        close_reason=CloseReason.choices[0][0],
        closed_on=today - datetime.timedelta(days=6 * 366),
    )
    assert purge(today).people_erased == 0  # the second case is still there
    client.refresh_from_db()
    assert client.first_name

    RecoveryCase.objects.filter(pk=second.pk).update(
        state=CaseState.CLOSED,
        close_reason=CloseReason.choices[0][0],
        closed_on=today - datetime.timedelta(days=6 * 366),
    )
    assert purge(today).people_erased == 1
    open_request.refresh_from_db()
    assert open_request.status == ErasureStatus.EXECUTED
    assert open_request.certificate.reason == ErasureReason.RETENTION


def test_api_token_uses_are_purged_after_their_period_and_ended_tokens_with_them(world, settings):
    settings.REGIE_RETENTION_API_TOKEN_USE_DAYS = 180
    owner = actor_for_user(world.people["consultant"].user)
    now = timezone.now()
    long_ago = now - datetime.timedelta(days=200)
    lately = now - datetime.timedelta(days=10)

    def token(name: str, **ended) -> ApiToken:
        made = token_create(actor=owner, name=name, scope=TokenScope.READ, days=365).token
        ApiToken.objects.filter(pk=made.pk).update(**ended)
        return made

    def use(made: ApiToken, at: datetime.datetime, refused: str = "") -> ApiTokenUse:
        return ApiTokenUse.objects.create(
            token=made,
            used_at=at,
            method="GET",
            path="/api/v1/me",
            ip_address="192.0.2.1",
            refused=refused,
        )

    live = token("live")
    revoked_long_ago = token("revoked long ago", revoked_at=long_ago)
    expired_long_ago = token("expired long ago", expires_at=long_ago)
    revoked_lately = token("revoked lately", revoked_at=lately)
    tried_lately = token("revoked long ago, tried lately", revoked_at=long_ago)
    old_uses = [use(live, long_ago), use(revoked_long_ago, long_ago)]
    old_uses += [use(revoked_lately, long_ago), use(tried_lately, long_ago)]
    kept = {use(live, lately).pk, use(tried_lately, lately, "revoked or expired").pk}
    log_rows = AccessEvent.objects.count()

    report = purge(timezone.localdate())

    assert (report.api_token_uses, report.ended_api_tokens) == (len(old_uses), 2)
    assert set(ApiTokenUse.objects.values_list("pk", flat=True)) == kept
    # A token that ended long ago goes once no use of it is left; one that
    # ended lately, or whose refused use is recent, stays until that ages out.
    assert set(ApiToken.objects.values_list("pk", flat=True)) == {
        live.pk,
        revoked_lately.pk,
        tried_lately.pk,
    }
    assert not ApiToken.objects.filter(pk__in=[revoked_long_ago.pk, expired_long_ago.pk]).exists()
    assert AccessEvent.objects.count() == log_rows
    assert "4 API token uses and 2 ended API tokens" in report.summary()
    again = purge(timezone.localdate())
    assert (again.api_token_uses, again.ended_api_tokens) == (0, 0)


def test_a_token_use_just_inside_its_period_is_kept(world, settings):
    settings.REGIE_RETENTION_API_TOKEN_USE_DAYS = 180
    owner = actor_for_user(world.people["consultant"].user)
    made = token_create(actor=owner, name="x", scope=TokenScope.READ, days=30).token
    ApiTokenUse.objects.create(
        token=made,
        used_at=timezone.now() - datetime.timedelta(days=179),
        method="GET",
        path="/api/v1/me",
    )
    assert purge(timezone.localdate()).api_token_uses == 0
    assert ApiTokenUse.objects.count() == 1

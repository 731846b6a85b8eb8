"""Security baseline: headers, MFA enforcement, passwords, lockout, sessions, errors."""

from __future__ import annotations

import time

import pytest
from allauth.mfa.models import Authenticator
from axes.models import AccessAttempt
from django.conf import settings as django_settings
from django.contrib.auth.password_validation import validate_password
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from regie.core.middleware import SESSION_LAST_SEEN
from regie.people.tests.factories import PASSWORD, PersonFactory

LOGIN = reverse("account_login")


def give_totp(user) -> None:
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": "x"})


# Headers -------------------------------------------------------------------


def test_pages_carry_a_strict_content_security_policy(world):
    response = world.client_for("consultant").get("/")
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "object-src 'none'" in csp
    assert "base-uri 'none'" in csp
    assert "frame-ancestors 'none'" in csp


def test_pages_with_personal_data_are_never_cached(world):
    for url in ["/", reverse("people:me"), reverse("account_login")]:
        response = world.client_for("participant").get(url)
        assert "no-store" in response["Cache-Control"], url


def test_nosniff_referrer_policy_and_frame_denial(client, db):
    response = client.get(LOGIN)
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


def test_production_settings_enable_hsts_and_host_cookies(monkeypatch):
    monkeypatch.setenv("DJANGO_SECRET_KEY", "x" * 60)
    monkeypatch.setenv("DJANGO_ALLOWED_HOSTS", "regie.example")
    monkeypatch.setenv("DATABASE_URL", "postgres://regie@db.regie.example/regie")
    monkeypatch.setenv("EMAIL_URL", "smtp+tls://mail.regie.example:587")
    monkeypatch.setenv("REGIE_PUBLIC_BASE_URL", "https://regie.example")
    monkeypatch.setenv("REGIE_AUDIT_KEYS", "prod:" + "k" * 40)
    monkeypatch.setenv("REGIE_AUDIT_CHECKPOINT_DIR", "/var/lib/regie/audit-checkpoints")
    import importlib

    import regie.settings.production as production

    production = importlib.reload(production)
    assert production.SECURE_HSTS_SECONDS >= 31_536_000
    assert production.SECURE_HSTS_INCLUDE_SUBDOMAINS
    assert production.SESSION_COOKIE_NAME.startswith("__Host-")
    assert production.CSRF_COOKIE_NAME.startswith("__Host-")
    assert production.SESSION_COOKIE_SECURE and production.CSRF_COOKIE_SECURE
    assert production.REGIE_STAFF_MFA is True
    assert production.DEBUG is False


# Error pages ---------------------------------------------------------------


def test_missing_page_is_a_friendly_translated_404(world):
    response = world.client_for("consultant").get("/does-not-exist/")
    assert response.status_code == 404
    assert "We cannot find this page" in response.content.decode()


def test_404_is_dutch_by_default(world):
    client = world.client_for("consultant", language="nl")
    response = client.get("/does-not-exist/")
    body = response.content.decode()
    assert 'lang="nl"' in body
    assert "We cannot find this page" not in body  # translated, not the English source


def test_server_error_shows_a_plain_page_without_traceback(rf):
    from regie.core.views import error_500

    response = error_500(rf.get("/"))
    body = response.content.decode()
    assert response.status_code == 500
    assert "Traceback" not in body
    assert "<h1>" in body


# MFA -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "persona",
    ["consultant", "coordinator", "case_director", "peer_expert", "log_manager", "administrator"],
)
def test_staff_without_mfa_are_sent_to_enrol_first(world, settings, persona):
    settings.REGIE_STAFF_MFA = True
    client = world.client_for(persona)
    for url in ["/", reverse("people:me"), reverse("admin:index")]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"] == reverse("mfa_activate_totp"), url


def test_staff_with_mfa_reach_their_pages(world, settings):
    settings.REGIE_STAFF_MFA = True
    give_totp(world.people["coordinator"].user)
    give_totp(world.people["administrator"].user)
    assert world.client_for("coordinator").get("/").status_code == 200
    assert world.client_for("administrator").get(reverse("admin:index")).status_code == 200


def test_the_second_factor_is_read_with_the_roles_not_in_a_query_of_its_own(world, settings):
    settings.REGIE_STAFF_MFA = True
    client = world.client_for("coordinator")
    with CaptureQueriesContext(connection) as without:
        assert client.get("/").status_code == 302
    give_totp(world.people["coordinator"].user)
    with CaptureQueriesContext(connection) as with_totp:
        assert client.get("/").status_code == 200
    for queries in (without, with_totp):
        asking = [q["sql"] for q in queries.captured_queries if "mfa_authenticator" in q["sql"]]
        assert len(asking) == 1
        assert "people_roleassignment" in asking[0]


def test_a_superuser_without_a_role_today_still_needs_a_second_factor(db, settings):
    settings.REGIE_STAFF_MFA = True
    person = PersonFactory(with_login=True)
    person.user.is_superuser = person.user.is_staff = True
    person.user.save(update_fields=["is_superuser", "is_staff"])
    client = Client()
    client.force_login(person.user)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")
    give_totp(person.user)
    assert client.get(reverse("admin:index")).status_code == 200


def test_participants_are_not_forced_to_enrol(world, settings):
    settings.REGIE_STAFF_MFA = True
    assert world.client_for("participant").get("/").status_code == 200


def test_mfa_enrolment_page_stays_reachable_for_staff(world, settings):
    settings.REGIE_STAFF_MFA = True
    response = world.client_for("coordinator").get(reverse("mfa_index"))
    assert response.status_code == 200


def test_with_the_setting_off_staff_are_not_redirected(world, settings):
    settings.REGIE_STAFF_MFA = False
    assert world.client_for("coordinator").get("/").status_code == 200


def test_login_of_a_user_with_totp_asks_for_the_code(world):
    give_totp(world.people["consultant"].user)
    response = Client().post(LOGIN, {"login": "consultant@regie.example", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_authenticate")


# Passwords -------------------------------------------------------------------


def test_argon2_is_the_first_password_hasher():
    from regie.settings import base

    assert base.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


@pytest.mark.parametrize(
    "password",
    ["short-pass1", "password1234", "qwertyuiop123"],
)
def test_short_and_common_passwords_are_refused(password, db):
    with pytest.raises(ValidationError):
        validate_password(password)


def test_long_passphrases_without_composition_rules_are_accepted(db):
    validate_password("paarden eten graag wortels in de winter")
    validate_password("x" * 300 + "y")


def test_absurdly_long_passwords_are_refused(db):
    with pytest.raises(ValidationError):
        validate_password("lang " * 500)


# Login, lockout, reset -------------------------------------------------------


def test_login_by_email_and_logout(world):
    client = Client()
    response = client.post(LOGIN, {"login": "consultant@regie.example", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/").status_code == 200
    old_key = client.session.session_key
    client.post(reverse("account_logout"))
    assert client.get("/").status_code == 302
    assert client.session.session_key != old_key


def test_login_gives_a_new_session_key(world):
    client = Client()
    client.get(LOGIN)
    client.session.save()
    before = client.session.session_key
    client.post(LOGIN, {"login": "consultant@regie.example", "password": PASSWORD})
    assert client.session.session_key != before


def test_wrong_password_and_unknown_account_get_the_same_answer(world):
    known = Client().post(
        LOGIN, {"login": "consultant@regie.example", "password": "wrong-password-1"}
    )
    unknown = Client().post(
        LOGIN, {"login": "nobody@regie.example", "password": "wrong-password-1"}
    )
    assert known.status_code == unknown.status_code == 200
    assert known.context["form"].errors == unknown.context["form"].errors


def test_repeated_failures_lock_the_account_on_that_address(world):
    client = Client()
    for _ in range(django_settings.AXES_FAILURE_LIMIT):
        client.post(LOGIN, {"login": "consultant@regie.example", "password": "wrong-password-1"})
    # Even the right password is refused while locked.
    response = client.post(LOGIN, {"login": "consultant@regie.example", "password": PASSWORD})
    assert response.status_code == 429
    assert AccessAttempt.objects.filter(username="consultant@regie.example").exists()
    assert client.get("/").status_code == 302  # not logged in


def test_lockout_of_an_unknown_account_looks_the_same(world):
    client = Client()
    for _ in range(django_settings.AXES_FAILURE_LIMIT):
        client.post(LOGIN, {"login": "nobody@regie.example", "password": "wrong-password-1"})
    response = client.post(LOGIN, {"login": "nobody@regie.example", "password": "wrong-password-1"})
    assert response.status_code == 429


def test_password_reset_sends_mail_and_looks_the_same_for_unknown_accounts(world):
    url = reverse("account_reset_password")
    known = Client().post(url, {"email": "consultant@regie.example"})
    unknown = Client().post(url, {"email": "nobody@regie.example"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    recipients = [m.to for m in mail.outbox]
    assert ["consultant@regie.example"] in recipients


def test_self_service_signup_is_closed(db):
    response = Client().post(
        reverse("account_signup"),
        {"email": "new@regie.example", "password1": PASSWORD, "password2": PASSWORD},
    )
    from regie.people.models import User

    assert response.status_code == 200
    assert not User.objects.filter(email="new@regie.example").exists()


# Sessions --------------------------------------------------------------------


def test_staff_are_logged_out_after_30_idle_minutes(world):
    client = world.client_for("consultant")
    assert client.get("/").status_code == 200
    session = client.session
    session[SESSION_LAST_SEEN] = int(time.time()) - 31 * 60
    session.save()
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)
    assert client.get("/").status_code == 302


def test_activity_within_the_limit_keeps_the_session(world):
    client = world.client_for("consultant")
    client.get("/")
    session = client.session
    session[SESSION_LAST_SEEN] = int(time.time()) - 29 * 60
    session.save()
    assert client.get("/").status_code == 200


def test_logout_is_not_possible_by_get(world):
    client = world.client_for("consultant")
    client.get(reverse("account_logout"))
    assert client.get("/").status_code == 200


# Property tests for the password rules -----------------------------------------


PRINTABLE = st.characters(min_codepoint=32, max_codepoint=0x2FFF, blacklist_categories=("Cs",))


@hypothesis_settings(max_examples=60, deadline=None)
@given(password=st.text(alphabet=PRINTABLE, max_size=11))
def test_every_password_shorter_than_12_characters_is_refused(password):
    with pytest.raises(ValidationError):
        validate_password(password)


@hypothesis_settings(max_examples=60, deadline=None)
@given(
    password=st.text(alphabet=PRINTABLE, min_size=16, max_size=300).filter(
        lambda p: len(set(p)) > 6
    )
)
def test_long_varied_passwords_need_no_digits_capitals_or_symbols(password):
    validate_password(password)


def test_production_refuses_a_public_address_without_https(monkeypatch):
    import importlib

    from django.core.exceptions import ImproperlyConfigured

    import regie.settings.production as production

    monkeypatch.setenv("DJANGO_SECRET_KEY", "x" * 60)
    monkeypatch.setenv("DJANGO_ALLOWED_HOSTS", "regie.example")
    monkeypatch.setenv("DATABASE_URL", "postgres://regie@db.regie.example/regie")
    monkeypatch.setenv("EMAIL_URL", "smtp+tls://mail.regie.example:587")
    monkeypatch.setenv("REGIE_PUBLIC_BASE_URL", "http://127.0.0.1:8000")
    with pytest.raises(ImproperlyConfigured, match="https"):
        importlib.reload(production)


def test_a_wrong_password_says_plainly_that_the_login_details_are_wrong(world):
    """Not the generic "not saved yet" summary, and no promise that everything typed is kept.

    The anonymous page may come in Dutch or English: both are checked."""
    for login in ("consultant@regie.example", "nobody@regie.example"):
        page = Client().post(LOGIN, {"login": login, "password": "wrong-password-1"})
        text = page.content.decode()
        assert (
            "The e-mail address, login name or password is wrong." in text
            or "Het e-mailadres, de inlognaam of het wachtwoord klopt niet." in text
        )
        for wrong in (
            "Not saved yet",
            "Nog niet opgeslagen",
            "Everything you typed is still here.",
            "Alles wat je hebt ingevuld, staat er nog.",
        ):
            assert wrong not in text

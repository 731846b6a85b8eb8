"""Activation codes: hashed, expiring, single use, rate-limited, one answer for every failure."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client as DjangoClient
from django.urls import reverse
from django.utils import timezone

from regie.audit.models import AccessEvent
from regie.people.activation import codes
from regie.people.activation.services import activation_issue
from regie.people.models import ActivationChannel, ActivationCode, ActivationPurpose, User
from regie.people.tests.factories import PersonFactory

PASSWORD = "een lange zin die ik onthoud"


def Client(**headers):
    """An anonymous browser that reads English, so assertions read like the code."""
    return DjangoClient(HTTP_ACCEPT_LANGUAGE="en", **headers)


def issue_letter(person=None, *, purpose=ActivationPurpose.PARTICIPANT):
    person = person or PersonFactory(email="")
    return person, activation_issue(
        actor=None,
        person=person,
        purpose=purpose,
        channel=ActivationChannel.LETTER,
        role="consultant",
        log_purpose="test",
    )


def type_code(client, code):
    return client.post(reverse("activation:enter"), {"code": code})


def test_only_a_keyed_hash_of_the_code_is_stored(db):
    _person, issued = issue_letter()
    stored = ActivationCode.objects.get()
    assert len(issued.secret) == 14 and issued.secret.count("-") == 2
    assert stored.digest == codes.code_digest(issued.secret)
    assert issued.secret.replace("-", "") not in stored.digest
    for row in ActivationCode.objects.values():
        assert all(issued.secret.replace("-", "") not in str(v) for v in row.values())


def test_a_person_without_email_gets_a_login_name_and_no_address(db):
    person, issued = issue_letter()
    person.refresh_from_db()
    assert person.user.email is None
    assert person.user.login_name == issued.login
    assert "@" not in issued.login and not person.user.has_usable_password()


def test_typing_the_code_then_a_password_logs_the_participant_in_on_their_portal(db):
    person, issued = issue_letter()
    client = Client()
    response = type_code(client, issued.secret.lower().replace("-", " "))
    assert response.status_code == 302 and response["Location"] == reverse("activation:password")
    page = client.get(reverse("activation:password"))
    assert issued.login in page.content.decode()
    response = client.post(
        reverse("activation:password"), {"password1": PASSWORD, "password2": PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("crisiscard:portal_home")
    assert client.session["_auth_user_id"] == str(person.user.pk)
    assert ActivationCode.objects.get().used_at is not None
    assert AccessEvent.objects.filter(purpose="activation:complete").count() == 1


def test_a_client_lands_on_their_own_recovery_pages(db):
    _person, issued = issue_letter(purpose=ActivationPurpose.CLIENT)
    client = Client()
    type_code(client, issued.secret)
    response = client.post(
        reverse("activation:password"), {"password1": PASSWORD, "password2": PASSWORD}
    )
    assert response["Location"] == reverse("recovery:my_home")


def test_a_code_works_once(db):
    _person, issued = issue_letter()
    first = Client()
    type_code(first, issued.secret)
    first.post(reverse("activation:password"), {"password1": PASSWORD, "password2": PASSWORD})
    response = type_code(Client(), issued.secret)
    assert response.status_code == 200
    assert "This code does not work" in response.content.decode()


def test_wrong_expired_and_replaced_codes_get_the_same_answer(db):
    person, issued = issue_letter()
    wrong = type_code(Client(), "AAAA-BBBB-CCCC").content.decode()
    ActivationCode.objects.update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    expired = type_code(Client(), issued.secret).content.decode()
    _same, newer = issue_letter(person)
    replaced = type_code(Client(), issued.secret).content.decode()

    def answer(html):
        start = html.index("<main")
        return html[start:].split("csrfmiddlewaretoken")[0]

    assert "This code does not work" in wrong
    assert answer(wrong) == answer(expired) == answer(replaced)
    assert type_code(Client(), newer.secret).status_code == 302


def test_a_weak_password_is_refused_and_the_code_stays_usable(db):
    _person, issued = issue_letter()
    client = Client()
    type_code(client, issued.secret)
    response = client.post(
        reverse("activation:password"), {"password1": "kort", "password2": "kort"}
    )
    assert response.status_code == 200
    assert ActivationCode.objects.get().used_at is None


def test_too_many_tries_from_one_address_are_refused(db):
    _person, issued = issue_letter()
    client = Client()
    for n in range(10):
        assert type_code(client, f"AAAA-BBBB-CCC{'ABCDEFGHJK'[n]}").status_code == 200
    assert type_code(client, issued.secret).status_code == 429


def test_too_many_tries_of_one_code_from_many_addresses_are_refused(db):
    _person, issued = issue_letter()
    for n in range(5):
        Client(REMOTE_ADDR=f"10.0.0.{n}").post(
            reverse("activation:enter"), {"code": "ZZZZ-ZZZZ-ZZZZ"}
        )
    blocked = Client(REMOTE_ADDR="10.0.1.1").post(
        reverse("activation:enter"), {"code": "ZZZZ-ZZZZ-ZZZZ"}
    )
    assert blocked.status_code == 429
    assert type_code(Client(REMOTE_ADDR="10.0.1.2"), issued.secret).status_code == 302


def test_the_password_page_without_a_correct_code_sends_back_to_the_code(db):
    response = Client().get(reverse("activation:password"))
    assert response.status_code == 302 and response["Location"] == reverse("activation:enter")


def test_a_mail_link_lets_them_choose_a_password_and_a_wrong_link_is_404(db):
    person = PersonFactory(email="nieuw@regie.example")
    issued = activation_issue(
        actor=None,
        person=person,
        purpose=ActivationPurpose.PARTICIPANT,
        channel=ActivationChannel.MAIL,
        role="consultant",
        log_purpose="test",
    )
    assert Client().get(reverse("activation:link", args=["x" * 43])).status_code == 404
    client = Client()
    url = reverse("activation:link", args=[issued.secret])
    assert client.get(url).status_code == 200
    response = client.post(url, {"password1": PASSWORD, "password2": PASSWORD})
    assert response["Location"] == reverse("crisiscard:portal_home")
    assert Client().get(url).status_code == 404  # used


def test_after_activation_they_log_in_with_the_login_name_and_others_with_email(db):
    _person, issued = issue_letter()
    client = Client()
    type_code(client, issued.secret)
    client.post(reverse("activation:password"), {"password1": PASSWORD, "password2": PASSWORD})
    login = reverse("account_login")
    response = Client().post(login, {"login": issued.login, "password": PASSWORD})
    assert response.status_code == 302
    staff = User.objects.create_user(email="iemand@regie.example", password=PASSWORD)
    response = Client().post(login, {"login": "iemand@regie.example", "password": PASSWORD})
    assert response.status_code == 302 and staff.pk


def test_a_login_needs_an_address_or_a_login_name(db):
    with pytest.raises(ValueError):
        User.objects.create_user(email=None)


def test_a_switched_off_login_is_not_switched_on_by_a_code(db):
    person, issued = issue_letter()
    User.objects.filter(pk=person.user_id).update(is_active=False)
    client = Client()
    type_code(client, issued.secret)
    response = client.post(
        reverse("activation:password"), {"password1": PASSWORD, "password2": PASSWORD}
    )
    assert response.status_code == 404
    assert not User.objects.get(pk=person.user_id).is_active
    assert "_auth_user_id" not in client.session

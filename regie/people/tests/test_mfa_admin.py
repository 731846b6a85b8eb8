"""The management screens never show an MFA secret; an administrator can only reset MFA."""

from __future__ import annotations

from allauth.mfa.models import Authenticator
from django.contrib.admin.models import LogEntry
from django.urls import reverse

from regie.audit.events import ObjectType
from regie.audit.models import AccessEvent, Action

TOTP_SECRET = "JBSWY3DPEHPK3PXPSECRETKEYTOTP234"
RECOVERY_SEED = "f00dfacecafe0123456789abcdefseed"


def give_secrets(user) -> tuple[Authenticator, Authenticator]:
    totp = Authenticator.objects.create(
        user=user, type=Authenticator.Type.TOTP, data={"secret": TOTP_SECRET}
    )
    codes = Authenticator.objects.create(
        user=user, type=Authenticator.Type.RECOVERY_CODES, data={"seed": RECOVERY_SEED}
    )
    return totp, codes


def test_the_authenticator_pages_show_no_secret(world):
    totp, codes = give_secrets(world.people["consultant"].user)
    client = world.client_for("administrator")
    pages = [
        reverse("admin:mfa_authenticator_changelist"),
        reverse("admin:mfa_authenticator_change", args=[totp.pk]),
        reverse("admin:mfa_authenticator_change", args=[codes.pk]),
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        page = response.content.decode()
        assert TOTP_SECRET not in page, url
        assert RECOVERY_SEED not in page, url
        assert "consultant@regie.example" in page, url


def test_an_administrator_cannot_add_or_edit_an_authenticator(world):
    totp, _codes = give_secrets(world.people["consultant"].user)
    client = world.client_for("administrator")
    assert client.get(reverse("admin:mfa_authenticator_add")).status_code == 403
    change = reverse("admin:mfa_authenticator_change", args=[totp.pk])
    response = client.post(change, {"type": "totp", "data": '{"secret": "MINE"}'})
    assert response.status_code == 403
    totp.refresh_from_db()
    assert totp.data == {"secret": TOTP_SECRET}
    delete = reverse("admin:mfa_authenticator_delete", args=[totp.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert Authenticator.objects.filter(pk=totp.pk).exists()


def test_resetting_mfa_removes_every_authenticator_and_is_logged(world):
    consultant = world.people["consultant"]
    totp, _codes = give_secrets(consultant.user)
    other, _ = give_secrets(world.people["coordinator"].user)
    client = world.client_for("administrator")
    response = client.post(
        reverse("admin:mfa_authenticator_changelist"),
        {"action": "reset_mfa", "_selected_action": [totp.pk]},
    )
    assert response.status_code == 302
    assert not Authenticator.objects.filter(user=consultant.user).exists()
    assert Authenticator.objects.filter(pk=other.pk).exists()
    event = AccessEvent.objects.get(purpose="admin:mfa_reset")
    assert event.action == Action.CHANGE
    assert event.object_type == ObjectType.LOGIN
    assert event.object_id == str(consultant.user.pk)
    assert event.subject_uuid == consultant.uuid
    assert event.actor_role == "administrator"
    entry = LogEntry.objects.get(object_id=str(consultant.user.pk))
    assert "MFA reset" in entry.get_change_message()


def test_an_administrator_resets_mfa_from_the_user_list(world):
    consultant = world.people["consultant"]
    give_secrets(consultant.user)
    client = world.client_for("administrator")
    response = client.post(
        reverse("admin:people_user_changelist"),
        {"action": "reset_mfa", "_selected_action": [consultant.user.pk]},
    )
    assert response.status_code == 302
    assert not Authenticator.objects.filter(user=consultant.user).exists()
    assert AccessEvent.objects.filter(purpose="admin:mfa_reset").count() == 1

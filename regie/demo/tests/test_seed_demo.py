"""`seed_demo`: idempotent, refused in production, and absent from production settings."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Count
from django.test import override_settings
from django.utils import timezone

from regie.coordination.matching.models import MatchingWish
from regie.coordination.matching.selectors import eligible_consultants
from regie.core.policy import actor_for_user
from regie.crisiscard.models import Card, CardRequest, RequestState, StopReason
from regie.crisiscard.services.requests import request_assign, request_stop
from regie.people.models import (
    ConsultantLevel,
    ConsultantQualification,
    Organisation,
    OrganisationKind,
    PeerExpertQualification,
    PeerExpertStatus,
    Person,
    Region,
    Role,
    RoleAssignment,
)
from regie.recovery.models import FamilyActivity, QuarterlyMeeting, RecoveryCase, WheelAssessment
from regie.settings import base as base_settings


def test_seed_demo_is_idempotent(db):
    call_command("seed_demo")
    counts = (
        Person.objects.count(),
        RoleAssignment.objects.count(),
        RecoveryCase.objects.count(),
        WheelAssessment.objects.count(),
        QuarterlyMeeting.objects.count(),
    )
    names = list(Person.objects.order_by("email").values_list("email", "first_name"))
    call_command("seed_demo")
    assert (
        Person.objects.count(),
        RoleAssignment.objects.count(),
        RecoveryCase.objects.count(),
        WheelAssessment.objects.count(),
        QuarterlyMeeting.objects.count(),
    ) == counts
    # Schijf van herstel: several states, a year of wheel scores, a family group,
    # the last and the next quarterly meeting.
    assert {"intake", "active", "paused", "closed", "needs_peer_expert"} <= set(
        RecoveryCase.objects.values_list("state", flat=True)
    )
    first = WheelAssessment.objects.order_by("assessed_on").first()
    last = WheelAssessment.objects.order_by("assessed_on").last()
    assert (last.assessed_on - first.assessed_on).days >= 330
    assert FamilyActivity.objects.filter(kind="self_help_group").exists()
    today = timezone.localdate()
    assert QuarterlyMeeting.objects.filter(held_on__lt=today).exists()
    assert QuarterlyMeeting.objects.filter(held_on__gt=today).exists()
    assert list(Person.objects.order_by("email").values_list("email", "first_name")) == names
    coordinator_and_consultant = Person.objects.get(email="coordinator.consulent@regie.example")
    roles = set(coordinator_and_consultant.roles.values_list("role", flat=True))
    assert roles == {Role.COORDINATOR, Role.CONSULTANT}
    assert RoleAssignment.objects.filter(role=Role.PARTICIPANT).count() >= 12
    assert RoleAssignment.objects.filter(role=Role.CASE_DIRECTOR).count() >= 2
    assert set(ConsultantQualification.objects.values_list("level", flat=True).distinct()) == {
        ConsultantLevel.MBO,
        ConsultantLevel.HBO,
    }
    assert PeerExpertQualification.objects.filter(status=PeerExpertStatus.IN_TRAINING).exists()
    assert Region.objects.count() == 2
    assert all(region.municipalities.exists() for region in Region.objects.all())
    for kind in OrganisationKind:
        if kind != OrganisationKind.OTHER:
            assert Organisation.objects.filter(kind=kind).exists(), kind


def test_seed_demo_refuses_production_settings(db, settings):
    settings.REGIE_ENVIRONMENT = "production"
    with pytest.raises(CommandError, match="production"):
        call_command("seed_demo")
    assert not Person.objects.exists()


def production_env(tmp_path) -> dict[str, str]:
    """What `make check-deploy` sets: the variables production settings require."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    env.update(
        DJANGO_SETTINGS_MODULE="regie.settings.production",
        DJANGO_SECRET_KEY="x" * 50,
        DJANGO_ALLOWED_HOSTS="regie.example",
        REGIE_PUBLIC_BASE_URL="https://regie.example",
        DATABASE_URL=f"sqlite:///{tmp_path / 'production.sqlite3'}",
        REGIE_MEDIA_ROOT=str(tmp_path / "media"),
        REGIE_AUDIT_KEYS="prod:" + "k" * 40,
        EMAIL_URL="memory://",
        REGIE_AUDIT_CHECKPOINT_DIR=str(tmp_path / "checkpoints"),
    )
    return env


def test_the_demo_app_is_installed_with_test_settings():
    assert "regie.demo" in settings.INSTALLED_APPS


def test_production_settings_do_not_install_the_demo_app(tmp_path):
    script = (
        "import django; django.setup(); from django.conf import settings; "
        "from django.core.management import get_commands; "
        "print('regie.demo' in settings.INSTALLED_APPS, 'seed_demo' in get_commands(), "
        "'seed_scale' in get_commands())"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        cwd=settings.BASE_DIR,
        env=production_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["False", "False", "False"]


@pytest.mark.parametrize("command", ["seed_demo", "seed_scale"])
def test_the_demo_commands_are_unknown_with_production_settings(tmp_path, command):
    done = subprocess.run(
        [sys.executable, "manage.py", command],
        cwd=settings.BASE_DIR,
        env=production_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode != 0
    assert f"Unknown command: '{command}'" in done.stderr
    assert not (tmp_path / "production.sqlite3").exists()


@pytest.mark.parametrize("command", ["seed_demo", "seed_scale"])
def test_the_demo_commands_raise_command_error_with_the_production_app_list(db, command):
    """The same in process: production takes its app list from base settings unchanged."""
    assert "regie.demo" not in base_settings.INSTALLED_APPS
    with (
        override_settings(INSTALLED_APPS=base_settings.INSTALLED_APPS),
        pytest.raises(CommandError, match="Unknown command"),
    ):
        call_command(command)
    assert not Person.objects.exists()


def requests_per_person() -> dict[str, int]:
    rows = CardRequest.objects.values("participant").annotate(n=Count("pk"))
    emails = dict(Person.objects.values_list("pk", "email"))
    names = dict(Person.objects.values_list("pk", "last_name"))
    return {emails[row["participant"]] or names[row["participant"]]: row["n"] for row in rows}


def test_seed_demo_after_the_demo_was_used_adds_no_requests_again(db):
    """Matching, withdrawing and closing demo requests moves them out of "applied",
    and people get an e-mail address; a second seed adds no person or request again."""
    call_command("seed_demo")
    coordinator = actor_for_user(Person.objects.get(email="coordinator@regie.example").user)
    applied = CardRequest.objects.filter(state=RequestState.APPLIED, region__slug="utrecht")
    matched = applied.get(participant__email="matching1@regie.example")
    request_assign(actor=coordinator, request=matched, consultant=eligible_consultants(matched)[0])
    for email, to_state in (
        ("matching2@regie.example", RequestState.WITHDRAWN),
        ("matching6@regie.example", RequestState.CLOSED),
        ("deelnemer01@regie.example", RequestState.WITHDRAWN),
    ):
        request_stop(
            actor=coordinator,
            request=applied.get(participant__email=email),
            to_state=to_state,
            reason=StopReason.NOT_READY,
            note="Used in the demo.",
        )
    # Staff add an e-mail address for Henk, who applied by phone without one.
    Person.objects.filter(first_name="Henk", last_name="Postma").update(email="henk@example.org")
    per_person = requests_per_person()
    counts = (Person.objects.count(), Card.objects.count(), MatchingWish.objects.count())

    call_command("seed_demo")

    assert requests_per_person() == per_person
    assert (Person.objects.count(), Card.objects.count(), MatchingWish.objects.count()) == counts
    assert per_person["matching1@regie.example"] == 1
    assert per_person["matching6@regie.example"] == 2  # the earlier, closed trajectory
    assert Person.objects.filter(first_name="Henk", last_name="Postma").count() == 1

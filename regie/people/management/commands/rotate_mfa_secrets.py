"""Seal every stored MFA secret with the first of REGIE_MFA_KEYS (decision 0049)."""

from __future__ import annotations

from typing import Any

from allauth.mfa.models import Authenticator
from django.core.management.base import BaseCommand

from regie.people.mfa_secrets import reseal_all


class Command(BaseCommand):
    help = (
        "Reseal every TOTP secret and recovery-code seed with the first key of "
        "REGIE_MFA_KEYS. Put the new key first and keep the old one after it until "
        "this has run; then the old key can go."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        changed = reseal_all(Authenticator.objects.order_by("pk"))
        self.stdout.write(f"{changed} authenticator(s) resealed with the first key.")

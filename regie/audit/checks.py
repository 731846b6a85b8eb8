"""System checks for the access log's keys (decisions/0031)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, Warning, register
from django.core.exceptions import ImproperlyConfigured

from .keys import DEV_KEYS, MIN_SECRET_LENGTH, keyring, parse_keys


@register()
def audit_keys_readable(app_configs: Any, **kwargs: Any) -> list[CheckMessage]:
    try:
        keyring()
    except ImproperlyConfigured as exc:
        return [Error(str(exc), id="audit.E001")]
    return []


@register(Tags.security, deploy=True)
def audit_keys_fit_for_production(app_configs: Any, **kwargs: Any) -> list[CheckMessage]:
    try:
        ring = keyring()
    except ImproperlyConfigured:
        return []  # audit.E001 reports it
    messages: list[CheckMessage] = []
    if parse_keys(DEV_KEYS).current in ring.secrets.values():
        messages.append(
            Warning(
                "REGIE_AUDIT_KEYS holds the public development key.",
                hint="Give each installation its own keys (docs/deploy.md).",
                id="audit.W001",
            )
        )
    if len(ring.current) < MIN_SECRET_LENGTH:
        messages.append(
            Warning(
                f"The current access-log key is shorter than {MIN_SECRET_LENGTH} characters.",
                hint="python -c 'import secrets; print(secrets.token_urlsafe(32))'",
                id="audit.W002",
            )
        )
    if not settings.REGIE_AUDIT_CHECKPOINT_DIR:
        messages.append(Warning("REGIE_AUDIT_CHECKPOINT_DIR is not set.", id="audit.W003"))
    return messages

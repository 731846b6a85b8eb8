"""Development only: the mail Django's file backend wrote, as a readable page.

Routed only when DEBUG is on and REGIE_OUTBOX_DIR is set (settings/dev.py),
and the view answers 404 otherwise, so production never shows it.
"""

from __future__ import annotations

import email
import email.policy
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

SEPARATOR = "-" * 79
MAX_MESSAGES = 50


@dataclass
class OutboxMessage:
    file: str
    subject: str
    to: str
    date: str
    text: str


def _text_of(message: email.message.EmailMessage) -> str:
    part = message.get_body(preferencelist=("plain",))
    return part.get_content() if part is not None else ""


def read_outbox(directory: Path, *, limit: int = MAX_MESSAGES) -> list[OutboxMessage]:
    """The newest messages first; each file may hold several, split by the backend's line."""
    found: list[OutboxMessage] = []
    files = sorted(directory.glob("*.log"), key=lambda p: p.stat().st_mtime, reverse=True)
    for path in files:
        chunks = [
            c for c in path.read_bytes().split(b"\n" + SEPARATOR.encode() + b"\n") if c.strip()
        ]
        for chunk in reversed(chunks):
            message = email.message_from_bytes(chunk, policy=email.policy.default)
            found.append(
                OutboxMessage(
                    file=path.name,
                    subject=str(message.get("Subject", "")),
                    to=str(message.get("To", "")),
                    date=str(message.get("Date", "")),
                    text=_text_of(message),
                )
            )
            if len(found) >= limit:
                return found
    return found


def outbox(request: HttpRequest) -> HttpResponse:
    if not settings.DEBUG or not settings.REGIE_OUTBOX_DIR:
        raise Http404
    directory = Path(settings.REGIE_OUTBOX_DIR)
    messages = read_outbox(directory) if directory.is_dir() else []
    return render(request, "core/outbox.html", {"messages": messages, "directory": directory})

"""One helper for Regie's own mails: templates by name, in the recipient's language.

A mail `<name>` is three templates: `<name>_subject.txt`, `<name>_body.txt`
and, optionally, `<name>_body.html`. They are rendered now (inside the
caller's transaction, in the recipient's language) and sent after the
transaction commits, so a rolled-back change sends nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.utils import translation


@dataclass(frozen=True)
class Rendered:
    subject: str
    text: str
    html: str | None


def render(template: str, context: dict[str, Any], *, language: str) -> Rendered:
    """Subject (one line), text and optional HTML of mail `template` in `language`."""
    with translation.override(language or settings.LANGUAGE_CODE):
        subject = render_to_string(f"{template}_subject.txt", context)
        text = render_to_string(f"{template}_body.txt", context)
        try:
            html: str | None = render_to_string(f"{template}_body.html", context)
        except TemplateDoesNotExist:
            html = None
    return Rendered(subject=" ".join(subject.split()), text=text, html=html)


def send_after_commit(
    to: str, template: str, context: dict[str, Any], *, language: str
) -> Rendered:
    """Render mail `template` for address `to` in `language`; send it after commit."""
    rendered = render(template, context, language=language)
    message = EmailMultiAlternatives(subject=rendered.subject, body=rendered.text, to=[to])
    if rendered.html:
        message.attach_alternative(rendered.html, "text/html")
    transaction.on_commit(message.send)
    return rendered

"""One helper for Regie's own mails: templates by name, in the recipient's language.

A mail `<name>` is three templates: `<name>_subject.txt`, `<name>_body.txt`
and, optionally, `<name>_body.html`. They are rendered now (inside the
caller's transaction, in the recipient's language) and handed to the task
queue after the transaction commits, so a rolled-back change sends nothing and
the request never waits for the mail server. A worker sends it (`deliver`);
a failed send is tried again and, in the end, listed for the administrator
(core.tasks, decisions/0043).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.utils import translation

from .tasks import background, enqueue_after_commit


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
    """Render mail `template` for address `to` in `language`; queue it after commit.

    Nothing is sent when the mail goes to or is about a person whose processing
    is restricted (privacy.restriction); the rendering is still returned."""
    from regie.privacy.restriction import mail_blocked  # the privacy app builds on core

    rendered = render(template, context, language=language)
    if mail_blocked(to, context):
        return rendered
    enqueue_after_commit(deliver, to, rendered.subject, rendered.text, rendered.html)
    return rendered


@background
def deliver(to: str, subject: str, text: str, html: str | None) -> None:
    """Send one rendered mail (a task: retried when the mail server fails)."""
    message = EmailMultiAlternatives(subject=subject, body=text, to=[to])
    if html:
        message.attach_alternative(html, "text/html")
    message.send()

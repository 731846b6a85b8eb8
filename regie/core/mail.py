"""One helper for Regie's own mails: templates by name, in the recipient's language.

A mail `<name>` is three templates: `<name>_subject.txt`, `<name>_body.txt`
and, optionally, `<name>_body.html`. They are rendered now (inside the
caller's transaction, in the recipient's language) and handed to the task
queue after the transaction commits, so a rolled-back change sends nothing and
the request never waits for the mail server. A worker sends it (`deliver`);
a failed send is tried again and, in the end, listed for the administrator
(core.tasks, decisions/0043). A job that tells many people at once queues
only ids instead (`send_later`), and the worker renders each mail when it
sends it (decisions/0051).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.core.mail import EmailMultiAlternatives
from django.db.models import Model
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.utils import translation

from .tasks import background, enqueue_after_commit

if TYPE_CHECKING:
    from regie.people.models import Person


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
    _send(to, subject, text, html)


def _send(to: str, subject: str, text: str, html: str | None) -> None:
    message = EmailMultiAlternatives(subject=subject, body=text, to=[to])
    if html:
        message.attach_alternative(html, "text/html")
    message.send()


def send_later(person: Person, template: str, context: Mapping[str, Model | str]) -> None:
    """Queue mail `template` to `person` after commit, rendered by the worker
    that sends it (`render_and_deliver`).

    For a job that tells many people at once (`run_daily`): the job writes only
    ids to the queue, not the rendered mail. `context` holds model instances
    (queued as their ids) and text. The worker reads them again when it sends,
    so the mail is in the person's language of that moment, goes to their
    address of that moment, and is not sent when they have no address any
    more, when an object is gone (erased meanwhile), or when the person or
    someone the mail is about has a processing restriction then. The queue
    holds no address and no text of the mail.
    """
    about: dict[str, list[str | int]] = {}
    text: dict[str, str] = {}
    for name, value in context.items():
        if isinstance(value, Model):
            about[name] = [value._meta.label_lower, value.pk]
        elif isinstance(value, str):
            text[name] = value
        else:
            raise TypeError(f"send_later: {name} is neither a model instance nor text")
    enqueue_after_commit(render_and_deliver, person.pk, template, about, text)


@background
def render_and_deliver(
    person_id: int, template: str, about: dict[str, list[Any]], text: dict[str, str]
) -> None:
    """Render and send a mail queued by `send_later` (a task: retried when the
    mail server fails, rendered again then)."""
    from regie.people.models import Person
    from regie.privacy.restriction import mail_blocked

    try:
        person = Person.objects.get(pk=person_id)
        objects = {
            name: apps.get_model(label)._default_manager.get(pk=pk)
            for name, (label, pk) in about.items()
        }
    except ObjectDoesNotExist:
        return  # removed since it was queued (erasure): nobody to tell, nothing to tell
    if not person.email:
        return
    context = {"person": person, **objects, **text}
    if mail_blocked(person.email, context):
        return
    rendered = render(
        template, context, language=person.preferred_language or settings.LANGUAGE_CODE
    )
    _send(person.email, rendered.subject, rendered.text, rendered.html)

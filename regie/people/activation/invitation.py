"""Regie's own invitation: a mail with a link, or a letter with a code.

Both explain what Regie is, who invited the person and why, in the person's
own language (Person.preferred_language). Templates by name:
`people/invitations/<purpose>_{subject,body}.txt` for the mail and
`people/invitations/letter_<purpose>.txt` for the letter (first line the
subject, blank lines between paragraphs).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from regie.core import links, mail
from regie.core.letters import Letter, split_text
from regie.people.models import Organisation, Person

from .services import Issued


@dataclass(frozen=True)
class Inviter:
    person: Person | None
    organisation: Organisation | None

    @property
    def sender(self) -> str:
        names = [
            n
            for n in (
                self.organisation and self.organisation.name,
                self.person and self.person.full_name,
            )
            if n
        ]
        return " · ".join(names) or "Regie"


def _language(person: Person) -> str:
    return person.preferred_language or settings.LANGUAGE_CODE


def _context(issued: Issued, person: Person, inviter: Inviter) -> dict[str, Any]:
    with translation.override(_language(person)):
        expires = date_format(timezone.localtime(issued.activation.expires_at).date(), "j F Y")
    return {
        "person": person,
        "inviter": inviter.person,
        "organisation": inviter.organisation,
        "expires_on": expires,
        "activation_address": links.absolute(reverse("activation:enter")),
        "login": issued.login,
    }


def send_invitation_mail(*, issued: Issued, person: Person, inviter: Inviter) -> None:
    """Mail the invitation link to the person, in their language, after commit."""
    context = _context(issued, person, inviter)
    context["link"] = links.absolute(reverse("activation:link", kwargs={"token": issued.secret}))
    mail.send_after_commit(
        person.email,
        f"people/invitations/{issued.activation.purpose}",
        context,
        language=_language(person),
    )


def recipient_lines(person: Person) -> list[str]:
    place = " ".join(p for p in (person.postcode, person.city) if p)
    return [person.full_name, person.address, place]


def invitation_letter(*, issued: Issued, person: Person, inviter: Inviter) -> Letter:
    """The letter with the code, in the person's language."""
    context = _context(issued, person, inviter)
    with translation.override(_language(person)):
        text = render_to_string(
            f"people/invitations/letter_{issued.activation.purpose}.txt", context
        )
        subject, paragraphs = split_text(text)
        box = [
            (_("Go to"), context["activation_address"]),
            (_("Type this code"), issued.secret),
            (_("You log in with"), issued.login),
            (_("The code works until"), context["expires_on"]),
        ]
    return Letter(
        recipient=recipient_lines(person),
        sender=inviter.sender,
        date=timezone.localdate(),
        subject=subject,
        paragraphs=paragraphs,
        box=box,
    )

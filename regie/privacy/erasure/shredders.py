"""The erasure machinery: what goes when a person's data is erased, and when
retention expires one request or one case.

Each shredder deletes rows (and the files behind them) or irreversibly
redacts what must stay, and returns a count per kind of data. Nothing here
checks who may: the services and the retention job do. Nothing here touches
the access log, which keeps its rows (it names people by uuid only).

Order matters because of PROTECT foreign keys: signatures before parties and
plan versions, cards before plan versions and requests, versions before plans.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db.models import FileField, Model, Q
from django.utils.translation import gettext_lazy as _

from regie.coordination.models import QualityReview, RegionalMeeting, StakeholderContact, TimeEntry
from regie.crisiscard.models import (
    Card,
    CardRequest,
    ChangeProposal,
    Conversation,
    EmergencyLink,
    Notification,
    Party,
    PlanVersion,
    PrintItem,
    RequestEvent,
    Signature,
)
from regie.crisiscard.models.sharing import SharingChange
from regie.people.models import ActivationCode, Person, Role, User
from regie.recovery.models import (
    CaseContact,
    CaseEvent,
    CaseRelative,
    QuarterlyMeeting,
    RecoveryCase,
    RelativeNote,
)

from .plans import REDACTED, redact_plans

# The kinds of data a shredder counts, in the words of the certificate.
KINDS = {
    "card_request": _("crisis card requests"),
    "conversation": _("conversations"),
    "plan": _("crisis plans (with their drafts and proposals)"),
    "plan_version": _("final plan versions"),
    "card": _("crisis cards"),
    "party": _("people and organisations in a plan"),
    "signature": _("signatures"),
    "file": _("uploaded files"),
    "emergency_link": _("QR-code links"),
    "print_item": _("printed letters and cards"),
    "queued_mail": _("mails waiting or kept in the task queue"),
    "recovery_case": _("recovery cases (with goals, contacts and notes)"),
    "relative_note": _("notes about the person as a family member or friend"),
    "relative_link": _("links as a family member or friend"),
    "redacted_text": _("mentions in other records, redacted"),
    "login": _("logins"),
    "person": _("personal details, emptied"),
}


def _delete_files(instances: Iterable[Model]) -> int:
    """Delete the stored files of these rows from MEDIA_ROOT; the rows follow."""
    count = 0
    for instance in instances:
        for field in instance._meta.concrete_fields:
            if isinstance(field, FileField):
                stored = getattr(instance, field.name)
                if stored and stored.name:
                    stored.storage.delete(stored.name)
                    count += 1
    return count


def shred_card_request(card_request: CardRequest) -> Counter[str]:
    """Delete one crisis card request and everything made for it: events,
    conversations, the plan with drafts, versions and proposals, parties with
    their sharing grants and links, signatures with their scans, cards with
    their evaluations, reviews and print items, matching rows."""
    counts: Counter[str] = Counter()
    plan = getattr(card_request, "plan", None)
    versions = (
        PlanVersion.objects.filter(plan=plan) if plan is not None else PlanVersion.objects.none()
    )
    signatures = list(
        Signature.objects.filter(Q(version__in=versions) | Q(party__request=card_request))
    )
    counts["file"] += _delete_files(signatures)
    counts["signature"] += len(signatures)
    Signature.objects.filter(pk__in=[signature.pk for signature in signatures]).delete()
    cards = Card.objects.filter(request=card_request)
    counts["card"] += cards.count()
    cards.delete()  # with their evaluations, quality reviews and print items
    counts["plan_version"] += versions.count()
    versions.delete()
    counts["conversation"] += card_request.conversations.count()
    counts["party"] += card_request.parties.count()
    counts["plan"] += 1 if plan is not None else 0
    counts["print_item"] += PrintItem.objects.filter(request=card_request).count()
    card_request.delete()
    counts["card_request"] += 1
    return counts


def shred_recovery_case(case: RecoveryCase) -> Counter[str]:
    """Delete one recovery case and everything in it: team, partners, wheel,
    goals and actions, contacts, events, relatives' links and notes."""
    counts: Counter[str] = Counter()
    counts["relative_note"] += case.relative_notes.count()
    case.delete()
    counts["recovery_case"] += 1
    return counts


def _needles(person: Person) -> list[str]:
    """What identifies the person in free text written elsewhere."""
    needles = [person.full_name]
    if len(person.last_name) >= 3:
        needles.append(person.last_name)
    needles += [value for value in (person.email, person.phone) if len(value) >= 6]
    return [needle for needle in needles if needle.strip()]


def _redact_text(value: str, needles: list[str]) -> str:
    """Lines that mention the person go entirely: a line about someone is
    about them even where it does not repeat the name."""
    pattern = re.compile("|".join(re.escape(n) for n in needles), re.IGNORECASE)
    lines = [REDACTED if pattern.search(line) else line for line in value.split("\n")]
    return "\n".join(lines)


# Free text kept for other people's sake (meeting minutes, other cases'
# notes) that may name the erased person: (model, field).
KEPT_TEXT: list[tuple[type[Model], str]] = [
    (QuarterlyMeeting, "agenda"),
    (QuarterlyMeeting, "minutes"),
    (RegionalMeeting, "agenda"),
    (RegionalMeeting, "notes"),
    (RegionalMeeting, "participants"),
    (StakeholderContact, "summary"),
    (TimeEntry, "note"),
    (CaseContact, "with_whom"),
    (CaseContact, "notes"),
    (CaseEvent, "text"),
    (RelativeNote, "text"),
    (Conversation, "others_present"),
    (Conversation, "notes"),
    (Conversation, "outcome"),
    (RequestEvent, "text"),
    (SharingChange, "grantee_name"),
    (Party, "name"),
    (ChangeProposal, "text"),
    (Signature, "typed_name"),
    (Signature, "decline_reason"),
    (QualityReview, "comments"),
    (LogEntry, "object_repr"),
    (LogEntry, "change_message"),
]


def redact_mentions(person: Person, *, extra_first_name_in: Iterable[QuarterlyMeeting] = ()) -> int:
    """Redact the lines that name the person in free text kept for others.
    In the quarterly meetings of the person's own cases the first name alone
    counts too. Returns how many values changed."""
    needles = _needles(person)
    changed = 0
    for model, field in KEPT_TEXT:
        condition = Q()
        for needle in needles:
            condition |= Q(**{f"{field}__icontains": needle})
        for row in model._default_manager.filter(condition):
            setattr(row, field, _redact_text(getattr(row, field), needles))
            row.save(update_fields=[field])
            changed += 1
    if len(person.first_name) >= 3:
        for meeting in extra_first_name_in:
            for field in ("agenda", "minutes"):
                value = getattr(meeting, field)
                redacted = _redact_text(value, [*needles, person.first_name])
                if redacted != value:
                    setattr(meeting, field, redacted)
                    meeting.save(update_fields=[field])
                    changed += 1
    return changed


def _shred_login(user: User) -> int:
    """Delete the login with its e-mail addresses, MFA, sessions and lockout
    records: the access log names logins by number only."""
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog
    from django.contrib.sessions.models import Session

    names = [value for value in (user.email, user.login_name) if value]
    for model in (AccessAttempt, AccessFailureLog, AccessLog):
        model.objects.filter(username__in=names).delete()
    user_id = str(user.pk)
    for session in Session.objects.all().iterator():
        if session.get_decoded().get("_auth_user_id") == user_id:
            session.delete()
    user.delete()
    return 1


def _shred_queued_mail(addresses: set[str]) -> int:
    """Mails to these addresses in the task queue (waiting or finished) and in the
    failed-task list: each holds the address and the mail's whole text.

    A mail a worker is sending at this moment is left to finish; the queue's
    daily prune (`prune_db_task_results`) removes its row.
    """
    from django_tasks_db.models import DBTaskResult

    from regie.core.mail import deliver
    from regie.core.models import FailedTask

    if not addresses:
        return 0
    path = f"{deliver.func.__module__}.{deliver.func.__qualname__}"
    to = Q()
    for address in addresses:
        to |= Q(args_kwargs__args__0__iexact=address)
    queued = DBTaskResult.objects.filter(to, task_path=path).exclude(status="RUNNING")
    failed_to = Q()
    for address in addresses:
        failed_to |= Q(arguments__args__0__iexact=address)
    failed = FailedTask.objects.filter(failed_to, task_path=path)
    return int(queued.delete()[0]) + int(failed.delete()[0])


def _addresses(person: Person) -> set[str]:
    """Every e-mail address Regie holds for the person, lower case."""
    from allauth.account.models import EmailAddress

    found = [person.email]
    if person.user is not None:
        found.append(person.user.email or "")
        found += EmailAddress.objects.filter(user=person.user).values_list("email", flat=True)
    return {address.lower() for address in found if address}


def shred_person(person: Person) -> Counter[str]:
    """Erase everything Regie holds about a participant, client or relative.

    Their requests and recovery cases go whole; their place as a relative in
    other people's cases goes; mentions in records kept for others are
    redacted; the login goes; the person row stays as an empty pseudonym,
    because the access log and other people's records name it by id.
    """
    counts: Counter[str] = Counter()
    for card_request in CardRequest.objects.filter(participant=person):
        counts += shred_card_request(card_request)
    own_meetings = list(
        QuarterlyMeeting.objects.filter(
            organisation__in=RecoveryCase.objects.filter(client=person).values("organisation")
        )
    )
    for case in RecoveryCase.objects.filter(client=person):
        counts += shred_recovery_case(case)
    counts["relative_note"] += (
        RelativeNote.objects.filter(relative=person).delete()[1].get(RelativeNote._meta.label, 0)
    )
    counts["relative_link"] += (
        CaseRelative.objects.filter(person=person).delete()[1].get(CaseRelative._meta.label, 0)
    )
    person.family_activities_attended.clear()
    links = EmergencyLink.objects.filter(holder=person)
    counts["emergency_link"] += links.count()
    links.delete()
    counts["print_item"] += (
        PrintItem.objects.filter(recipient=person).delete()[1].get(PrintItem._meta.label, 0)
    )
    Notification.objects.filter(recipient=person).delete()
    ActivationCode.objects.filter(person=person).delete()
    person.roles.filter(role=Role.PARTICIPANT).delete()
    counts["redacted_text"] += redact_mentions(person, extra_first_name_in=own_meetings)
    # Other participants' plans, their versions and cards (plans.py says why
    # established versions are updated in place).
    counts["redacted_text"] += redact_plans(_needles(person))
    # Parties in other people's plans that are this person keep their place
    # (the plan's agreements name them) but lose name, address and number.
    for party in Party.objects.filter(person=person):
        party.name, party.email, party.phone = REDACTED, "", ""
        party.save(update_fields=["name", "email", "phone"])
    LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Person), object_id=str(person.pk)
    ).update(object_repr=REDACTED, change_message="")
    counts["queued_mail"] += _shred_queued_mail(_addresses(person))
    if person.user is not None:
        user = person.user
        LogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(User), object_id=str(user.pk)
        ).update(object_repr=REDACTED, change_message="")
        person.user = None
        person.save(update_fields=["user"])
        counts["login"] += _shred_login(user)
    _empty_person(person)
    counts["person"] += 1
    return counts


def _empty_person(person: Person) -> None:
    person.first_name = ""
    person.last_name = f"#{str(person.uuid)[:8]}"
    person.email = person.phone = person.address = person.postcode = person.city = ""
    person.date_of_birth = None
    person.save(
        update_fields=[
            "first_name",
            "last_name",
            "email",
            "phone",
            "address",
            "postcode",
            "city",
            "date_of_birth",
        ]
    )

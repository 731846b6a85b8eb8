"""Who may see what: the participant's sharing grid and the parties' read links.

The participant decides (`sharing_decide`, `sharing_proposal_decide`,
`read_link_renew`); the consultant only proposes (`sharing_propose`). A party
with ticked sections has a standing read link (only its digest is stored);
taking every tick away revokes it at once. Opening a read link and the
responder route are in services/shared_reading.py. See
docs/decisions/0022-sharing-consent.md.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from regie.audit.events import ObjectType
from regie.audit.models import Action
from regie.audit.services import record
from regie.core import mail
from regie.core.policy import Actor
from regie.people.models import Role
from regie.privacy.restriction import ensure_not_restricted

from ..access import relation
from ..models import (
    CardRequest,
    Party,
    ResponderType,
    Sharing,
    SharingChange,
    SharingGrant,
    SharingProposal,
    new_token,
    token_digest,
)
from ..models.sharing import grantee_key
from .errors import CrisisCardError
from .parties import SHAREABLE_SECTIONS
from .portal import send_after_commit

LINK_VALID_DAYS = 365


class StaleSharing(CrisisCardError):
    """Someone saved the grid since this form was loaded; nothing was changed."""

    status = 409


@dataclass(frozen=True)
class Grantee:
    key: str
    name: str
    party: Party | None = None
    responder_type: str = ""


@dataclass
class Decision:
    """What one save changed, and the read links made (shown once, right after)."""

    changed: list[str] = field(default_factory=list)
    new_links: list[dict[str, object]] = field(default_factory=list)
    revision: int = 0


def grantees(request: CardRequest) -> list[Grantee]:
    """The grid's rows: the request's parties (by name), then the four responder types."""
    rows = [
        Grantee(grantee_key(party=party), party.name, party=party)
        for party in Party.objects.filter(request=request).order_by("name", "pk")
    ]
    rows += [
        Grantee(grantee_key(responder_type=value), str(label), responder_type=value)
        for value, label in ResponderType.choices
    ]
    return rows


def current_grid(request: CardRequest) -> dict[str, list[str]]:
    """{grantee key: ticked sections} for every grantee with a grant row."""
    return {
        grant.key: list(grant.sections)
        for grant in SharingGrant.objects.filter(request=request).select_related("party")
    }


def sharing_for(request: CardRequest) -> Sharing:
    """The request's sharing settings; an unsaved default (revision 0) before the first save."""
    return Sharing.objects.filter(request=request).first() or Sharing(request=request)


def shared_with_party(party: Party) -> list[str]:
    """The sections the participant shares with this party today (for the signing page)."""
    grant = SharingGrant.objects.filter(party=party).first()
    return list(grant.sections) if grant is not None else []


def _clean_grid(
    request: CardRequest, grid: Mapping[str, Iterable[str]], rows: list[Grantee]
) -> dict[str, list[str]]:
    known = {row.key for row in rows}
    unknown = [key for key in grid if key not in known]
    if unknown:
        raise CrisisCardError(_("Choose only people and organisations from the list."))
    cleaned = {}
    for key, sections in grid.items():
        chosen = set(sections)
        if chosen - set(SHAREABLE_SECTIONS):
            raise CrisisCardError(_("Choose only parts of the plan from the list."))
        cleaned[key] = [s for s in SHAREABLE_SECTIONS if s in chosen]  # plan order
    return cleaned


def _require_participant(actor: Actor, request: CardRequest) -> None:
    access = relation(actor, request)
    if access is None or not access.is_participant:
        raise CrisisCardError(_("Only the card holder decides who may see their plan."))


def _read_url(token: str) -> str:
    return settings.REGIE_PUBLIC_BASE_URL.rstrip("/") + reverse(
        "crisiscard:party_read", kwargs={"token": token}
    )


def _mail_party(party: Party, token: str, expires_at: datetime.datetime) -> bool:
    """Mail the party their read link after commit, in Dutch (or their own language)."""
    if not party.email:
        return False
    request = party.request
    language = party.person.preferred_language if party.person is not None else "nl"
    context = {
        "party": party,
        "participant": request.participant,
        "consultant": request.consultant,
        "url": _read_url(token),
        "expires_at": expires_at,
    }
    mail.send_after_commit(
        party.email, "crisiscard/sharing/emails/read_link", context, language=language or "nl"
    )
    return True


def _make_link(grant: SharingGrant, now: datetime.datetime) -> dict[str, object]:
    """A fresh read link for a party's grant: a new token (the old one stops), mailed."""
    assert grant.party is not None
    token = new_token()
    grant.link_digest = token_digest(token)
    grant.link_created_at = now
    grant.link_expires_at = now + datetime.timedelta(days=LINK_VALID_DAYS)
    grant.link_revoked_at = None
    mailed = _mail_party(grant.party, token, grant.link_expires_at)
    return {
        "name": grant.party.name,
        "url": _read_url(token),
        "expires_at": grant.link_expires_at,
        "mailed": mailed,
        "email": grant.party.email,
    }


def _apply(
    *,
    actor: Actor,
    request: CardRequest,
    grid: Mapping[str, list[str]],
    rows: list[Grantee],
    sharing: Sharing,
    via: str,
) -> Decision:
    """Write the grid's changed rows, their history and links; the caller logs and checks."""
    now = timezone.now()
    by_key = {row.key: row for row in rows}
    grants = {
        grant.key: grant
        for grant in SharingGrant.objects.filter(request=request).select_related("party")
    }
    decision = Decision()
    history = []
    for key, sections in grid.items():
        grant = grants.get(key)
        before = list(grant.sections) if grant is not None else []
        if before == sections:
            continue
        row = by_key[key]
        if grant is None:
            grant = SharingGrant(
                request=request, party=row.party, responder_type=row.responder_type
            )
        grant.sections = sections
        if row.party is not None:
            if sections and not grant.link_live(now):
                decision.new_links.append(_make_link(grant, now))
            elif not sections and grant.link_digest and grant.link_revoked_at is None:
                grant.link_revoked_at = now  # withdrawn: the link stops at once
        grant.save()
        decision.changed.append(key)
        history.append((key, row.name, sections))
    if decision.changed:
        sharing.revision += 1
        sharing.changed_at = now
        sharing.changed_by = actor.person
        SharingChange.objects.bulk_create(
            SharingChange(
                request=request,
                revision=sharing.revision,
                grantee=key,
                grantee_name=name[:200],
                sections=sections,
                via=via,
                changed_at=now,
                changed_by=actor.person,
            )
            for key, name, sections in history
        )
    decision.revision = sharing.revision
    return decision


def _locked_sharing(request: CardRequest) -> Sharing:
    Sharing.objects.get_or_create(request=request)
    return Sharing.objects.select_for_update().get(request=request)


@transaction.atomic
def sharing_decide(
    *,
    actor: Actor,
    request: CardRequest,
    grid: Mapping[str, Iterable[str]],
    revision: int,
    notify_emergency: bool,
) -> Decision:
    """The participant sets who may see which sections of their plan.

    Who may: the participant of the request, only. What changes: the grant of
    every grantee in `grid` whose sections differ (a grantee left out keeps its
    sections), one history row each, the grid's revision, the notice wish; a
    party that gets sections and has no live read link gets a new one (mailed
    when it has an address), a party whose sections all go loses its link at
    once. One access-log CHANGE. Raises StaleSharing when the grid changed
    since `revision` (nothing is saved), CrisisCardError for anyone else or an
    unknown grantee or section.
    """
    # Allowed while processing is restricted: the person's own choice of who
    # sees what (narrowing it is how they withdraw consent).
    _require_participant(actor, request)
    rows = grantees(request)
    cleaned = _clean_grid(request, grid, rows)
    sharing = _locked_sharing(request)
    if sharing.revision != revision:
        raise StaleSharing(
            _(
                "Someone else changed who may see your plan while you were choosing. "
                "Nothing was saved. Look at your choices below and save again."
            )
        )
    decision = _apply(
        actor=actor,
        request=request,
        grid=cleaned,
        rows=rows,
        sharing=sharing,
        via=SharingChange.Via.DECISION,
    )
    notice_changed = sharing.notify_emergency != notify_emergency
    sharing.notify_emergency = notify_emergency
    if notice_changed and not decision.changed:
        sharing.revision += 1
        sharing.changed_at = timezone.now()
        sharing.changed_by = actor.person
        decision.revision = sharing.revision
    if decision.changed or notice_changed:
        sharing.save()
        record(
            actor=actor,
            action=Action.CHANGE,
            purpose="crisiscard:portal_sharing",
            object_type=ObjectType.SHARING,
            object_id=str(request.uuid),
            subject=request.participant,
            part=_part(decision.changed, notice_changed),
            role=Role.PARTICIPANT,
            legal_basis="consent",
        )
    return decision


def _part(keys: list[str], notice: bool) -> str:
    names = [key.split(":", 1)[0] for key in keys]  # "party" / "responder": no names in the log
    counts = {name: names.count(name) for name in dict.fromkeys(names)}
    part = ",".join(f"{name}:{count}" for name, count in counts.items())
    if notice:
        part = f"{part},notice" if part else "notice"
    return part[:100]


@transaction.atomic
def read_link_renew(*, actor: Actor, grant: SharingGrant) -> dict[str, object]:
    """The participant makes a new read link for a party that may see sections.

    Who may: the participant of the grant's request. What changes: a new token
    and a new expiry a year from now (the old link stops at once), mailed to the
    party when it has an address; one access-log CHANGE. Raises CrisisCardError
    for anyone else, a responder type, or a party that may see nothing.
    """
    # Allowed while processing is restricted: the participant's own sharing choice.
    grant = (
        SharingGrant.objects.select_for_update(of=("self",))
        .select_related("party", "request")
        .get(pk=grant.pk)
    )
    _require_participant(actor, grant.request)
    if grant.party is None or not grant.sections:
        raise CrisisCardError(_("This party may not see anything now, so it gets no link."))
    link = _make_link(grant, timezone.now())
    grant.save(
        update_fields=["link_digest", "link_created_at", "link_expires_at", "link_revoked_at"]
    )
    record(
        actor=actor,
        action=Action.CHANGE,
        purpose="crisiscard:portal_sharing_renew",
        object_type=ObjectType.READ_LINK,
        object_id=str(grant.uuid),
        subject=grant.request.participant,
        role=Role.PARTICIPANT,
    )
    return link


@transaction.atomic
def sharing_propose(
    *, actor: Actor, request: CardRequest, grid: Mapping[str, Iterable[str]]
) -> SharingProposal:
    """The consultant proposes a change to the grid; the participant decides.

    Who may: the assigned consultant, only. What changes: a new open proposal
    holding only the grantees whose sections differ from today's; an older open
    proposal is superseded; the participant is mailed; one access-log CREATE.
    Nothing in the grid itself changes. Raises CrisisCardError for anyone else,
    an unknown grantee or section, or a proposal that changes nothing.
    """
    access = relation(actor, request)
    if access is None or not access.is_consultant:
        raise CrisisCardError(_("Only the participant's consultant can propose this."))
    ensure_not_restricted(request.participant_id)
    cleaned = _clean_grid(request, grid, grantees(request))
    today = current_grid(request)
    changes = {key: value for key, value in cleaned.items() if today.get(key, []) != value}
    if not changes:
        raise CrisisCardError(_("This proposal changes nothing. Tick or untick something first."))
    SharingProposal.objects.filter(request=request, status=SharingProposal.Status.OPEN).update(
        status=SharingProposal.Status.SUPERSEDED, decided_at=timezone.now()
    )
    assert actor.person is not None
    proposal = SharingProposal.objects.create(request=request, grid=changes, author=actor.person)
    record(
        actor=actor,
        action=Action.CREATE,
        purpose="crisiscard:sharing_propose",
        object_type=ObjectType.SHARING_PROPOSAL,
        object_id=str(proposal.uuid),
        subject=request.participant,
        role=Role.CONSULTANT,
    )
    send_after_commit(
        request.participant,
        "crisiscard/sharing/emails/proposal",
        {"consultant": actor.person},
    )
    return proposal


@transaction.atomic
def sharing_proposal_decide(
    *, actor: Actor, proposal: SharingProposal, accept: bool, revision: int
) -> Decision:
    """The participant accepts or declines a consultant's proposal.

    Who may: the participant of the proposal's request, only (a consultant is
    refused). What changes: the proposal's status; when accepted, the grid as
    `sharing_decide` would change it (history rows say "proposal"). One
    access-log CHANGE. Raises StaleSharing when the grid changed since
    `revision`, CrisisCardError for anyone else or a proposal no longer open.
    """
    request = proposal.request
    # Allowed while processing is restricted: the participant's own sharing choice.
    _require_participant(actor, request)
    proposal = SharingProposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.status != SharingProposal.Status.OPEN:
        raise CrisisCardError(_("This proposal has already been answered or replaced."))
    sharing = _locked_sharing(request)
    decision = Decision(revision=sharing.revision)
    if accept:
        if sharing.revision != revision:
            raise StaleSharing(
                _(
                    "Who may see your plan changed while you were reading the proposal. "
                    "Nothing was saved. Look at it again."
                )
            )
        rows = grantees(request)
        # A party removed since the proposal was made is skipped.
        known = {row.key for row in rows}
        grid = {k: v for k, v in proposal.grid.items() if k in known}
        cleaned = _clean_grid(request, grid, rows)
        decision = _apply(
            actor=actor,
            request=request,
            grid=cleaned,
            rows=rows,
            sharing=sharing,
            via=SharingChange.Via.PROPOSAL,
        )
        if decision.changed:
            sharing.save()
    proposal.status = SharingProposal.Status.ACCEPTED if accept else SharingProposal.Status.DECLINED
    proposal.decided_at = timezone.now()
    proposal.save(update_fields=["status", "decided_at"])
    record(
        actor=actor,
        action=Action.CHANGE,
        purpose="crisiscard:portal_sharing_proposal",
        object_type=ObjectType.SHARING_PROPOSAL,
        object_id=str(proposal.uuid),
        subject=request.participant,
        part=proposal.status,
        role=Role.PARTICIPANT,
        legal_basis="consent",
    )
    return decision

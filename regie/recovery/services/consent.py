"""The client's own sharing choices: their crisis card with the team, and what
the family peer expert and each partner may read of their case.

Only the client makes these choices (eigen regie); staff see them, never set
them. Every change raises the case's consent revision, so a page opened
before another change cannot silently undo it, and is written to the case
timeline and the access log.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from regie.audit.events import ObjectType
from regie.audit.models import Action
from regie.audit.services import record
from regie.core.policy import Actor

from ..access import CLIENT_LOG_ROLE
from ..models import (
    FAMILY_PEER_EXPERT_DEFAULT,
    PARTNER_DEFAULT,
    CaseEvent,
    CasePartner,
    CaseState,
    ClientConsent,
    ConsentPart,
    RecoveryCase,
)
from .errors import RecoveryError


class StaleSharing(RecoveryError):
    """The choices changed since the page was opened; the new revision is kept."""

    status = 409

    def __init__(self, revision: int) -> None:
        super().__init__(
            _(
                "Your choices were changed in the meantime, maybe on another screen. "
                "Nothing is saved yet. Check your ticks below and save again."
            )
        )
        self.revision = revision


@dataclass(frozen=True)
class SharingChoices:
    share_crisis_card: bool
    family_peer_expert: frozenset[str]
    partners: dict[int, frozenset[str]]  # CasePartner pk → parts


def current_partners(case: RecoveryCase) -> list[CasePartner]:
    return list(
        CasePartner.objects.filter(case=case, ended_on__isnull=True).select_related(
            "person", "organisation", "life_area"
        )
    )


def sharing_choices(case: RecoveryCase, partners: list[CasePartner]) -> SharingChoices:
    """The choices in force now (saved, or the defaults), in one query."""
    rows = {row.partner_id: row.parts for row in ClientConsent.objects.filter(case=case)}
    return SharingChoices(
        share_crisis_card=case.share_crisis_card,
        family_peer_expert=rows.get(None, FAMILY_PEER_EXPERT_DEFAULT),
        partners={p.pk: rows.get(p.pk, PARTNER_DEFAULT) for p in partners},
    )


def _describe(parts: frozenset[str]) -> str:
    labels = [str(ConsentPart(p).label).lower() for p in ConsentPart.values if p in parts]
    return ", ".join(labels) if labels else _("nothing")


@transaction.atomic
def client_sharing_set(
    *, actor: Actor, case: RecoveryCase, revision: int, choices: SharingChoices
) -> RecoveryCase:
    """Save the client's sharing choices for their case.

    Who may: only the client of the case (the access function gave them this
    case as their own); the case must not be closed.
    What changes: the crisis-card flag on the case, one ClientConsent row per
    grantee whose choice changed, the consent revision (+1), one timeline
    entry per change, and one access-log entry. Nothing changed: nothing is
    written.
    Raises StaleSharing when `revision` is not the case's consent revision,
    and RecoveryError for someone else than the client, a closed case, an
    unknown part or a partner who is not (or no longer) on the case.
    """
    # Allowed while processing is restricted: the client's own consent choice
    # (withdrawing it must always be possible); ensure_not_restricted is not called.
    locked = RecoveryCase.objects.select_for_update().get(pk=case.pk)
    if actor.person is None or actor.person.pk != locked.client_id:
        raise RecoveryError(_("Only the client decides what is shared."))
    if locked.state == CaseState.CLOSED:
        raise RecoveryError(_("This case is closed. Nothing can be shared any more."))
    if revision != locked.consent_revision:
        raise StaleSharing(locked.consent_revision)
    every_part = [choices.family_peer_expert, *choices.partners.values()]
    if any(part not in ConsentPart.values for parts in every_part for part in parts):
        raise RecoveryError(_("Choose only from the parts on the page."))
    partners = {p.pk: p for p in current_partners(locked)}
    if set(choices.partners) - set(partners):
        raise RecoveryError(_("This partner no longer works with you. Reload the page."))
    now = sharing_choices(locked, list(partners.values()))
    texts: list[str] = []
    changed: list[str] = []
    if now.share_crisis_card != choices.share_crisis_card:
        locked.share_crisis_card = choices.share_crisis_card
        texts.append(
            _("The client allowed the team to see their crisis card")
            if choices.share_crisis_card
            else _("The client withdrew permission to see their crisis card")
        )
        changed.append("crisis_card")
    grants: list[tuple[CasePartner | None, frozenset[str]]] = []
    if now.family_peer_expert != choices.family_peer_expert:
        grants.append((None, choices.family_peer_expert))
        texts.append(
            _("The client lets the family peer expert read: %(parts)s")
            % {"parts": _describe(choices.family_peer_expert)}
        )
        changed.append("family_peer_expert")
    for pk, parts in choices.partners.items():
        if now.partners[pk] != parts:
            grants.append((partners[pk], parts))
            texts.append(
                _("The client lets partner %(name)s read: %(parts)s")
                % {"name": partners[pk], "parts": _describe(parts)}
            )
            changed.append(f"partner:{pk}")
    if not changed:
        return locked
    assert actor.person is not None
    for partner, parts in grants:
        ClientConsent.objects.update_or_create(
            case=locked,
            partner=partner,
            defaults={
                **{part: part in parts for part in ConsentPart.values},
                "changed_at": timezone.now(),
                "changed_by": actor.person,
            },
        )
    locked.consent_revision += 1
    locked.save(update_fields=["share_crisis_card", "consent_revision"])
    for text in texts:
        CaseEvent.objects.create(case=locked, actor=actor.person, kind="consent", text=text[:300])
    record(
        actor=actor,
        action=Action.CHANGE,
        purpose="recovery:my_sharing",
        object_type=ObjectType.RECOVERY_CASE,
        object_id=str(locked.uuid),
        subject=locked.client,
        part=",".join(changed)[:200],
        role=CLIENT_LOG_ROLE,
        legal_basis="consent",
    )
    return locked

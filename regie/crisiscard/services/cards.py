"""Writes for the crisis card: make it, edit its panels, issue it, replace its QR link.

The card is made from one established plan version by the assigned consultant
and edited together with the participant. Text that does not fit is saved
anyway (no words are lost) but blocks issuing until it fits.
"""

from __future__ import annotations

import hashlib
import uuid
from typing import Any

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from regie.audit.events import log_card
from regie.audit.models import Action
from regie.coordination.quality.models import QualityReview, ReviewStatus
from regie.core.policy import Actor
from regie.core.stale import StaleSave
from regie.privacy.restriction import ensure_not_restricted

from .. import fit
from ..access import RequestAccess, relation
from ..models import (
    Card,
    CardRequest,
    CardStatus,
    EmergencyLink,
    PlanVersion,
    RequestState,
    canonical_json,
)
from . import printing
from .errors import CrisisCardError
from .links import ensure_holder_link, revoke_holder_links
from .transitions import STOPPED, transition


def panels_hash(panels: dict[str, Any], panels_en: dict[str, Any] | None = None) -> str:
    """A fingerprint of the card's text as loaded in a form; a save based on another is stale.

    It covers the English panels too, so the stale-save check and the quality
    review see a change in either language. A card without English text keeps
    the fingerprint of its own panels alone (reviews passed before English
    panels existed still cover it).
    """
    own = fit.normalise_panels(panels)
    if not fit.has_text(panels_en):
        return hashlib.sha256(canonical_json(own)).hexdigest()
    both = {"panels": own, "panels_en": fit.normalise_panels(panels_en)}
    return hashlib.sha256(canonical_json(both)).hexdigest()


def card_hash(card: Card) -> str:
    """The fingerprint of everything printed on the card, in both languages."""
    return panels_hash(card.panels, card.panels_en)


def fit_problems(card: Card) -> list[fit.Problem]:
    """What does not fit on the card, its English side included."""
    return fit.check_both(card.panels, card.panels_en)


def _lines(*parts: str) -> str:
    return "\n".join(part for part in parts if part)


def prefill_panels(version: PlanVersion, participant: Any) -> dict[str, dict[str, str]]:
    """The panels' first text, taken from the established version's content.

    Fixed words are in the participant's language; the rest is their own text.
    """
    content = version.content or {}
    crisis = (content.get("phases") or {}).get("crisis") or {}
    admission = content.get("admission") or {}
    with translation.override(getattr(participant, "preferred_language", None) or "nl"):
        contacts = [
            f"{c.get('name', '')}"
            + (f" ({c['relationship']})" if c.get("relationship") else "")
            + (f": {c['phone']}" if c.get("phone") else "")
            for c in content.get("contacts") or []
            if not c.get("do_not_inform")
        ]
        care = [
            f"{c.get('name', '')}"
            + (f" ({c['role']})" if c.get("role") else "")
            + (f": {c['phone']}" if c.get("phone") else "")
            for c in content.get("care_providers") or []
        ]
        medication = [
            " ".join(p for p in (m.get("name", ""), m.get("dose", "")) if p)
            + (f": {m['what_to_do']}" if m.get("what_to_do") else "")
            for m in content.get("medication") or []
        ]
        panels = {
            "front": {
                "name": participant.full_name,
                "intro": _(
                    "I have a crisis card. In a crisis, please read the inside or scan the code."
                ),
            },
            "inside_1": {
                "do": crisis.get("others_do", ""),
                "dont": crisis.get("others_dont", ""),
            },
            "inside_2": {"contacts": _lines(*contacts), "care": _lines(*care)},
            "back": {
                "medication": _lines(*medication),
                "admission": _lines(
                    _("Preferably: %(where)s") % {"where": admission["preferred"]}
                    if admission.get("preferred")
                    else "",
                    _("Not: %(where)s") % {"where": admission["not_preferred"]}
                    if admission.get("not_preferred")
                    else "",
                    admission.get("compulsory_care_wishes", ""),
                ),
            },
        }
    return fit.normalise_panels(panels)


def _card_relation(actor: Actor, request: CardRequest) -> RequestAccess:
    access = relation(actor, request)
    if access is None or not (access.is_consultant or access.is_participant):
        raise CrisisCardError(_("You cannot work on this card."))
    return access


@transaction.atomic
def card_create(*, actor: Actor, version: PlanVersion) -> Card:
    """Make a card from one established version, its panels prefilled from the version.

    Who may: the request's assigned consultant. What changes: a new draft Card
    with a unique number (CK-<year>-<6 digits>), its English panels copied from
    the request's previous card. Raises CrisisCardError when the
    request is stopped or a card is already being made.
    """
    ensure_not_restricted(version.plan.request.participant_id)
    request = CardRequest.objects.select_related("participant").get(pk=version.plan.request_id)
    access = relation(actor, request)
    if access is None or not access.is_consultant:
        raise CrisisCardError(_("Only the consultant of this request can make its card."))
    if request.state in STOPPED:
        raise CrisisCardError(_("This request has stopped; no card can be made for it."))
    if Card.objects.filter(request=request, status=CardStatus.DRAFT).exists():
        raise CrisisCardError(_("A card is already being made for this request."))
    # The participant's English text is theirs: a new card starts from the previous
    # card's English side (the four-eyes review reads it again), never from nothing.
    previous_english = (
        Card.objects.filter(request=request)
        .order_by("-pk")
        .values_list("panels_en", flat=True)
        .first()
    )
    card = Card.objects.create(
        request=request,
        version=version,
        number=f"tmp-{uuid.uuid4().hex[:16]}",
        panels=prefill_panels(version, request.participant),
        panels_en=previous_english or {},
    )
    # The primary key is unique, so the number is too, without a race.
    card.number = f"CK-{timezone.localdate():%Y}-{card.pk:06d}"
    card.save(update_fields=["number"])
    log_card(
        card,
        actor=actor,
        action=Action.CREATE,
        purpose="crisiscard:card_create",
        part="card_create",
        role=access.log_role,
    )
    return card


@transaction.atomic
def card_update_panels(
    *,
    actor: Actor,
    card: Card,
    panels: dict[str, Any],
    base_hash: str,
    panels_en: dict[str, Any] | None = None,
) -> list[fit.Problem]:
    """Save the panels' text, even when some of it does not fit (it blocks issuing).

    Who may: the assigned consultant or the participant. What changes: the
    card's panels, and its English panels when `panels_en` is given (None
    keeps them; empty text removes the English side). Returns what does not
    fit, in either language. `base_hash` is `card_hash` of the card as the
    form loaded it. Raises CrisisCardError for an
    issued card, for a card waiting for its quality review (what the reviewer
    reads must be what is issued; the consultant can withdraw the request), or
    StaleSave when someone else saved the card since `base_hash` was read, or
    `base_hash` is empty (nothing is overwritten).
    """
    ensure_not_restricted(card.request.participant_id)
    locked = Card.objects.select_for_update().select_related("request__participant").get(pk=card.pk)
    access = _card_relation(actor, locked.request)
    if locked.status != CardStatus.DRAFT:
        raise CrisisCardError(
            _("This card has been issued and can no longer change. Make a new card instead.")
        )
    if waiting_for_review(latest_review(locked)):
        raise CrisisCardError(review_freeze_message())
    if not base_hash or base_hash != card_hash(locked):
        raise StaleSave(
            fingerprint=card_hash(locked),
            saved={},
            message=_(
                "Someone else saved this card while you were editing. Your text is "
                "still on the screen; compare it with the card and save again."
            ),
        )
    locked.panels = fit.normalise_panels(panels)
    fields = ["panels"]
    if panels_en is not None:
        locked.panels_en = fit.normalise_panels(panels_en) if fit.has_text(panels_en) else {}
        fields.append("panels_en")
    locked.save(update_fields=fields)
    card.panels, card.panels_en = locked.panels, locked.panels_en
    log_card(
        locked,
        actor=actor,
        action=Action.CHANGE,
        purpose="crisiscard:card_edit",
        part="card_edit",
        role=access.log_role,
    )
    return fit_problems(locked)


# What a passed quality review records in its checklist, to notice a later change.
REVIEW_BASIS_PANELS = "panels_hash"
REVIEW_BASIS_VERSION = "version_id"


def review_basis(card: Card) -> dict[str, Any]:
    """What a passed review saw of the card: the hash of its text in both languages
    (`card_hash`) and its plan version."""
    return {REVIEW_BASIS_PANELS: card_hash(card), REVIEW_BASIS_VERSION: card.version_id}


def review_covers(review: QualityReview | None, card: Card) -> bool:
    """The review passed and the card has not changed since (same version, same text in
    both languages)."""
    return (
        review is not None
        and review.status == ReviewStatus.PASSED
        and review.checklist.get(REVIEW_BASIS_VERSION) == card.version_id
        and review.checklist.get(REVIEW_BASIS_PANELS) == card_hash(card)
    )


def waiting_for_review(review: QualityReview | None) -> bool:
    """The card's latest review is waiting: the card is frozen until it is done or withdrawn."""
    return review is not None and review.status == ReviewStatus.REQUESTED


def review_freeze_message() -> str:
    """Why a card waiting for its review cannot change, in the active language."""
    return _(
        "This card is waiting for its quality review; it can change again once the review is done."
    )


def latest_review(card: Card) -> QualityReview | None:
    """The card's most recent four-eyes review, if any."""
    return (
        QualityReview.objects.filter(card=card)
        .select_related("reviewer")
        .order_by("-requested_at", "-pk")
        .first()
    )


def review_blocker(card: Card, review: QualityReview | None) -> str:
    """Why the card's quality review does not let it be issued ("" when it does)."""
    if review is None:
        return _(
            "Someone else must review the card before it is issued (four eyes). "
            "Ask for a quality review."
        )
    if review.status == ReviewStatus.REQUESTED:
        return _("The card is waiting for its quality review.")
    if review.status == ReviewStatus.FAILED:
        return _(
            "The quality review sent the card back with comments. Change what is asked, "
            "then ask for a new review."
        )
    if not review_covers(review, card):
        return _("The card changed after its quality review passed. Ask for a new review.")
    return ""


def issue_blockers(card: Card, latest_version_number: int | None = None) -> list[str]:
    """Why this card cannot be issued now, in plain words (empty: it can).

    Besides fitting and the request's state, the card's latest quality review
    must have passed and still cover the card as it is (four eyes).
    """
    reasons = [p.message for p in fit_problems(card)]
    state = card.request.state
    if card.status != CardStatus.DRAFT:
        reasons.append(_("This card has already been issued."))
    if state != RequestState.AWAITING_SIGNATURES:
        reasons.append(
            _(
                "A card is issued once the plan is established and waiting for "
                "signatures; this request is “%(state)s”."
            )
            % {"state": RequestState(state).label}
        )
    if latest_version_number is not None and card.version.number < latest_version_number:
        reasons.append(
            _("This card is made from version %(old)d, but version %(new)d is newer.")
            % {"old": card.version.number, "new": latest_version_number}
        )
    if card.status == CardStatus.DRAFT:
        blocker = review_blocker(card, latest_review(card))
        if blocker:
            reasons.append(blocker)
    return reasons


@transaction.atomic
def issue(*, actor: Actor, card: Card) -> Card:
    """Issue the card: it gets its date, and the request moves to card issued.

    Who may: the assigned consultant. What changes: the card (issued, dated);
    earlier issued cards of the request end (the old card stayed valid until
    now); the holder's emergency link is kept, so every printed QR code now
    opens this card (a first card makes the link); the request goes
    awaiting_signatures → card_issued. Raises
    CrisisCardError when a text does not fit, the request is in another state,
    a newer plan version exists, or no passed quality review covers the card
    as it is now.
    """
    ensure_not_restricted(card.request.participant_id)
    locked = (
        Card.objects.select_for_update()
        .select_related("request__participant", "version__plan")
        .get(pk=card.pk)
    )
    access = relation(actor, locked.request)
    if access is None or not access.is_consultant:
        raise CrisisCardError(_("Only the consultant of this request can issue its card."))
    latest = locked.version.plan.versions.order_by("-number").values_list("number", flat=True)
    reasons = issue_blockers(locked, latest.first())
    if reasons:
        raise CrisisCardError(" ".join(str(r) for r in reasons))
    today = timezone.localdate()
    for earlier in Card.objects.filter(request=locked.request, status=CardStatus.ISSUED):
        earlier.status, earlier.ended_on = CardStatus.ENDED, today
        earlier.save(update_fields=["status", "ended_on"])
    transition(
        actor=actor,
        request=locked.request,
        to_state=RequestState.CARD_ISSUED,
        text=_("Card %(number)s issued") % {"number": locked.number},
    )
    locked.status, locked.issued_on = CardStatus.ISSUED, today
    locked.save(update_fields=["status", "issued_on"])
    ensure_holder_link(locked.request.participant_id)
    printing.enqueue_card(actor=actor, card=locked)
    log_card(
        locked,
        actor=actor,
        action=Action.CHANGE,
        purpose="crisiscard:card_issue",
        part="card_issue",
        role=access.log_role,
    )
    card.status, card.issued_on = locked.status, locked.issued_on
    return locked


@transaction.atomic
def revoke_link(*, actor: Actor, card: Card) -> EmergencyLink:
    """A lost card: the holder's QR link stops working at once (410); a new one is made.

    Who may: the assigned consultant or the participant. What changes: every
    live link of the holder is revoked (the link belongs to the holder, so any
    printed card of theirs stops working), a new EmergencyLink is created
    (print the card again). Raises CrisisCardError when the card is not issued.
    """
    locked = Card.objects.select_for_update().select_related("request__participant").get(pk=card.pk)
    access = _card_relation(actor, locked.request)
    if locked.status != CardStatus.ISSUED:
        raise CrisisCardError(_("Only an issued card has a code that can be replaced."))
    holder_id = locked.request.participant_id
    revoke_holder_links(holder_id)
    link = EmergencyLink.objects.create(holder_id=holder_id)
    log_card(
        locked,
        actor=actor,
        action=Action.CHANGE,
        purpose="crisiscard:card_revoke",
        part="card_revoke",
        role=access.log_role,
    )
    return link

"""Writes for quality: the four-eyes review before a card is issued, and visitations.

The card's consultant asks for a review; a coordinator of the region or another
HBO consultant there performs it, never the card's maker. Some checklist items
are computed from the card and its plan version (complete, signatures, fits,
independence); the reviewer judges the rest (the participant's own words). A
passed review records what it saw (the panels' hash and the version), so a
later change to the card asks for a new review before the card is issued.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from regie.audit.events import ObjectType, log_card
from regie.audit.models import Action
from regie.audit.services import record
from regie.core.policy import Actor
from regie.core.stale import StaleGuard
from regie.crisiscard import completeness, fit
from regie.crisiscard.access import relation
from regie.crisiscard.models import Card, CardStatus, Party, RequestEvent
from regie.crisiscard.services.cards import (
    REVIEW_BASIS_PANELS,
    REVIEW_BASIS_VERSION,
    latest_review,
    review_basis,
    review_covers,
)
from regie.crisiscard.services.errors import CrisisCardError
from regie.crisiscard.services.requests import check_independence
from regie.crisiscard.services.signatures import missing_signatures
from regie.people.models import Person, Region, Role

from ..access import coordinated_region_ids
from ..errors import CoordinationError
from .access import is_maker, may_review, review_role
from .models import QualityReview, ReviewStatus, Visitation, VisitationAction

# What the findings form shows; a save based on other findings is stale.
FINDINGS = StaleGuard(("findings",))

COMPLETE = "complete"
OWN_WORDS = "own_words"
SIGNATURES = "signatures"
FITS = "fits"
INDEPENDENT = "independent"

ITEM_LABELS: dict[str, Promise] = {
    COMPLETE: gettext_lazy("All required sections of the plan are complete"),
    OWN_WORDS: gettext_lazy("The plan and the card are in the participant's own words"),
    SIGNATURES: gettext_lazy(
        "All signatures are present, or the reason they are missing is recorded"
    ),
    FITS: gettext_lazy("Everything fits on the card"),
    INDEPENDENT: gettext_lazy("The consultant is independent of the participant"),
}
ITEM_ORDER = (COMPLETE, OWN_WORDS, SIGNATURES, FITS, INDEPENDENT)


@dataclass
class ChecklistItem:
    code: str
    label: Any
    computed: bool | None  # None: the reviewer judges it
    findings: list[str] = field(default_factory=list)

    @property
    def judged(self) -> bool:
        return self.computed is None


def checklist_for(card: Card) -> list[ChecklistItem]:
    """The checklist with the computed items' state and what they found."""
    request = card.request
    version = card.version
    parties = [str(u) for u in Party.objects.filter(request=request).values_list("uuid", flat=True)]
    plan = completeness.check(version.content, party_uuids=parties)
    unsigned = missing_signatures(version)
    problems = fit.check_both(card.panels, card.panels_en)
    independence: list[str] = []
    if request.consultant is None:
        independence.append(_("The request has no consultant."))
    else:
        try:
            check_independence(consultant=request.consultant, request=request)
        except CrisisCardError as error:
            independence.append(str(error))
    return [
        ChecklistItem(COMPLETE, ITEM_LABELS[COMPLETE], plan.complete, plan.findings),
        ChecklistItem(OWN_WORDS, ITEM_LABELS[OWN_WORDS], None),
        ChecklistItem(
            SIGNATURES,
            ITEM_LABELS[SIGNATURES],
            not unsigned,
            [_("%(name)s has not signed this version.") % {"name": p.name} for p in unsigned],
        ),
        ChecklistItem(FITS, ITEM_LABELS[FITS], not problems, [p.message for p in problems]),
        ChecklistItem(INDEPENDENT, ITEM_LABELS[INDEPENDENT], not independence, independence),
    ]


def _timeline(actor: Actor, card: Card, text: str) -> None:
    RequestEvent.objects.create(request=card.request, actor=actor.person, text=text[:300])


@transaction.atomic
def review_request(*, actor: Actor, card: Card) -> QualityReview:
    """Ask for a four-eyes review of a card being made.

    Who may: the request's assigned consultant. What changes: a new review
    waiting in the region's queue, and a line on the request's timeline.
    Raises CoordinationError for an issued card, when a review is already
    waiting, or when the latest review passed and the card has not changed since.
    """
    locked = (
        Card.objects.select_for_update()
        .select_related("request__participant", "version")
        .get(pk=card.pk)
    )
    access = relation(actor, locked.request)
    if access is None or not access.is_consultant or actor.person is None:
        raise CoordinationError(_("Only the consultant of this request can ask for a review."))
    if locked.status != CardStatus.DRAFT:
        raise CoordinationError(_("Only a card that is being made can be reviewed."))
    latest = latest_review(locked)
    if latest is not None and latest.status == ReviewStatus.REQUESTED:
        raise CoordinationError(_("This card is already waiting for its review."))
    if latest is not None and review_covers(latest, locked):
        raise CoordinationError(
            _("This card passed its review and has not changed since; it can be issued.")
        )
    review = QualityReview.objects.create(card=locked, requested_by=actor.person)
    _timeline(
        actor, locked, _("Quality review asked for card %(number)s") % {"number": locked.number}
    )
    log_card(
        review.card,
        actor=actor,
        action=Action.CREATE,
        purpose="coordination:quality_review",
        part="review_request",
        role=Role.CONSULTANT,
    )
    return review


@transaction.atomic
def review_decide(
    *,
    actor: Actor,
    review: QualityReview,
    passed: bool,
    own_words: bool,
    seen_panels_hash: str,
    seen_version_id: int | None,
    missing_signatures_reason: str = "",
    comments: str = "",
) -> QualityReview:
    """Pass the card, or send it back to the consultant with comments.

    Who may: a coordinator of the request's region or another HBO consultant
    active there, never the card's maker (four eyes). `seen_panels_hash` and
    `seen_version_id` say which card the reviewer read (`review_basis` of the
    card on their screen); the decision counts only for that card. What
    changes: the review (reviewer, checklist, status, comments) and a line on
    the request's timeline; a pass records the panels' hash and version it
    saw. Raises CoordinationError when the review was already decided, the
    card is no longer being made or is not the card the reviewer read, a pass
    lacks an item (missing signatures need a recorded reason), or a sending
    back has no comments.
    """
    # Lock the card, then the review (the order every writer of both uses).
    card = (
        Card.objects.select_for_update(of=("self",))
        .select_related("request__participant", "request__consultant", "version")
        .get(pk=review.card_id)
    )
    locked = QualityReview.objects.select_for_update().get(pk=review.pk)
    locked.card = card
    if actor.person is None or is_maker(actor.person, locked):
        raise CoordinationError(_("Nobody reviews a card they made themselves."))
    if not may_review(actor, locked):
        raise CoordinationError(_("You cannot review cards in this region."))
    if locked.status != ReviewStatus.REQUESTED:
        raise CoordinationError(_("This review has already been done."))
    if card.status != CardStatus.DRAFT:
        raise CoordinationError(_("This card is no longer being made."))
    if review_basis(card) != {
        REVIEW_BASIS_PANELS: seen_panels_hash,
        REVIEW_BASIS_VERSION: seen_version_id,
    }:
        raise CoordinationError(
            _(
                "The card changed after you opened this review. Read the card again "
                "below, then decide."
            )
        )
    reason = missing_signatures_reason.strip()
    comments = comments.strip()
    items = {item.code: item for item in checklist_for(card)}
    ticked = {
        code: (own_words if item.judged else bool(item.computed)) for code, item in items.items()
    }
    if not ticked[SIGNATURES] and reason:
        ticked[SIGNATURES] = True
    if passed:
        unmet = [str(items[code].label) for code in ITEM_ORDER if not ticked[code]]
        if unmet:
            raise CoordinationError(
                _("The review can only pass when every item is met. Not met: %(items)s.")
                % {"items": "; ".join(unmet)}
            )
    elif not comments:
        raise CoordinationError(_("Write what the consultant should change."))
    locked.reviewer = actor.person
    locked.status = ReviewStatus.PASSED if passed else ReviewStatus.FAILED
    locked.checklist = ticked | (review_basis(card) if passed else {})
    locked.missing_signatures_reason = reason if not items[SIGNATURES].computed else ""
    locked.comments = comments
    locked.completed_at = timezone.now()
    locked.save(
        update_fields=[
            "reviewer",
            "status",
            "checklist",
            "missing_signatures_reason",
            "comments",
            "completed_at",
        ]
    )
    text = (
        _("Quality review of card %(number)s passed")
        if passed
        else _("Quality review of card %(number)s sent back with comments")
    )
    _timeline(actor, card, text % {"number": card.number})
    log_card(
        locked.card,
        actor=actor,
        action=Action.CHANGE,
        purpose="coordination:quality_review",
        part="review_decide",
        role=review_role(actor, locked),
    )
    review.status, review.reviewer, review.checklist = (
        locked.status,
        locked.reviewer,
        locked.checklist,
    )
    return locked


@transaction.atomic
def review_withdraw(*, actor: Actor, review: QualityReview) -> Card:
    """Take back a request for review nobody has decided yet, to change the card first.

    Who may: the request's assigned consultant. What changes: the waiting
    review is removed (it was never performed; the timeline and the access
    log keep that it was withdrawn), so the card can change again. Raises
    CoordinationError when the review was already done.
    """
    card = (
        Card.objects.select_for_update(of=("self",))
        .select_related("request__participant")
        .get(pk=review.card_id)
    )
    access = relation(actor, card.request)
    if access is None or not access.is_consultant or actor.person is None:
        raise CoordinationError(
            _("Only the consultant of this request can withdraw its review request.")
        )
    locked = QualityReview.objects.select_for_update().filter(pk=review.pk).first()
    if locked is None or locked.status != ReviewStatus.REQUESTED:
        raise CoordinationError(_("This review has already been done."))
    locked.card = card
    log_card(
        locked.card,
        actor=actor,
        action=Action.DELETE,
        purpose="coordination:quality_review",
        part="review_withdraw",
        role=Role.CONSULTANT,
    )
    _timeline(
        actor, card, _("Quality review of card %(number)s withdrawn") % {"number": card.number}
    )
    locked.delete()
    return card


def log_plan_read(actor: Actor, review: QualityReview, *, request: Any = None) -> None:
    """A reviewer reads the plan and the card: the logged exception for coordinators."""
    record(
        actor=actor,
        action=Action.READ,
        purpose="coordination:quality_review",
        object_type=ObjectType.PLAN_VERSION,
        object_id=f"{review.card.request.uuid}:{review.card.version.number}",
        subject=review.card.request.participant,
        part="plan",
        role=review_role(actor, review),
        request=request,
    )


# --- visitations ---------------------------------------------------------------------


def _require_coordinator(actor: Actor, region: Region) -> None:
    if region.pk not in coordinated_region_ids(actor) or actor.person is None:
        raise CoordinationError(_("Only a coordinator of this region can record visitations."))


@transaction.atomic
def visitation_create(
    *,
    actor: Actor,
    region: Region,
    visited_on: datetime.date,
    visitors: str,
    period_start: datetime.date,
    period_end: datetime.date,
    findings: str = "",
) -> Visitation:
    """Record an external quality audit of a region.

    Who may: a coordinator of the region. Raises CoordinationError when the
    period ends before it starts.
    """
    _require_coordinator(actor, region)
    if period_end < period_start:
        raise CoordinationError(_("The period ends before it starts."))
    assert actor.person is not None
    return Visitation.objects.create(
        region=region,
        visited_on=visited_on,
        visitors=visitors.strip(),
        period_start=period_start,
        period_end=period_end,
        findings=findings.strip(),
        created_by=actor.person,
    )


@transaction.atomic
def visitation_update_findings(
    *, actor: Actor, visitation: Visitation, findings: str, seen: str
) -> Visitation:
    """Change the visitation's findings. Who may: a coordinator of its region.
    Raises StaleSave when someone else saved them after `seen` (FINDINGS'
    fingerprint) was taken."""
    _require_coordinator(actor, visitation.region)
    FINDINGS.lock(visitation, seen=seen)
    visitation.findings = findings.strip()
    visitation.save(update_fields=["findings"])
    return visitation


@transaction.atomic
def visitation_action_add(
    *,
    actor: Actor,
    visitation: Visitation,
    description: str,
    owner: Person | None = None,
    due_on: datetime.date | None = None,
) -> VisitationAction:
    """Add a follow-up action. Who may: a coordinator of the visitation's region."""
    _require_coordinator(actor, visitation.region)
    if not description.strip():
        raise CoordinationError(_("Describe the action."))
    return VisitationAction.objects.create(
        visitation=visitation, description=description.strip(), owner=owner, due_on=due_on
    )


@transaction.atomic
def visitation_action_done(
    *, actor: Actor, action: VisitationAction, done: bool = True
) -> VisitationAction:
    """Mark a follow-up action done (today) or open again. Who may: the region's coordinator."""
    _require_coordinator(actor, action.visitation.region)
    action.done_on = timezone.localdate() if done else None
    action.save(update_fields=["done_on"])
    return action

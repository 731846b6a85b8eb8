"""Writes to the crisis plan: draft saves, establishing a version, proposals for change.

The draft is shared by the participant and their consultant. Every save names
the draft revision it was based on; a save based on an older revision is
refused (`StaleDraft`) and nothing is overwritten. Every saved draft is kept
as a DraftRevision. Established versions are immutable (PlanVersion.save
refuses updates) and only the participant establishes one.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from regie.audit.events import ObjectType
from regie.audit.models import Action
from regie.audit.services import record
from regie.core.policy import Actor
from regie.people.models import Person
from regie.privacy.restriction import ensure_not_restricted

from .. import schema
from ..access import RequestAccess, relation
from ..diff import changed_sections
from ..models import (
    CardRequest,
    ChangeProposal,
    CrisisPlan,
    DraftRevision,
    Party,
    PlanVersion,
    RequestEvent,
    RequestState,
    content_hash,
)
from .errors import CrisisCardError
from .transitions import CARD_IN_USE, can_transition, transition

S = RequestState

# The draft can be worked on while the trajectory is open and a plan is in the making,
# and after a card (for the next version). Not before the first conversation, not after a stop.
EDITABLE_STATES = frozenset(
    {
        S.IN_CONVERSATION,
        S.PLAN_DRAFTED,
        S.AWAITING_SIGNATURES,
        S.CARD_ISSUED,
        S.EVALUATION_DUE,
        S.EVALUATED,
    }
)
STOPPED_STATES = frozenset({S.WITHDRAWN, S.CLOSED})


class StaleDraft(CrisisCardError):
    """Someone else saved the draft after the revision this save was based on.

    Carries what is stored now, so the page can keep the user's text and show
    what changed.
    """

    status = 409

    def __init__(
        self,
        *,
        content: dict[str, Any],
        revision: int,
        saved_by: Person | None,
        saved_at: datetime.datetime | None,
    ) -> None:
        super().__init__(
            _(
                "Someone else saved this plan while you were writing. Your text is still "
                "here; below you see what they changed."
            )
        )
        self.content = content
        self.revision = revision
        self.saved_by = saved_by
        self.saved_at = saved_at


# --- reads -----------------------------------------------------------------


def plan_of(request: CardRequest) -> CrisisPlan:
    """The request's plan; an unsaved empty one (revision 0) when none was written yet."""
    plan = CrisisPlan.objects.filter(request=request).select_related("draft_saved_by").first()
    if plan is None:
        plan = CrisisPlan(request=request, draft=schema.empty_plan(), draft_revision=0)
    return plan


def latest_version(plan: CrisisPlan) -> PlanVersion | None:
    """The newest established version of the plan, or None."""
    if plan.pk is None:
        return None
    return plan.versions.select_related("established_by").order_by("-number").first()


def version_of(plan: CrisisPlan, number: int) -> PlanVersion | None:
    if plan.pk is None:
        return None
    return plan.versions.select_related("established_by").filter(number=number).first()


def revision_content(plan: CrisisPlan, number: int) -> dict[str, Any] | None:
    """The draft as it was saved at revision `number` (revision 0 is the empty plan)."""
    if number == 0:
        return schema.empty_plan()
    if plan.pk is None:
        return None
    row = plan.revisions.filter(number=number).values_list("content", flat=True).first()
    return schema.normalise(row) if row is not None else None


def request_parties(request: CardRequest) -> list[Party]:
    return list(Party.objects.filter(request=request).order_by("name"))


# --- writes ----------------------------------------------------------------


def _plan_relation(actor: Actor, request: CardRequest) -> RequestAccess:
    access = relation(actor, request)
    if access is None or not access.may_read_plan:
        raise CrisisCardError(_("Only the participant and their consultant can change this plan."))
    return access


def _locked_plan(plan: CrisisPlan) -> CrisisPlan:
    if plan.pk is None:
        try:
            with transaction.atomic():
                CrisisPlan.objects.create(
                    request=plan.request, draft=schema.empty_plan(), draft_revision=0
                )
        except IntegrityError:
            pass  # made meanwhile by another save: lock that one
        return CrisisPlan.objects.select_for_update().get(request=plan.request)
    return CrisisPlan.objects.select_for_update().get(pk=plan.pk)


@transaction.atomic
def save_draft(
    *, actor: Actor, plan: CrisisPlan, content: dict[str, Any], based_on_revision: int
) -> CrisisPlan:
    """Store a new draft of the plan.

    Who may: the assigned consultant or the participant. What changes: the draft,
    its revision number (+1), one DraftRevision (history), one access-log CHANGE
    naming the changed sections. The first save on a request "in conversation"
    moves it to "plan drafted" (when the consultant saves); a save while
    "awaiting signatures" moves it back to "plan drafted" (the established
    version stays as it is). Nothing changed: nothing is stored, and the
    returned plan keeps its revision number (callers compare it to tell).
    Raises StaleDraft when the draft was saved by someone else after
    `based_on_revision`, CrisisCardError when the actor may not or the
    request is not open for plan work.
    """
    ensure_not_restricted(plan.request.participant_id)
    request = CardRequest.objects.select_related("participant").get(pk=plan.request_id)
    access = _plan_relation(actor, request)
    if request.state not in EDITABLE_STATES:
        if request.state in STOPPED_STATES:
            raise CrisisCardError(_("This request has stopped; the plan can no longer change."))
        raise CrisisCardError(
            _("The plan can be written once the first conversation has taken place.")
        )
    locked = _locked_plan(plan)
    if locked.draft_revision != based_on_revision:
        saved_by = (
            Person.objects.filter(pk=locked.draft_saved_by_id).first()
            if locked.draft_saved_by_id
            else None
        )
        raise StaleDraft(
            content=schema.normalise(locked.draft),
            revision=locked.draft_revision,
            saved_by=saved_by,
            saved_at=locked.draft_saved_at,
        )
    new = schema.normalise(content)
    changed = changed_sections(schema.normalise(locked.draft), new)
    if not changed:
        _copy_into(plan, locked)
        return plan
    locked.draft = new
    locked.draft_revision += 1
    locked.draft_saved_at = timezone.now()
    assert actor.person is not None  # staff services: the access check needs a person
    locked.draft_saved_by = actor.person
    locked.save(update_fields=["draft", "draft_revision", "draft_saved_at", "draft_saved_by"])
    DraftRevision.objects.create(
        plan=locked,
        number=locked.draft_revision,
        content=new,
        saved_at=locked.draft_saved_at,
        saved_by=actor.person,
    )
    record(
        actor=actor,
        action=Action.CHANGE,
        purpose="crisiscard:plan_edit",
        object_type=ObjectType.CRISIS_PLAN,
        object_id=str(request.uuid),
        subject=request.participant,
        part=",".join(changed),
        role=access.log_role,
    )
    if request.state == S.IN_CONVERSATION and can_transition(actor, request, S.PLAN_DRAFTED):
        transition(
            actor=actor,
            request=request,
            to_state=S.PLAN_DRAFTED,
            text=_("The first draft of the plan was saved"),
        )
    elif request.state == S.AWAITING_SIGNATURES:
        transition(
            actor=actor,
            request=request,
            to_state=S.PLAN_DRAFTED,
            text=_("The plan is being changed again; the established version stays as it is"),
        )
    _copy_into(plan, locked)
    plan.request.state = request.state
    return plan


def _copy_into(plan: CrisisPlan, locked: CrisisPlan) -> None:
    plan.pk = locked.pk
    plan._state.adding = False
    plan.draft = locked.draft
    plan.draft_revision = locked.draft_revision
    plan.draft_saved_at = locked.draft_saved_at
    plan.draft_saved_by = locked.draft_saved_by


def _request_signatures_hook():  # type: ignore[no-untyped-def]  # signatures' function, or None while that area is absent
    """The PARTIES area's `signatures.request_signatures`, when it exists.

    Both areas are built at the same time: until services/signatures.py is
    there, establishing a plan simply asks no one to sign. A broken import
    inside an existing module is not hidden.
    """
    try:
        from . import signatures
    except ModuleNotFoundError as error:
        if error.name == f"{__package__}.signatures":
            return None
        raise
    return getattr(signatures, "request_signatures", None)


@transaction.atomic
def establish(*, actor: Actor, plan: CrisisPlan) -> PlanVersion:
    """The participant establishes the current draft as a new, immutable version.

    Who may: the participant only; the consultant cannot do it for them.
    Requires the request in "plan drafted" and a draft that differs from the
    latest version. What changes: a new PlanVersion (number = latest + 1,
    content = the normalised draft, content_hash of it), the request moves to
    "awaiting signatures", one access-log CREATE, and (when the parties area
    provides it) signature requests for the parties whose agreements changed.
    Raises CrisisCardError otherwise.
    """
    ensure_not_restricted(plan.request.participant_id)
    request = CardRequest.objects.select_related("participant").get(pk=plan.request_id)
    access = relation(actor, request)
    if access is None or not access.is_participant:
        if access is not None and access.is_consultant:
            raise CrisisCardError(
                _(
                    "Only the participant can establish their plan. Ask them to read it "
                    "and confirm it themselves."
                )
            )
        raise CrisisCardError(_("Only the participant can establish their plan."))
    if plan.pk is None:
        raise CrisisCardError(_("There is no plan yet to establish."))
    locked = CrisisPlan.objects.select_for_update().get(pk=plan.pk)
    if request.state in CARD_IN_USE and schema.normalise(locked.draft) != _latest_content(locked):
        # The holder changed their plan after the card: establishing it starts the new version.
        _start_draft(actor, request)
    if request.state != S.PLAN_DRAFTED:
        raise CrisisCardError(
            _("The plan can be established when it is drafted. Now the request is: %(state)s.")
            % {"state": S(request.state).label}
        )
    content = schema.normalise(locked.draft)
    if content == schema.empty_plan():
        raise CrisisCardError(_("The plan is still empty. Write it first."))
    digest = content_hash(content)
    latest = latest_version(locked)
    if latest is not None and latest.content_hash == digest:
        raise CrisisCardError(
            _("Nothing changed since version %(number)d. There is nothing new to establish.")
            % {"number": latest.number}
        )
    assert actor.person is not None  # staff services: the access check needs a person
    version = PlanVersion.objects.create(
        plan=locked,
        number=(latest.number if latest else 0) + 1,
        content=content,
        content_hash=digest,
        established_by=actor.person,
    )
    record(
        actor=actor,
        action=Action.CREATE,
        purpose="crisiscard:plan_establish",
        object_type=ObjectType.PLAN_VERSION,
        object_id=f"{request.uuid}/{version.number}",
        subject=request.participant,
        part="plan",
        role=access.log_role,
    )
    transition(
        actor=actor,
        request=request,
        to_state=S.AWAITING_SIGNATURES,
        text=_("The participant established version %(number)d of the plan")
        % {"number": version.number},
    )
    request_signatures = _request_signatures_hook()
    if request_signatures is not None:
        try:
            with transaction.atomic():
                request_signatures(actor=actor, version=version)
        except CrisisCardError as error:
            # The version stands; the consultant sends the requests from the parties page.
            RequestEvent.objects.create(
                request=request,
                actor=actor.person,
                text=(_("Signature requests could not be sent: %(reason)s") % {"reason": error})[
                    :300
                ],
            )
    plan.request.state = request.state
    return version


def _latest_content(plan: CrisisPlan) -> dict[str, Any] | None:
    latest = latest_version(plan)
    return latest.content if latest is not None else None


def _start_draft(actor: Actor, request: CardRequest) -> None:
    transition(
        actor=actor,
        request=request,
        to_state=S.PLAN_DRAFTED,
        text=_("A new version of the plan was started; the issued card stays valid until then"),
    )


@transaction.atomic
def start_new_draft(
    *, actor: Actor, plan: CrisisPlan, proposal: ChangeProposal | None = None
) -> CrisisPlan:
    """From an issued card, start working on a new version of the plan ("change at any time").

    Who may: the participant or the assigned consultant. Requires the request
    in card issued, evaluation due or evaluated. What changes: the request
    moves to "plan drafted" (the issued card stays valid for responders until
    the next card is issued); the draft stays as it is (it holds the latest
    version's text, or changes already written); when started from an open
    `proposal` of this plan, the proposal is marked taken up; one access-log
    CHANGE (besides the transition's own). The participant then establishes
    the new version; parties whose agreements did not change keep their
    signature. Raises CrisisCardError for another actor, another state, or a
    proposal that is not open or not of this plan.
    """
    ensure_not_restricted(plan.request.participant_id)
    request = CardRequest.objects.select_related("participant").get(pk=plan.request_id)
    access = _plan_relation(actor, request)
    if request.state not in CARD_IN_USE:
        raise CrisisCardError(
            _("A new version can be started from an issued card. Now the request is: %(state)s.")
            % {"state": S(request.state).label}
        )
    locked = _locked_plan(plan)
    if proposal is not None:
        proposal = ChangeProposal.objects.select_for_update().filter(pk=proposal.pk).first()
        if (
            proposal is None
            or proposal.plan_id != locked.pk
            or proposal.status != ChangeProposal.Status.OPEN
        ):
            raise CrisisCardError(_("This proposal is no longer open."))
        proposal.status = ChangeProposal.Status.TAKEN_UP
        proposal.save(update_fields=["status"])
    if not locked.draft and (latest := latest_version(locked)) is not None:
        locked.draft = latest.content
        locked.save(update_fields=["draft"])
    _start_draft(actor, request)
    record(
        actor=actor,
        action=Action.CHANGE,
        purpose="crisiscard:plan_new_draft",
        object_type=ObjectType.CRISIS_PLAN,
        object_id=str(request.uuid),
        subject=request.participant,
        part=f"proposal:{proposal.pk}" if proposal is not None else "plan",
        role=access.log_role,
    )
    _copy_into(plan, locked)
    plan.request.state = request.state
    return plan


@transaction.atomic
def propose_change(*, actor: Actor, plan: CrisisPlan, section: str, text: str) -> ChangeProposal:
    """The participant suggests a change to their plan, for the consultant to take up.

    Who may: the participant. `section` is a plan section key or "" (the whole
    plan). What changes: a ChangeProposal, one access-log CREATE.
    Raises CrisisCardError for another actor, an unknown section or an empty text.
    """
    ensure_not_restricted(plan.request.participant_id)
    request = CardRequest.objects.select_related("participant").get(pk=plan.request_id)
    access = relation(actor, request)
    if access is None or not access.is_participant:
        raise CrisisCardError(_("Only the participant can propose a change here."))
    if request.state in STOPPED_STATES:
        raise CrisisCardError(_("This request has stopped; the plan can no longer change."))
    if section and section not in schema.SECTION_KEYS:
        raise CrisisCardError(_("Choose a part of the plan from the list."))
    text = (text or "").strip()
    if not text:
        raise CrisisCardError(_("Write what you would like to change."))
    if len(text) > schema.MAX_TEXT:
        raise CrisisCardError(
            _("Please keep it under %(max)d characters.") % {"max": schema.MAX_TEXT}
        )
    if plan.pk is None:
        plan = _locked_plan(plan)
    assert actor.person is not None  # staff services: the access check needs a person
    proposal = ChangeProposal.objects.create(
        plan=plan, section=section, text=text, author=actor.person
    )
    record(
        actor=actor,
        action=Action.CREATE,
        purpose="crisiscard:plan_propose",
        object_type=ObjectType.CHANGE_PROPOSAL,
        object_id=proposal.pk,
        subject=request.participant,
        part=section or "plan",
        role=access.log_role,
    )
    return proposal


@transaction.atomic
def proposal_set_status(*, actor: Actor, proposal: ChangeProposal, status: str) -> ChangeProposal:
    """The consultant marks a proposal as taken up or not taken up (or open again).

    Who may: the assigned consultant. What changes: the proposal's status, one
    access-log CHANGE. Raises CrisisCardError for another actor or an unknown status.
    """
    request = CardRequest.objects.select_related("participant").get(pk=proposal.plan.request_id)
    access = relation(actor, request)
    if access is None or not access.is_consultant:
        raise CrisisCardError(_("Only the consultant can answer a proposal."))
    if status not in ChangeProposal.Status.values:
        raise CrisisCardError(_("Choose what happened with the proposal."))
    proposal.status = status
    proposal.save(update_fields=["status"])
    record(
        actor=actor,
        action=Action.CHANGE,
        purpose="crisiscard:plan_proposal_status",
        object_type=ObjectType.CHANGE_PROPOSAL,
        object_id=proposal.pk,
        subject=request.participant,
        part=proposal.section or "plan",
        role=access.log_role,
    )
    return proposal

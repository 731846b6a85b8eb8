"""Typed access-log events: what kinds of data the log speaks of, and one
named writer per kind of record that fixes its type, id and whose data it is.

`ObjectType` lists every kind of data the log names. Its values are the
strings already stored in `AccessEvent.object_type`, so old rows keep their
meaning; its labels are the plain words a participant reads on their own
"who looked at my data" page. `record()` refuses anything that is not an
`ObjectType`, and a test fails when a type has no words.

The writers (`log_card`, `log_recovery_case`, …) take the domain object and
the usual details (`actor`, `action`, `purpose`, `part`, `role`, `request`, …)
and call `regie.audit.services.record` once. The domain types are imported
for typing only: the audit app depends on no other app at run time.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, TypedDict, Unpack

from django.db import models
from django.http import HttpRequest
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .models import AccessEvent, Action, Outcome

if TYPE_CHECKING:
    from regie.core.policy import Actor
    from regie.crisiscard.models import Card, Evaluation, Party, PlanVersion, Signature
    from regie.people.models import Person
    from regie.privacy.models import ErasureRequest
    from regie.recovery.models import QuarterlyMeeting, RecoveryCase


class ObjectType(models.TextChoices):
    """Every kind of data the access log names; the label is the participant's
    own word for it ("your crisis plan"), shown on their access-log page."""

    ACCESS_LOG = "access_log", _("the overview of who looked at your data")
    ACTIVATION_CODE = "activation_code", _("the code to start your account")
    CARD = "card", _("your crisis card")
    CARD_REQUEST = "card_request", _("your request")
    CARD_REQUEST_LIST = "card_request_list", _("a list of requests")
    CASE_RELATIVE = "case_relative", _("your details as a family member or friend")
    CHANGE_PROPOSAL = "change_proposal", _("your proposal for a change")
    COACHING_SESSION = "coaching_session", _("a coaching session")
    CONSULTANT_QUALIFICATION = "consultant_qualification", _("your qualification as a consultant")
    CONSULTATION_INPUT_PACK = "consultation_input_pack", _("the papers for a consultation")
    CONVERSATION = "conversation", _("a conversation with you")
    CRISIS_PLAN = "crisis_plan", _("your crisis plan")
    DATA_COPY = "data_copy", _("a copy of all your data")
    EMERGENCY_LINK = "emergency_link", _("the QR code of your card")
    ERASURE_REQUEST = "erasure_request", _("your request to erase your data")
    EVALUATION = "evaluation", _("the evaluation of your card")
    FAMILY_ACTIVITY = "family_activity", _("a meeting for family and friends")
    INVITATION_LETTER = "invitation_letter", _("your invitation letter")
    LOGIN = "login", _("your login")
    OWN_ACCESS_LOG = "own_access_log", _("your list of who looked at your data")
    PARTY = "party", _("a person or organisation in your plan")
    PERSON = "person", _("your personal details")
    PLAN_VERSION = "plan_version", _("a final version of your plan")
    PRINT_ITEM = "print_item", _("a letter or card printed for you")
    PROCESSING_RESTRICTION = "processing_restriction", _("the pause on the use of your data")
    QUALITY_REVIEW = "quality_review", _("the check of your card")
    QUARTER_OVERVIEW = "quarter_overview", _("an overview of a quarter")
    QUARTERLY_MEETING = "quarterly_meeting", _("a quarterly meeting")
    READ_LINK = "read_link", _("a link to read parts of your plan")
    RECOVERY_CASE = "recovery_case", _("your recovery plan")
    RECOVERY_CASE_LIST = "recovery_case_list", _("a list of recovery plans")
    RELATIVE_NOTE = "relative_note", _("a note about you as a family member or friend")
    ROLE_ASSIGNMENT = "role_assignment", _("your role in Regie")
    SHARING = "sharing", _("who may see your plan")
    SHARING_PROPOSAL = "sharing_proposal", _("a proposal about who may see your plan")
    SIGNATURE = "signature", _("a signature on your plan")
    TRAJECTORY = "trajectory", _("your training or coaching")
    # The management screens log under the model's own name (see AuditedAdmin).
    ADMIN_USER = "user", _("your login")
    ADMIN_ROLE_ASSIGNMENT = "roleassignment", _("your role in Regie")
    ADMIN_CONSULTANT_QUALIFICATION = (
        "consultantqualification",
        _("your qualification as a consultant"),
    )
    ADMIN_PEER_EXPERT_QUALIFICATION = (
        "peerexpertqualification",
        _("your qualification as a peer expert"),
    )
    ADMIN_RECOVERY_CASE = "recoverycase", _("your recovery plan")

    @classmethod
    def words(cls, value: str) -> str | Promise:
        """The participant's words for a stored object type; rows written
        before a type existed read as "your data"."""
        if value in cls.values:
            return cls(value).label
        return _("your data")


class Details(TypedDict, total=False):
    """What a writer passes on to `record` unchanged."""

    part: str
    role: str
    outcome: Outcome
    request: HttpRequest | None
    legal_basis: str
    emergency: bool
    on_behalf_of: Person | None
    organisation: str


def _write(
    object_type: ObjectType,
    object_id: object,
    subject: Person | None,
    actor: Actor | None,
    action: Action,
    purpose: str,
    details: Details,
) -> AccessEvent:
    from .services import record

    return record(
        actor=actor,
        action=action,
        purpose=purpose,
        object_type=object_type,
        object_id=str(object_id),
        subject=subject,
        **details,
    )


def log_card(
    card: Card, *, actor: Actor | None, action: Action, purpose: str, **details: Unpack[Details]
) -> AccessEvent:
    """One event about a crisis card; whose data: the card's participant."""
    return _write(
        ObjectType.CARD, card.uuid, card.request.participant, actor, action, purpose, details
    )


def log_plan_version(
    version: PlanVersion,
    *,
    actor: Actor | None,
    action: Action,
    purpose: str,
    **details: Unpack[Details],
) -> AccessEvent:
    """One event about an established plan version (its PDF, its FHIR export); whose data:
    the participant. The id is `<request uuid>:<version number>`, as on the plan's PDF."""
    request = version.plan.request
    return _write(
        ObjectType.PLAN_VERSION,
        f"{request.uuid}:{version.number}",
        request.participant,
        actor,
        action,
        purpose,
        details,
    )


def log_evaluation(
    evaluation: Evaluation,
    *,
    actor: Actor | None,
    action: Action,
    purpose: str,
    **details: Unpack[Details],
) -> AccessEvent:
    """One event about a card's yearly evaluation; whose data: the participant."""
    participant = evaluation.card.request.participant
    return _write(
        ObjectType.EVALUATION, evaluation.pk, participant, actor, action, purpose, details
    )


def log_party(
    party: Party, *, actor: Actor | None, action: Action, purpose: str, **details: Unpack[Details]
) -> AccessEvent:
    """One event about a person or organisation in a plan; whose data: the participant."""
    return _write(
        ObjectType.PARTY, party.uuid, party.request.participant, actor, action, purpose, details
    )


def log_signature(
    signature: Signature,
    *,
    actor: Actor | None,
    action: Action,
    purpose: str,
    **details: Unpack[Details],
) -> AccessEvent:
    """One event about a signature on a plan; whose data: the participant."""
    participant = signature.party.request.participant
    return _write(ObjectType.SIGNATURE, signature.pk, participant, actor, action, purpose, details)


def log_recovery_case(
    case: RecoveryCase,
    *,
    actor: Actor | None,
    action: Action,
    purpose: str,
    **details: Unpack[Details],
) -> AccessEvent:
    """One event about a recovery case; whose data: the client."""
    return _write(ObjectType.RECOVERY_CASE, case.uuid, case.client, actor, action, purpose, details)


def log_quarterly_meeting(
    meeting: QuarterlyMeeting,
    *,
    actor: Actor | None,
    action: Action,
    purpose: str,
    **details: Unpack[Details],
) -> AccessEvent:
    """One event about a quarterly meeting; it is nobody's personal data."""
    return _write(ObjectType.QUARTERLY_MEETING, meeting.uuid, None, actor, action, purpose, details)


def log_about_relative(
    object_type: ObjectType,
    object_id: object,
    *,
    relative: Person,
    actor: Actor | None,
    action: Action,
    purpose: str,
    **details: Unpack[Details],
) -> AccessEvent:
    """One event about a family member or friend (an activity they joined, a
    note about them, their place on a case); whose data: that relative."""
    return _write(object_type, object_id, relative, actor, action, purpose, details)


def log_erasure_request(
    erasure_request: ErasureRequest,
    *,
    actor: Actor | None,
    action: Action,
    purpose: str,
    **details: Unpack[Details],
) -> AccessEvent:
    return _write(
        ObjectType.ERASURE_REQUEST,
        erasure_request.uuid,
        erasure_request.person,
        actor,
        action,
        purpose,
        details,
    )


def log_list_read(
    *,
    actor: Actor | None,
    purpose: str,
    list_type: ObjectType,
    item_type: ObjectType,
    items: Iterable[tuple[str | int, Person | None]],
    role: str,
    request: HttpRequest | None,
    part: str = "",
) -> None:
    """A page or API list that names people: one READ of the list itself, and
    one READ of each item shown (whose data: that item's person), in one write
    (one read of the chain's end, one INSERT)."""
    from .services import one_write, record, record_many

    with one_write():
        record(
            actor=actor,
            action=Action.READ,
            purpose=purpose,
            object_type=list_type,
            part=part,
            role=role,
            request=request,
        )
        record_many(
            actor=actor,
            action=Action.READ,
            purpose=purpose,
            object_type=item_type,
            items=items,
            role=role,
            request=request,
        )

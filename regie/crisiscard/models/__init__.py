"""Crisiskaart: from application to a signed plan, a printed card and the yearly evaluation."""

from __future__ import annotations

import datetime
import hashlib
import json
import secrets
import uuid
from typing import Any

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from regie.people.models import Municipality, Organisation, Person, Region


class RequestState(models.TextChoices):
    APPLIED = "applied", _("Applied")
    MATCHED = "matched", _("Matched")
    IN_CONVERSATION = "in_conversation", _("In conversation")
    PLAN_DRAFTED = "plan_drafted", _("Plan drafted")
    AWAITING_SIGNATURES = "awaiting_signatures", _("Awaiting signatures")
    CARD_ISSUED = "card_issued", _("Card issued")
    EVALUATION_DUE = "evaluation_due", _("Evaluation due")
    EVALUATED = "evaluated", _("Evaluated")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    CLOSED = "closed", _("Closed")


class StopReason(models.TextChoices):
    NO_NEED = "no_need", _("No longer needed")
    NOT_READY = "not_ready", _("Participant not ready")
    NO_CONTACT = "no_contact", _("No contact possible")
    OTHER_HELP = "other_help", _("Other help found")
    HEALTH = "health", _("Health did not allow it")
    MOVED = "moved", _("Moved out of the region")
    CARD_ENDED = "card_ended", _("Card ended after evaluation")
    OTHER = "other", _("Other")


class Weight(models.TextChoices):
    LIGHT = "light", _("Light")
    HEAVY = "heavy", _("Heavy")


class Urgency(models.TextChoices):
    NORMAL = "normal", _("Normal")
    URGENT = "urgent", _("Urgent")


class HeardVia(models.TextChoices):
    CARE_PROVIDER = "care_provider", _("Care provider")
    GP = "gp", _("GP")
    FAMILY = "family", _("Family or friends")
    PEER = "peer", _("Someone with a crisis card")
    POLICE = "police", _("Police")
    INFORMATION_SESSION = "information_session", _("Information session")
    INTERNET = "internet", _("Internet")
    OTHER = "other", _("Other")


class Channel(models.TextChoices):
    ONLINE = "online", _("Online form")
    PHONE = "phone", _("By phone (registered by staff)")


class CardRequest(models.Model):
    """The trajectory from application to card (and beyond: evaluations)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    participant = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        related_name="card_requests",
        verbose_name=_("participant"),
    )
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="card_requests", verbose_name=_("region")
    )
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("municipality"),
    )
    heard_via = models.CharField(
        _("heard of the card via"), max_length=24, choices=HeardVia.choices
    )
    urgency = models.CharField(
        _("urgency"), max_length=8, choices=Urgency.choices, default=Urgency.NORMAL
    )
    weight = models.CharField(
        _("situation"), max_length=8, choices=Weight.choices, default=Weight.LIGHT
    )
    weight_confirmed = models.BooleanField(_("weight set by the coordinator"), default=False)
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices)
    wishes = models.TextField(_("wishes"), blank=True)
    consultant = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="card_requests_as_consultant",
        verbose_name=_("consultant"),
    )
    state = models.CharField(
        _("state"), max_length=24, choices=RequestState.choices, default=RequestState.APPLIED
    )
    stop_reason = models.CharField(
        _("reason for stopping"), max_length=16, choices=StopReason.choices, blank=True
    )
    stop_note = models.TextField(_("note on stopping"), blank=True)
    applied_at = models.DateTimeField(_("applied at"), default=timezone.now)
    registered_by = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("registered by"),
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["-applied_at"]
        verbose_name = _("card request")
        verbose_name_plural = _("card requests")
        indexes = [
            models.Index(fields=["region", "state"]),
            models.Index(fields=["consultant", "state"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(state__in=["withdrawn", "closed"]) | ~Q(stop_reason=""),
                name="card_request_stopped_has_reason",
            )
        ]

    def __str__(self) -> str:
        return _("Card request of %(name)s") % {"name": self.participant}


class RequestEvent(models.Model):
    """The request's timeline: every transition and notable change."""

    request = models.ForeignKey(CardRequest, on_delete=models.CASCADE, related_name="events")
    occurred_at = models.DateTimeField(default=timezone.now)
    actor = models.ForeignKey(Person, on_delete=models.PROTECT, null=True, related_name="+")
    from_state = models.CharField(max_length=24, blank=True)
    to_state = models.CharField(max_length=24, blank=True)
    text = models.CharField(max_length=300)

    class Meta:
        ordering = ["-occurred_at", "-pk"]

    def __str__(self) -> str:
        return self.text


class ConversationKind(models.TextChoices):
    INFORMATIVE = "informative", _("Informative conversation")
    PLAN = "plan", _("Plan conversation")
    EVALUATION = "evaluation", _("Evaluation")
    MEDIATION = "mediation", _("Mediation with parties (HBO)")
    PARTY_CONTACT = "party_contact", _("Contact with a party")
    QUESTION = "question", _("Question from a card holder or contact person")


class Conversation(models.Model):
    request = models.ForeignKey(
        CardRequest,
        on_delete=models.CASCADE,
        related_name="conversations",
        verbose_name=_("request"),
    )
    kind = models.CharField(_("kind"), max_length=16, choices=ConversationKind.choices)
    occurred_on = models.DateField(_("date"), default=timezone.localdate)
    duration_minutes = models.PositiveIntegerField(_("duration (minutes)"))
    participants = models.ManyToManyField(
        Person, blank=True, related_name="crisiscard_conversations", verbose_name=_("who took part")
    )
    others_present = models.CharField(_("others present"), max_length=300, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    parties_present: models.ManyToManyField[Party, Any] = models.ManyToManyField(
        "Party", blank=True, related_name="conversations", verbose_name=_("parties present")
    )
    outcome = models.TextField(_("outcome"), blank=True)
    follow_up_on = models.DateField(_("follow up on"), null=True, blank=True)
    followed_up = models.BooleanField(_("followed up"), default=False)
    recorded_by = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )

    class Meta:
        ordering = ["-occurred_on", "-pk"]
        verbose_name = _("conversation")
        verbose_name_plural = _("conversations")
        constraints = [
            models.CheckConstraint(
                condition=Q(duration_minutes__gte=1) & Q(duration_minutes__lte=24 * 60),
                name="conversation_duration_sensible",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.occurred_on:%d-%m-%Y}"


def canonical_json(content: Any) -> bytes:
    return json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def content_hash(content: Any) -> str:
    return hashlib.sha256(canonical_json(content)).hexdigest()


class CrisisPlan(models.Model):
    """The participant's crisis plan: one draft, and established versions."""

    request = models.OneToOneField(
        CardRequest, on_delete=models.CASCADE, related_name="plan", verbose_name=_("request")
    )
    draft = models.JSONField(_("draft"), default=dict)
    # Every save of the draft raises this; a save based on an older number is stale.
    draft_revision = models.PositiveIntegerField(default=0)
    draft_saved_at = models.DateTimeField(null=True, blank=True)
    draft_saved_by = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("crisis plan")
        verbose_name_plural = _("crisis plans")

    def __str__(self) -> str:
        return _("Crisis plan of %(name)s") % {"name": self.request.participant}


class DraftRevision(models.Model):
    """Every saved draft, so nothing the participant wrote is ever lost."""

    plan = models.ForeignKey(CrisisPlan, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()
    content = models.JSONField()
    saved_at = models.DateTimeField(default=timezone.now)
    saved_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="draft_revision_once")
        ]

    def __str__(self) -> str:
        return f"{self.plan} #{self.number}"


class PlanVersion(models.Model):
    """An established version: immutable, numbered, identified by its content hash."""

    plan = models.ForeignKey(CrisisPlan, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    content = models.JSONField()
    content_hash = models.CharField(max_length=64)
    established_at = models.DateTimeField(default=timezone.now)
    established_by = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="+", verbose_name=_("established by")
    )

    class Meta:
        ordering = ["plan", "-number"]
        verbose_name = _("plan version")
        verbose_name_plural = _("plan versions")
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="plan_version_number_once")
        ]

    def __str__(self) -> str:
        return _("Version %(number)d") % {"number": self.number}

    def save(self, *args: Any, **kwargs: Any) -> None:
        # An established version is immutable: only its first insert is allowed.
        if self.pk is not None and not self._state.adding:
            raise ValueError("An established plan version cannot be changed.")
        super().save(*args, **kwargs)


class ChangeProposal(models.Model):
    """The participant (or card holder) suggests a change; the consultant takes it up."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        TAKEN_UP = "taken_up", _("Taken up")
        DECLINED = "declined", _("Not taken up")

    plan = models.ForeignKey(CrisisPlan, on_delete=models.CASCADE, related_name="proposals")
    section = models.CharField(_("section"), max_length=40, blank=True)
    text = models.TextField(_("suggestion"))
    author = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.text[:60]


class PartyKind(models.TextChoices):
    TRUSTED_PERSON = "trusted_person", _("Trusted person")
    RELATIVE = "relative", _("Relative")
    CARE_PROVIDER = "care_provider", _("Care provider")
    GP = "gp", _("GP")
    CRISIS_SERVICE = "crisis_service", _("Crisis service")
    POLICE = "police", _("Police")
    HOSPITAL = "hospital", _("Hospital")
    OTHER = "other", _("Other")


class Party(models.Model):
    """A person or organisation named in the plan, who may sign their agreements."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    request = models.ForeignKey(CardRequest, on_delete=models.CASCADE, related_name="parties")
    kind = models.CharField(_("kind"), max_length=16, choices=PartyKind.choices)
    name = models.CharField(_("name"), max_length=200)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="parties"
    )
    email = models.EmailField(_("e-mail address"), blank=True)
    service = models.ForeignKey(
        "coordination.SocialService",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="parties",
        verbose_name=_("service on the social map"),
    )
    phone = models.CharField(_("phone number"), max_length=40, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("party")
        verbose_name_plural = _("parties")

    def __str__(self) -> str:
        return self.name


class SignatureStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    SIGNED = "signed", _("Signed")
    DECLINED = "declined", _("Declined")
    SCAN = "scan", _("Signed on paper (scan)")
    SUPERSEDED = "superseded", _("Superseded by a new request")


def new_token() -> str:
    """An unguessable token: 32 random bytes, 256 bits."""
    return secrets.token_urlsafe(32)


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class Signature(models.Model):
    """One party's signature on their agreements of one established version."""

    version = models.ForeignKey(PlanVersion, on_delete=models.PROTECT, related_name="signatures")
    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="signatures")
    agreements_hash = models.CharField(max_length=64)
    status = models.CharField(
        max_length=12, choices=SignatureStatus.choices, default=SignatureStatus.REQUESTED
    )
    # Only the digest of the single-use link's token is stored.
    token_digest = models.CharField(max_length=64, unique=True, null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    requested_at = models.DateTimeField(default=timezone.now)
    reminded_at = models.DateTimeField(null=True, blank=True)
    signed_at = models.DateTimeField(null=True, blank=True)
    typed_name = models.CharField(max_length=200, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    decline_reason = models.TextField(blank=True)
    scan = models.FileField(upload_to="signature-scans/%Y/", blank=True)

    class Meta:
        ordering = ["-requested_at"]
        verbose_name = _("signature")
        verbose_name_plural = _("signatures")

    def __str__(self) -> str:
        return f"{self.party} – {self.get_status_display()}"


class CardStatus(models.TextChoices):
    DRAFT = "draft", _("Being made")
    ISSUED = "issued", _("Issued")
    ENDED = "ended", _("Ended")


class Card(models.Model):
    """A crisis card made from one established version, panel by panel."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    request = models.ForeignKey(CardRequest, on_delete=models.PROTECT, related_name="cards")
    version = models.ForeignKey(PlanVersion, on_delete=models.PROTECT, related_name="cards")
    number = models.CharField(_("card number"), max_length=20, unique=True)
    panels = models.JSONField(_("panels"), default=dict)
    # The same panels in English, optional: all empty means the card has no English side.
    panels_en = models.JSONField(_("panels in English"), default=dict, blank=True)
    status = models.CharField(max_length=8, choices=CardStatus.choices, default=CardStatus.DRAFT)
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    # When the daily job told the holder the card is no longer reliable (not the
    # rule itself: that is regie.crisiscard.reliability).
    marked_unreliable_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-issued_on", "-pk"]
        verbose_name = _("crisis card")
        verbose_name_plural = _("crisis cards")
        indexes = [models.Index(fields=["status", "issued_on"])]

    def __str__(self) -> str:
        return self.number

    def evaluation_due_on(self) -> datetime.date | None:
        if self.issued_on is None:
            return None
        last = self.evaluations.filter(completed_at__isnull=False).order_by("-completed_at").first()
        base = last.completed_at.date() if last and last.completed_at else self.issued_on
        return _add_months(base, 12)


def _add_months(day: datetime.date, months: int) -> datetime.date:
    month = day.month - 1 + months
    year = day.year + month // 12
    month = month % 12 + 1
    return datetime.date(year, month, min(day.day, 28))


class EmergencyLink(models.Model):
    """The token behind the QR code on the holder's cards: it belongs to the holder.

    Any of the holder's printed cards opens their newest issued card, through
    every re-issue. "Card lost" revokes the holder's live links and makes a new
    one for a reprint. A holder normally has one live link; links carried over
    from when each card had its own stay live, so no printed code breaks.

    The token is stored as issued because the printed card must carry it; it is
    a documented exception to "no secrets in URLs" (SECURITY.md).
    """

    holder = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="emergency_links", verbose_name=_("holder")
    )
    token = models.CharField(max_length=64, unique=True, default=new_token)
    created_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["holder", "revoked_at"])]

    def __str__(self) -> str:
        return f"{self.holder_id} ({'revoked' if self.revoked_at else 'live'})"


class RespectedBy(models.TextChoices):
    POLICE = "police", _("Police")
    CRISIS_SERVICE = "crisis_service", _("Crisis service")
    HOSPITAL = "hospital", _("Hospital")
    RELATIVES = "relatives", _("Relatives")
    GP = "gp", _("GP")
    OTHER = "other", _("Other")


class EvaluationOutcome(models.TextChoices):
    UNCHANGED = "unchanged", _("Unchanged")
    UPDATED = "updated", _("Updated (new version)")
    ENDED = "ended", _("Ended")


class Evaluation(models.Model):
    """The yearly evaluation of a card: a task for the consultant, then its outcome."""

    card = models.ForeignKey(Card, on_delete=models.CASCADE, related_name="evaluations")
    due_on = models.DateField(_("due on"))
    invited_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    crisis_happened = models.BooleanField(_("a crisis happened"), null=True)
    card_used = models.BooleanField(_("the card was used"), null=True)
    used_by = models.JSONField(_("used by"), default=list, blank=True)
    respected_by = models.JSONField(_("respected by"), default=list, blank=True)
    what_should_change = models.TextField(_("what should change"), blank=True)
    outcome = models.CharField(
        _("outcome"), max_length=10, choices=EvaluationOutcome.choices, blank=True
    )

    class Meta:
        ordering = ["-due_on"]
        constraints = [
            models.UniqueConstraint(fields=["card", "due_on"], name="evaluation_once_per_due_date")
        ]

    def __str__(self) -> str:
        return f"{self.card} {self.due_on:%d-%m-%Y}"


class EvaluationTheme(models.TextChoices):
    """Coded themes from evaluations: the only evaluation content reports may use."""

    WISH_CONTACT_PERSON = "wish_contact_person", _("Wish: call my contact person")
    WISH_OWN_APPROACH = "wish_own_approach", _("Wish: approach me my way")
    WISH_ADMISSION_PLACE = "wish_admission_place", _("Wish about where to be admitted")
    WISH_NO_COERCION = "wish_no_coercion", _("Wish about compulsory care")
    WISH_MEDICATION = "wish_medication", _("Wish about medication")
    WISH_PRACTICAL = "wish_practical", _("Wish about children, pets or home")
    BOTTLENECK_NOT_ASKED = "bottleneck_not_asked", _("Bottleneck: nobody asked for the card")
    BOTTLENECK_NOT_FOUND = "bottleneck_not_found", _("Bottleneck: the card was not found")
    BOTTLENECK_IGNORED = "bottleneck_ignored", _("Bottleneck: the card was ignored")
    BOTTLENECK_OUTDATED = "bottleneck_outdated", _("Bottleneck: information was out of date")
    BOTTLENECK_UNREACHABLE = (
        "bottleneck_unreachable",
        _("Bottleneck: a contact could not be reached"),
    )


class FindingKind(models.TextChoices):
    USED_BY = "used_by", _("Used by")
    RESPECTED_BY = "respected_by", _("Respected by")
    THEME = "theme", _("Theme")


class EvaluationFinding(models.Model):
    """One coded fact from an evaluation (who used or respected the card, a theme).

    Kept as rows beside the evaluation so that reports count them in the
    database; written by the evaluation service together with the evaluation.
    """

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="findings")
    kind = models.CharField(max_length=16, choices=FindingKind.choices)
    code = models.CharField(max_length=32)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["evaluation", "kind", "code"], name="evaluation_finding_once"
            )
        ]
        indexes = [models.Index(fields=["kind", "code"])]

    def __str__(self) -> str:
        return f"{self.kind}:{self.code}"


class Notification(models.Model):
    """A message sent by a scheduled job, recorded so that a rerun sends nothing twice."""

    key = models.CharField(max_length=120, unique=True)
    sent_at = models.DateTimeField(default=timezone.now)
    recipient = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")

    def __str__(self) -> str:
        return self.key


class PrintKind(models.TextChoices):
    CARD = "card", _("Card")
    INVITATION = "invitation", _("Invitation letter")
    NOTICE = "notice", _("Letter")


class PrintItem(models.Model):
    """Something the licence holder prints and posts: a card, or a letter for a
    person who gets no e-mail (the print queue, decisions/0021).

    A card is printed from the card itself. An invitation letter gets its
    single-use code when it is printed (a code is never stored in the clear).
    A notice letter keeps the text it was given, rendered in the recipient's
    language when it was queued.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(_("kind"), max_length=16, choices=PrintKind.choices)
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="print_items", verbose_name=_("region")
    )
    recipient = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="print_items", verbose_name=_("recipient")
    )
    card = models.ForeignKey(
        Card,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="print_items",
        verbose_name=_("card"),
    )
    request = models.ForeignKey(
        CardRequest,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="print_items",
        verbose_name=_("card request"),
    )
    subject = models.CharField(_("subject"), max_length=200, blank=True)
    body = models.TextField(_("text"), blank=True)
    created_at = models.DateTimeField(_("queued"), default=timezone.now)
    created_by = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    downloaded_at = models.DateTimeField(_("last downloaded"), null=True, blank=True)
    printed_at = models.DateTimeField(_("printed and sent"), null=True, blank=True)
    printed_by = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("print item")
        verbose_name_plural = _("print items")
        indexes = [models.Index(fields=["region", "printed_at", "created_at"])]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="card") | Q(card__isnull=False),
                name="print_item_card_has_card",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} – {self.recipient}"


# The sharing grid (who may see what) lives in its own module; imported here so
# Django registers its models with this app.
from .sharing import (  # noqa: E402, F401
    ResponderType,
    Sharing,
    SharingChange,
    SharingGrant,
    SharingProposal,
)

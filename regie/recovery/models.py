"""Schijf van herstel: recovery cases, tandem teams, the life-area wheel,
goals and actions, contacts, family support and quarterly meetings."""

from __future__ import annotations

import datetime
import uuid

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from regie.people.models import Organisation, OrganisationKind, Person, Role


class LifeArea(models.Model):
    """A life area of the wheel. Configuration: the defaults come from a data migration."""

    key = models.SlugField(_("key"), max_length=40, unique=True)
    name_nl = models.CharField(_("name (Dutch)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["position", "key"]
        verbose_name = _("life area")
        verbose_name_plural = _("life areas")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.name_en if (get_language() or "nl").startswith("en") else self.name_nl


class TeamRole(models.TextChoices):
    CASE_DIRECTOR = Role.CASE_DIRECTOR.value, _("Case director")
    PEER_EXPERT = Role.PEER_EXPERT.value, _("Peer expert")
    FAMILY_PEER_EXPERT = Role.FAMILY_PEER_EXPERT.value, _("Family peer expert")


class TeamMembershipRule(models.Model):
    """Which kind of organisation supplies each team role (configuration, not code)."""

    team_role = models.CharField(_("team role"), max_length=32, choices=TeamRole.choices)
    organisation_kind = models.CharField(
        _("organisation kind"), max_length=32, choices=OrganisationKind.choices
    )

    class Meta:
        verbose_name = _("team membership rule")
        verbose_name_plural = _("team membership rules")
        constraints = [
            models.UniqueConstraint(
                fields=["team_role", "organisation_kind"], name="team_rule_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_team_role_display()} ← {self.get_organisation_kind_display()}"


class CaseState(models.TextChoices):
    INTAKE = "intake", _("Intake")
    ACTIVE = "active", _("Active")
    NEEDS_PEER_EXPERT = "needs_peer_expert", _("Needs a peer expert")
    PAUSED = "paused", _("Paused")
    CLOSED = "closed", _("Closed")


class CloseReason(models.TextChoices):
    GOALS_REACHED = "goals_reached", _("Goals reached")
    CLIENT_STOPPED = "client_stopped", _("Client chose to stop")
    REFERRED = "referred", _("Referred to other care")
    MOVED = "moved", _("Client moved away")
    NO_CONTACT = "no_contact", _("No contact possible")
    OTHER = "other", _("Other")


class RecoveryCase(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    client = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="recovery_cases", verbose_name=_("client")
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="recovery_cases",
        verbose_name=_("case-direction organisation"),
    )
    state = models.CharField(
        _("state"), max_length=20, choices=CaseState.choices, default=CaseState.INTAKE
    )
    from_own_caseload = models.BooleanField(
        _("client from the case director's own caseload"), default=False
    )
    share_crisis_card = models.BooleanField(
        _("client allows the team to see their crisis card"), default=False
    )
    opened_on = models.DateField(_("opened on"), default=timezone.localdate)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    close_reason = models.CharField(
        _("reason for closing"), max_length=20, choices=CloseReason.choices, blank=True
    )
    close_note = models.TextField(_("note on closing"), blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    # Raised by every change of the client's sharing choices, so a stale save
    # of the sharing page is refused instead of undoing a newer choice.
    consent_revision = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["-opened_on"]
        verbose_name = _("recovery case")
        verbose_name_plural = _("recovery cases")
        indexes = [models.Index(fields=["organisation", "state"])]
        constraints = [
            models.CheckConstraint(
                condition=~Q(state="closed") | ~Q(close_reason=""),
                name="recovery_case_closed_has_reason",
            )
        ]

    def __str__(self) -> str:
        return _("Recovery case of %(client)s") % {"client": self.client}


def current_member_q(prefix: str = "", on: datetime.date | None = None) -> Q:
    """The one definition of "on the team" on `on` (today): started, and not
    yet ended. An approved handover dated in the future keeps the old director
    in charge until the day before it, and the new one from that day.

    `prefix` filters through a relation, e.g. "members__" from RecoveryCase;
    put it in the same filter() call as the other conditions on that member.
    CaseMember.is_current_on is the same rule for a loaded row.
    """
    day = on or timezone.localdate()
    return Q(**{f"{prefix}started_on__lte": day}) & (
        Q(**{f"{prefix}ended_on__isnull": True}) | Q(**{f"{prefix}ended_on__gte": day})
    )


class CaseMemberQuerySet(models.QuerySet["CaseMember"]):
    def current(self, on: datetime.date | None = None) -> CaseMemberQuerySet:
        """Members on the team on `on` (today); see current_member_q."""
        return self.filter(current_member_q(on=on))

    def open(self) -> CaseMemberQuerySet:
        """Rows without an end date, including a director who starts after an
        approved future handover. Not "the current team" (that is current()):
        this is the database's rule of one open row per team role."""
        return self.filter(ended_on__isnull=True)


class CaseMember(models.Model):
    """A person on a case's team for a period. Exactly one current case director
    carries final responsibility; at most one current peer expert and family
    peer expert (the tandem)."""

    case = models.ForeignKey(
        RecoveryCase, on_delete=models.CASCADE, related_name="members", verbose_name=_("case")
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="case_memberships", verbose_name=_("person")
    )
    team_role = models.CharField(_("team role"), max_length=32, choices=TeamRole.choices)
    started_on = models.DateField(_("from"), default=timezone.localdate)
    ended_on = models.DateField(_("until"), null=True, blank=True)

    objects = CaseMemberQuerySet.as_manager()

    class Meta:
        ordering = ["team_role", "started_on"]
        verbose_name = _("team member")
        verbose_name_plural = _("team members")
        constraints = [
            models.UniqueConstraint(
                fields=["case", "team_role"],
                condition=Q(ended_on__isnull=True),
                name="case_one_current_member_per_team_role",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="case_member_period_is_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_team_role_display()})"

    def is_current_on(self, day: datetime.date) -> bool:
        """On the team on `day`: the rule of current_member_q for a loaded row."""
        return self.started_on <= day and (self.ended_on is None or self.ended_on >= day)

    @property
    def is_current(self) -> bool:
        return self.is_current_on(timezone.localdate())


class HandoverStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for approval")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class Handover(models.Model):
    """Final responsibility moves from one case director to another, approved by the team lead."""

    case = models.ForeignKey(
        RecoveryCase, on_delete=models.CASCADE, related_name="handovers", verbose_name=_("case")
    )
    from_person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="+", verbose_name=_("from")
    )
    to_person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="+", verbose_name=_("to")
    )
    reason = models.TextField(_("reason"))
    handover_on = models.DateField(_("handover date"))
    requested_by = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="+", verbose_name=_("requested by")
    )
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    status = models.CharField(
        _("status"), max_length=16, choices=HandoverStatus.choices, default=HandoverStatus.PENDING
    )
    decided_by = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        ordering = ["-requested_at"]
        verbose_name = _("handover")
        verbose_name_plural = _("handovers")
        constraints = [
            models.UniqueConstraint(
                fields=["case"],
                condition=Q(status="pending"),
                name="handover_one_pending_per_case",
            )
        ]

    def __str__(self) -> str:
        return f"{self.from_person} → {self.to_person}"


class PartnerKind(models.TextChoices):
    RELATIVE = "relative", _("Family or relative")
    PROFESSIONAL = "professional", _("Professional from a partner organisation")


class CasePartner(models.Model):
    """Someone who works with the client on the case, per life area where relevant."""

    case = models.ForeignKey(
        RecoveryCase, on_delete=models.CASCADE, related_name="partners", verbose_name=_("case")
    )
    kind = models.CharField(_("kind"), max_length=16, choices=PartnerKind.choices)
    life_area = models.ForeignKey(
        LifeArea,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("life area"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="case_partnerships",
        verbose_name=_("organisation"),
    )
    person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="case_partnerships",
        verbose_name=_("contact person"),
    )
    relationship = models.CharField(_("relationship or function"), max_length=100, blank=True)
    started_on = models.DateField(_("from"), default=timezone.localdate)
    ended_on = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        ordering = ["life_area__position", "kind"]
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        constraints = [
            models.CheckConstraint(
                condition=Q(organisation__isnull=False) | Q(person__isnull=False),
                name="case_partner_names_someone",
            )
        ]

    def __str__(self) -> str:
        return str(self.person or self.organisation)


class Perspective(models.TextChoices):
    CLIENT = "client", _("Client's own view")
    TEAM = "team", _("Team's view")


class WheelAssessment(models.Model):
    """Scores 0–10 per life area at one moment, from the client or, separately, the team."""

    case = models.ForeignKey(
        RecoveryCase, on_delete=models.CASCADE, related_name="assessments", verbose_name=_("case")
    )
    assessed_on = models.DateField(_("date"), default=timezone.localdate)
    perspective = models.CharField(_("whose view"), max_length=8, choices=Perspective.choices)
    recorded_by = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    # The client's own view typed in by a team member, at the client's request.
    entered_for_client = models.BooleanField(
        _("entered by a team member at the client's request"), default=False
    )
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["assessed_on", "created_at"]
        verbose_name = _("wheel assessment")
        verbose_name_plural = _("wheel assessments")

    def __str__(self) -> str:
        return f"{self.get_perspective_display()} {self.assessed_on:%d-%m-%Y}"


class WheelScore(models.Model):
    assessment = models.ForeignKey(WheelAssessment, on_delete=models.CASCADE, related_name="scores")
    life_area = models.ForeignKey(LifeArea, on_delete=models.PROTECT, related_name="+")
    score = models.PositiveSmallIntegerField(_("score"))
    note = models.CharField(_("in your own words"), max_length=500, blank=True)

    class Meta:
        ordering = ["life_area__position"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "life_area"], name="wheel_score_once"),
            models.CheckConstraint(
                condition=Q(score__gte=0) & Q(score__lte=10), name="wheel_score_0_to_10"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.life_area}: {self.score}"


class Goal(models.Model):
    case = models.ForeignKey(
        RecoveryCase, on_delete=models.CASCADE, related_name="goals", verbose_name=_("case")
    )
    life_area = models.ForeignKey(
        LifeArea, on_delete=models.PROTECT, related_name="+", verbose_name=_("life area")
    )
    description = models.TextField(_("goal"))
    created_on = models.DateField(_("created on"), default=timezone.localdate)
    achieved_on = models.DateField(_("achieved on"), null=True, blank=True)

    class Meta:
        ordering = ["life_area__position", "created_on"]
        verbose_name = _("goal")
        verbose_name_plural = _("goals")

    def __str__(self) -> str:
        return self.description[:60]


class ConsentPart(models.TextChoices):
    """What of a case the client may share with a grantee."""

    NOTES = "notes", _("Contacts and case notes")
    PLAN = "plan", _("Goals and actions")
    WHEEL = "wheel", _("Wheel scores")


# What the family peer expert reads when the client has not chosen yet: the
# plan and the wheel (the team's shared work), never the case notes.
FAMILY_PEER_EXPERT_DEFAULT = frozenset({ConsentPart.PLAN, ConsentPart.WHEEL})
PARTNER_DEFAULT: frozenset[str] = frozenset()


class ClientConsent(models.Model):
    """What the client lets one grantee read: the case's family peer expert
    (whoever holds that place on the team; `partner` empty) or one partner.
    No row means the default (FAMILY_PEER_EXPERT_DEFAULT, PARTNER_DEFAULT)."""

    case = models.ForeignKey(
        RecoveryCase, on_delete=models.CASCADE, related_name="consents", verbose_name=_("case")
    )
    partner = models.ForeignKey(
        "CasePartner",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="consents",
        verbose_name=_("partner"),
    )
    notes = models.BooleanField(_("contacts and case notes"), default=False)
    plan = models.BooleanField(_("goals and actions"), default=False)
    wheel = models.BooleanField(_("wheel scores"), default=False)
    changed_at = models.DateTimeField(_("changed at"), default=timezone.now)
    changed_by = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="+", verbose_name=_("changed by")
    )

    class Meta:
        verbose_name = _("client's consent")
        verbose_name_plural = _("client's consents")
        constraints = [
            models.UniqueConstraint(
                fields=["case"],
                condition=Q(partner__isnull=True),
                name="client_consent_one_family_row",
            ),
            models.UniqueConstraint(
                fields=["case", "partner"],
                condition=Q(partner__isnull=False),
                name="client_consent_one_row_per_partner",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case_id}: {', '.join(sorted(self.parts))}"

    @property
    def parts(self) -> frozenset[str]:
        return frozenset(part for part in ConsentPart.values if getattr(self, part))


class ActionOwner(models.TextChoices):
    CLIENT = "client", _("Client")
    TEAM = "team", _("Team member")
    PARTNER = "partner", _("Partner")


class ActionStatus(models.TextChoices):
    OPEN = "open", _("To do")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("Dropped")


class GoalAction(models.Model):
    goal = models.ForeignKey(
        Goal, on_delete=models.CASCADE, related_name="actions", verbose_name=_("goal")
    )
    description = models.CharField(_("what"), max_length=300)
    owner_kind = models.CharField(_("who"), max_length=8, choices=ActionOwner.choices)
    owner_person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="recovery_actions",
        verbose_name=_("team member"),
    )
    owner_partner = models.ForeignKey(
        CasePartner,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="actions",
        verbose_name=_("partner"),
    )
    due_on = models.DateField(_("by when"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=8, choices=ActionStatus.choices, default=ActionStatus.OPEN
    )

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        indexes = [models.Index(fields=["owner_person", "status", "due_on"])]

    def __str__(self) -> str:
        return self.description


class ContactWith(models.TextChoices):
    CLIENT = "client", _("Client")
    RELATIVES = "relatives", _("Relatives")
    PARTNERS = "partners", _("Partners")


class CaseContact(models.Model):
    """A meeting with the client, relatives or partners, logged with its duration."""

    case = models.ForeignKey(
        RecoveryCase, on_delete=models.CASCADE, related_name="contacts", verbose_name=_("case")
    )
    occurred_on = models.DateField(_("date"), default=timezone.localdate)
    duration_minutes = models.PositiveIntegerField(_("duration (minutes)"))
    with_whom = models.CharField(_("with"), max_length=12, choices=ContactWith.choices)
    team_participants = models.ManyToManyField(
        Person, related_name="recovery_contacts", verbose_name=_("team members present")
    )
    partners_present = models.ManyToManyField(
        CasePartner, blank=True, related_name="contacts", verbose_name=_("partners present")
    )
    notes = models.TextField(_("notes"), blank=True)
    recorded_by = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )

    class Meta:
        ordering = ["-occurred_on", "-pk"]
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        constraints = [
            models.CheckConstraint(
                condition=Q(duration_minutes__gte=1) & Q(duration_minutes__lte=24 * 60),
                name="case_contact_duration_sensible",
            )
        ]

    def __str__(self) -> str:
        return f"{self.occurred_on:%d-%m-%Y} ({self.duration_minutes} min)"


class CaseEvent(models.Model):
    """The case timeline: state changes, team changes and handovers, in order."""

    case = models.ForeignKey(RecoveryCase, on_delete=models.CASCADE, related_name="events")
    occurred_at = models.DateTimeField(default=timezone.now)
    actor = models.ForeignKey(Person, on_delete=models.PROTECT, null=True, related_name="+")
    kind = models.CharField(max_length=32)
    text = models.CharField(max_length=300)

    class Meta:
        ordering = ["-occurred_at", "-pk"]

    def __str__(self) -> str:
        return self.text


class FamilyActivityKind(models.TextChoices):
    CONVERSATION = "conversation", _("Conversation")
    SELF_HELP_GROUP = "self_help_group", _("Self-help group")
    TRAINING = "training", _("Training")


class FamilyTopic(models.TextChoices):
    GRIEF = "grief", _("Grief")
    GUILT = "guilt", _("Guilt")
    WORRY = "worry", _("Worry")
    SELF_CARE = "self_care", _("Caring for yourself")
    BOUNDARIES = "boundaries", _("Setting boundaries")
    CRISIS = "crisis", _("What to do in a crisis")
    OTHER = "other", _("Other")


class CaseRelative(models.Model):
    """A relative (family or close one) of a case's client."""

    case = models.ForeignKey(RecoveryCase, on_delete=models.CASCADE, related_name="relatives")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="relative_of")
    relationship = models.CharField(_("relationship"), max_length=100)

    class Meta:
        verbose_name = _("relative")
        verbose_name_plural = _("relatives")
        constraints = [
            models.UniqueConstraint(fields=["case", "person"], name="case_relative_once")
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.relationship})"


class FamilyActivity(models.Model):
    """The family peer expert's work with relatives, across cases."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(_("kind"), max_length=20, choices=FamilyActivityKind.choices)
    title = models.CharField(_("title"), max_length=200)
    held_on = models.DateField(_("date"))
    family_peer_expert = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        related_name="family_activities",
        verbose_name=_("family peer expert"),
    )
    topics = models.JSONField(_("topics"), default=list, blank=True)
    relatives = models.ManyToManyField(
        Person, related_name="family_activities_attended", verbose_name=_("relatives")
    )

    class Meta:
        ordering = ["-held_on"]
        verbose_name = _("family support activity")
        verbose_name_plural = _("family support activities")

    def __str__(self) -> str:
        return self.title

    def topic_labels(self) -> list[str]:
        labels = dict(FamilyTopic.choices)
        return [str(labels.get(t, t)) for t in self.topics]


class RelativeNote(models.Model):
    """What a relative told the family peer expert. Private to the family track
    unless the relative agreed to share it with the client's team."""

    relative = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="notes_about", verbose_name=_("relative")
    )
    case = models.ForeignKey(
        RecoveryCase,
        on_delete=models.CASCADE,
        related_name="relative_notes",
        verbose_name=_("case"),
    )
    activity = models.ForeignKey(
        FamilyActivity,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="notes",
        verbose_name=_("activity"),
    )
    author = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="+", verbose_name=_("written by")
    )
    written_on = models.DateField(_("date"), default=timezone.localdate)
    text = models.TextField(_("note"))
    shared_with_team = models.BooleanField(
        _("the relative agreed to share this with the client's team"), default=False
    )

    class Meta:
        ordering = ["-written_on", "-pk"]
        verbose_name = _("note from a relative")
        verbose_name_plural = _("notes from relatives")

    def __str__(self) -> str:
        return f"{self.relative} {self.written_on:%d-%m-%Y}"


class QuarterlyMeeting(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="quarterly_meetings",
        verbose_name=_("organisation"),
    )
    held_on = models.DateField(_("date"))
    is_joint = models.BooleanField(
        _("joint meeting (peer experts and family peer experts join)"), default=False
    )
    agenda = models.TextField(_("agenda"), blank=True)
    minutes = models.TextField(_("minutes"), blank=True)

    class Meta:
        ordering = ["-held_on"]
        verbose_name = _("quarterly meeting")
        verbose_name_plural = _("quarterly meetings")

    def __str__(self) -> str:
        return _("Quarterly meeting %(date)s") % {"date": self.held_on.strftime("%d-%m-%Y")}


class MeetingAttendance(models.Model):
    meeting = models.ForeignKey(
        QuarterlyMeeting, on_delete=models.CASCADE, related_name="attendance"
    )
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    team_role = models.CharField(_("role"), max_length=32, choices=TeamRole.choices)
    attended = models.BooleanField(_("attended"), null=True, blank=True)

    class Meta:
        ordering = ["team_role", "person__last_name"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="meeting_invite_once")
        ]

    def __str__(self) -> str:
        return f"{self.person} @ {self.meeting}"

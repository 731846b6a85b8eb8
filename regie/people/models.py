"""People, organisations, regions and the roles that connect them."""

from __future__ import annotations

import datetime
import uuid

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create(self, email: str | None, password: str | None, **extra: object) -> User:
        if not email and not extra.get("login_name"):
            raise ValueError("An e-mail address or a login name is required.")
        user = self.model(email=self.normalize_email(email).lower() if email else None, **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str | None, password: str | None = None, **extra: object) -> User:
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra: object) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self._create(email, password, **extra)


class User(AbstractUser):
    """A login. Who the login belongs to lives on Person.

    Staff and most participants log in by e-mail address. A person without
    one gets an assigned login name instead (printed on their activation
    letter, decisions/0021); a login has at least one of the two.
    """

    username = None  # type: ignore[assignment]  # no username: people log in by e-mail or login name
    email = models.EmailField(_("e-mail address"), unique=True, null=True, blank=True)  # type: ignore[assignment]  # optional here, required on AbstractUser
    login_name = models.CharField(
        _("login name"),
        max_length=40,
        unique=True,
        null=True,
        blank=True,
        help_text=_("For people without an e-mail address: the name they log in with."),
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = UserManager()  # type: ignore[assignment,misc]  # our manager creates logins without a username

    class Meta:
        verbose_name = _("login")
        verbose_name_plural = _("logins")
        constraints = [
            models.CheckConstraint(
                condition=Q(email__isnull=False) | Q(login_name__isnull=False),
                name="user_has_email_or_login_name",
            )
        ]

    def __str__(self) -> str:
        return self.email or self.login_name or ""


class Language(models.TextChoices):
    DUTCH = "nl", _("Dutch")
    ENGLISH = "en", _("English")


class Region(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("name"), max_length=120, unique=True)
    slug = models.SlugField(_("short name"), max_length=60, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self) -> str:
        return self.name


class Municipality(models.Model):
    name = models.CharField(_("name"), max_length=120, unique=True)
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="municipalities", verbose_name=_("region")
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")

    def __str__(self) -> str:
        return self.name


class OrganisationKind(models.TextChoices):
    LICENCE_HOLDER = "licence_holder", _("Licence holder")
    CASE_DIRECTION = "case_direction", _("Case-direction organisation")
    PEER_EXPERT = "peer_expert", _("Peer-expert organisation")
    CARE_PROVIDER = "care_provider", _("Care provider")
    CRISIS_SERVICE = "crisis_service", _("Crisis service")
    GP_PRACTICE = "gp_practice", _("GP practice")
    MUNICIPALITY = "municipality", _("Municipality")
    HOUSING = "housing", _("Housing corporation")
    DEBT_COUNSELLING = "debt_counselling", _("Debt counselling")
    POLICE = "police", _("Police")
    OTHER = "other", _("Other")


class Organisation(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=32, choices=OrganisationKind.choices)
    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisations",
        verbose_name=_("region"),
    )
    email = models.EmailField(_("e-mail address"), blank=True)
    phone = models.CharField(_("phone number"), max_length=40, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [
            models.UniqueConstraint(fields=["name", "kind"], name="organisation_unique_name_kind")
        ]

    def __str__(self) -> str:
        return self.name


class Person(models.Model):
    """A human being Regie knows about, with or without a login."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.OneToOneField(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
        verbose_name=_("login"),
    )
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=150)
    email = models.EmailField(_("e-mail address"), blank=True)
    phone = models.CharField(_("phone number"), max_length=40, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    postcode = models.CharField(_("postcode"), max_length=10, blank=True)
    city = models.CharField(_("place"), max_length=100, blank=True)
    preferred_language = models.CharField(
        _("preferred language"), max_length=5, choices=Language.choices, default=Language.DUTCH
    )
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["last_name", "first_name"]
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


class Role(models.TextChoices):
    PARTICIPANT = "participant", _("Participant")
    CONSULTANT = "consultant", _("Consultant")
    COORDINATOR = "coordinator", _("Coordinator")
    CASE_DIRECTOR = "case_director", _("Case director")
    TEAM_LEAD = "team_lead", _("Team lead (case direction)")
    PEER_EXPERT = "peer_expert", _("Peer expert")
    FAMILY_PEER_EXPERT = "family_peer_expert", _("Family peer expert")
    LOG_MANAGER = "log_manager", _("Log manager")
    ADMINISTRATOR = "administrator", _("Administrator")


STAFF_ROLES = frozenset(set(Role) - {Role.PARTICIPANT})
REGIONAL_ROLES = frozenset({Role.CONSULTANT, Role.COORDINATOR})


class RoleAssignmentQuerySet(models.QuerySet["RoleAssignment"]):
    def active(self, at: datetime.date | None = None) -> RoleAssignmentQuerySet:
        day = at or timezone.localdate()
        return self.filter(valid_from__lte=day).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=day)
        )


class RoleAssignment(models.Model):
    """A person holds a role in an organisation (and a region) for a period."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="roles", verbose_name=_("person")
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="role_assignments",
        verbose_name=_("organisation"),
    )
    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="role_assignments",
        verbose_name=_("region"),
    )
    valid_from = models.DateField(_("valid from"), default=timezone.localdate)
    valid_to = models.DateField(_("valid until"), null=True, blank=True)

    objects = RoleAssignmentQuerySet.as_manager()

    class Meta:
        ordering = ["person", "role", "valid_from"]
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="role_assignment_period_is_ordered",
            ),
            models.CheckConstraint(
                condition=~Q(role__in=sorted(r.value for r in REGIONAL_ROLES))
                | Q(region__isnull=False),
                name="role_assignment_regional_role_has_region",
            ),
        ]
        indexes = [models.Index(fields=["role", "region", "valid_to"])]

    def __str__(self) -> str:
        where = self.region or self.organisation
        label = self.get_role_display()
        return f"{self.person} – {label} ({where})" if where else f"{self.person} – {label}"

    def is_active(self, at: datetime.date | None = None) -> bool:
        day = at or timezone.localdate()
        return self.valid_from <= day and (self.valid_to is None or self.valid_to >= day)


class ConsultantLevel(models.TextChoices):
    MBO = "mbo", _("MBO")
    HBO = "hbo", _("HBO")


class ConsultantQualification(models.Model):
    """What a crisis-card consultant is trained and contracted for."""

    person = models.OneToOneField(
        Person,
        on_delete=models.CASCADE,
        related_name="consultant_qualification",
        verbose_name=_("person"),
    )
    level = models.CharField(_("level"), max_length=3, choices=ConsultantLevel.choices)
    trained_on = models.DateField(_("trained as crisis-card consultant on"), null=True, blank=True)
    has_peer_expertise = models.BooleanField(_("has peer expertise"), default=False)
    regions = models.ManyToManyField(
        Region,
        related_name="qualified_consultants",
        blank=True,
        verbose_name=_("regions worked in"),
    )
    contract_hours_per_week = models.DecimalField(
        _("contract hours per week"), max_digits=4, decimal_places=1, default=0
    )

    class Meta:
        verbose_name = _("consultant qualification")
        verbose_name_plural = _("consultant qualifications")
        constraints = [
            models.CheckConstraint(
                condition=Q(contract_hours_per_week__gte=0) & Q(contract_hours_per_week__lte=60),
                name="consultant_contract_hours_in_range",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_level_display()})"


class PeerExpertStatus(models.TextChoices):
    QUALIFIED = "qualified", _("Qualified")
    IN_TRAINING = "in_training", _("In training")


class PeerExpertQualification(models.Model):
    person = models.OneToOneField(
        Person,
        on_delete=models.CASCADE,
        related_name="peer_expert_qualification",
        verbose_name=_("person"),
    )
    status = models.CharField(_("status"), max_length=16, choices=PeerExpertStatus.choices)
    qualified_on = models.DateField(_("qualified on"), null=True, blank=True)
    contract_hours_per_week = models.DecimalField(
        _("contract hours per week"), max_digits=4, decimal_places=1, default=0
    )

    class Meta:
        verbose_name = _("peer-expert qualification")
        verbose_name_plural = _("peer-expert qualifications")

    def __str__(self) -> str:
        return f"{self.person} ({self.get_status_display()})"


class TrajectoryKind(models.TextChoices):
    TRAINING = "training", _("In-house training")
    COACHING = "coaching", _("Coaching")


class TrajectoryStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    ONGOING = "ongoing", _("Ongoing")
    COMPLETED = "completed", _("Completed")
    STOPPED = "stopped", _("Stopped")


class Trajectory(models.Model):
    """An in-house training or coaching trajectory of one staff member."""

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="trajectories", verbose_name=_("person")
    )
    kind = models.CharField(_("kind"), max_length=16, choices=TrajectoryKind.choices)
    title = models.CharField(_("title"), max_length=200)
    started_on = models.DateField(_("started on"))
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=TrajectoryStatus.choices,
        default=TrajectoryStatus.PLANNED,
    )
    outcome = models.TextField(_("outcome"), blank=True)

    class Meta:
        ordering = ["-started_on"]
        verbose_name = _("training or coaching trajectory")
        verbose_name_plural = _("training and coaching trajectories")
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="trajectory_period_is_ordered",
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} – {self.person}"


class IntervisionSession(models.Model):
    """A peer-consultation session of consultants in a region."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        related_name="intervision_sessions",
        verbose_name=_("region"),
    )
    held_on = models.DateField(_("date"))
    topic = models.CharField(_("topic"), max_length=200)
    facilitator = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="facilitated_intervisions",
        verbose_name=_("facilitator"),
    )
    attendees = models.ManyToManyField(
        Person,
        through="IntervisionAttendance",
        related_name="intervision_sessions",
        verbose_name=_("attendees"),
    )

    class Meta:
        ordering = ["-held_on"]
        verbose_name = _("intervision session")
        verbose_name_plural = _("intervision sessions")

    def __str__(self) -> str:
        return f"{self.topic} ({self.held_on:%d-%m-%Y})"


class IntervisionAttendance(models.Model):
    session = models.ForeignKey(
        IntervisionSession, on_delete=models.CASCADE, related_name="attendance"
    )
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="intervision_attendance"
    )
    attended = models.BooleanField(_("attended"), default=True)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "person"], name="intervision_attendance_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} @ {self.session}"


class CoachingSession(models.Model):
    """A coaching conversation with a consultant or peer expert: topic and agreed actions.

    The coached person sees their own sessions; the coach and the region's
    coordinators see those they hold or coordinate.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    person = models.ForeignKey(
        Person,
        on_delete=models.CASCADE,
        related_name="coaching_sessions",
        verbose_name=_("person coached"),
    )
    coach = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        related_name="coaching_given",
        verbose_name=_("coach"),
    )
    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="coaching_sessions",
        verbose_name=_("region"),
    )
    held_on = models.DateField(_("date"))
    topic = models.CharField(_("topic"), max_length=200)
    agreed_actions = models.TextField(_("agreed actions"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-held_on", "-pk"]
        verbose_name = _("coaching conversation")
        verbose_name_plural = _("coaching conversations")

    def __str__(self) -> str:
        return f"{self.topic} ({self.held_on:%d-%m-%Y})"


class ActivationPurpose(models.TextChoices):
    PARTICIPANT = "participant", _("Crisis-card participant")
    CLIENT = "client", _("Recovery client")


class ActivationChannel(models.TextChoices):
    MAIL = "mail", _("E-mail link")
    LETTER = "letter", _("Letter with a code")


class ActivationCode(models.Model):
    """A single-use way in for a person who has no password yet.

    Only a keyed hash of the code is stored (`digest`); the code itself is
    known only to the mail or letter that carried it. See
    people/activation/codes.py and decisions/0021.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    purpose = models.CharField(_("purpose"), max_length=16, choices=ActivationPurpose.choices)
    channel = models.CharField(_("channel"), max_length=8, choices=ActivationChannel.choices)
    person = models.ForeignKey(
        Person,
        on_delete=models.CASCADE,
        related_name="activation_codes",
        verbose_name=_("for whom"),
    )
    issued_by = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("issued by"),
    )
    digest = models.CharField(_("digest"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires"))
    used_at = models.DateTimeField(_("used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("activation code")
        verbose_name_plural = _("activation codes")
        indexes = [models.Index(fields=["person", "used_at", "revoked_at"])]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} – {self.person}"

    def is_usable(self, now: datetime.datetime | None = None) -> bool:
        moment = now or timezone.now()
        return self.used_at is None and self.revoked_at is None and self.expires_at > moment

"""Logins: who the login belongs to lives on Person."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.db.models import Q
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

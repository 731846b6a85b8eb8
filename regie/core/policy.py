"""Who is acting: a person and the union of their roles that are active today.

Access functions in each app's `access.py` take an `Actor` and decide; this
module only answers questions about roles, never about objects.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from allauth.mfa.models import Authenticator
from django.contrib.auth.models import AnonymousUser
from django.db.models import Exists
from django.http import HttpRequest

from regie.people.models import STAFF_ROLES, Person, Region, Role, RoleAssignment, User

# A second factor: an authenticator app or a passkey. Recovery codes are only
# the way back in when one of those is lost, never a factor on their own.
MFA_FACTORS = (Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN)


@dataclass(frozen=True)
class Actor:
    user_id: int | None
    person: Person | None
    assignments: tuple[RoleAssignment, ...] = field(default_factory=tuple)
    is_superuser: bool = False
    # Django's admin flag: whoever can reach the admin is staff for MFA too.
    has_admin_flag: bool = False
    # Whether the login has a second factor (MFA_FACTORS), read with the roles
    # in the same query; None when it was not read (no role today).
    has_second_factor: bool | None = None

    @property
    def is_authenticated(self) -> bool:
        return self.user_id is not None

    @property
    def roles(self) -> frozenset[str]:
        return frozenset(a.role for a in self.assignments)

    @property
    def is_staff(self) -> bool:
        return self.is_superuser or self.has_admin_flag or bool(self.roles & STAFF_ROLES)

    def has_role(self, role: str, *, region: Region | None = None) -> bool:
        return any(
            a.role == role and (region is None or a.region_id == region.pk)
            for a in self.assignments
        )

    def regions_for(self, role: str) -> list[Region]:
        seen: dict[int, Region] = {}
        for a in self.assignments:
            if a.role == role and a.region is not None:
                seen.setdefault(a.region.pk, a.region)
        return sorted(seen.values(), key=lambda r: r.name)

    def role_in(self, roles: Iterable[str]) -> str:
        """The first of `roles` this actor holds, for the access log's role field."""
        for role in roles:
            if role in self.roles:
                return role
        return ""


ANONYMOUS = Actor(user_id=None, person=None)


def actor_for_user(user: User | AnonymousUser | None) -> Actor:
    if not isinstance(user, User) or not user.is_authenticated:
        return ANONYMOUS
    # One query for whoever holds a role today (every page behind a login asks):
    # the person comes with their assignments, and whether the login has a
    # second factor (for the staff MFA check). Only without a role today is the
    # person looked up on their own.
    second_factor = Authenticator.objects.filter(user_id=user.pk, type__in=MFA_FACTORS)
    assignments = tuple(
        RoleAssignment.objects.active()
        .filter(person__user=user)
        .select_related("person", "region", "organisation")
        .annotate(login_has_second_factor=Exists(second_factor))
    )
    has_second_factor: bool | None = None
    if assignments:
        person: Person | None = assignments[0].person
        has_second_factor = bool(assignments[0].login_has_second_factor)  # the annotation above
        for assignment in assignments[1:]:
            assignment.person = person  # type: ignore[assignment]  # one Person object for all
    else:
        person = Person.objects.filter(user=user).first()
    return Actor(
        user_id=user.pk,
        person=person,
        assignments=assignments,
        is_superuser=bool(getattr(user, "is_superuser", False)),
        has_admin_flag=bool(getattr(user, "is_staff", False)),
        has_second_factor=has_second_factor,
    )


def actor_for(request: HttpRequest) -> Actor:
    """The acting person for this request, computed once per request."""
    cached = getattr(request, "_regie_actor", None)
    if cached is None:
        cached = actor_for_user(request.user)
        request._regie_actor = cached  # type: ignore[attr-defined]  # cached on the request for its lifetime
    return cached


STAFF_ROLE_ORDER = [
    Role.COORDINATOR,
    Role.CONSULTANT,
    Role.TEAM_LEAD,
    Role.CASE_DIRECTOR,
    Role.PEER_EXPERT,
    Role.FAMILY_PEER_EXPERT,
    Role.LOG_MANAGER,
    Role.ADMINISTRATOR,
]

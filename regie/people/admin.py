from __future__ import annotations

from typing import Any

from allauth.mfa.models import Authenticator
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db.models import Model, QuerySet
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from regie.audit.events import ObjectType
from regie.audit.models import Action
from regie.audit.services import record, record_many
from regie.core.policy import actor_for

from .logins import mfa_reset
from .models import (
    ConsultantQualification,
    IntervisionAttendance,
    IntervisionSession,
    Municipality,
    Organisation,
    PeerExpertQualification,
    Person,
    Region,
    Role,
    RoleAssignment,
    Trajectory,
    User,
)


def _admin_role(request: HttpRequest) -> str:
    """The role under which someone uses the management screens, for the log."""
    if Role.ADMINISTRATOR in actor_for(request).roles:
        return Role.ADMINISTRATOR
    return "superuser" if getattr(request.user, "is_superuser", False) else "staff"


class AuditedAdmin(admin.ModelAdmin):
    """Management screens over people data write the access log like any page.

    Opening a record is a read, saving a change, deleting a delete, and a
    list with a search term a search.
    """

    def subject_of(self, obj: Model) -> Person | None:
        return getattr(obj, "person", None)

    def _record(
        self, request: HttpRequest, action: Action, obj: Model | None, part: str = ""
    ) -> None:
        record(
            actor=actor_for(request),
            action=action,
            purpose=f"admin:{self.opts.model_name}",
            object_type=ObjectType(str(self.opts.model_name)),
            object_id=str(obj.pk) if obj is not None else "",
            subject=self.subject_of(obj) if obj is not None else None,
            part=part,
            role=Role.ADMINISTRATOR
            if Role.ADMINISTRATOR in actor_for(request).roles
            else "superuser",
            request=request,
        )

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        response = super().change_view(request, object_id, form_url, extra_context)
        if request.method == "GET" and response.status_code == 200:
            obj = self.get_object(request, object_id)
            if obj is not None:
                self._record(request, Action.READ, obj)
        return response

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        response = super().changelist_view(request, extra_context)
        if request.method == "GET" and response.status_code == 200:
            searched = bool(request.GET.get("q"))
            self._record(request, Action.SEARCH if searched else Action.READ, None, part="list")
            changelist = (getattr(response, "context_data", None) or {}).get("cl")
            if changelist is not None:
                self._record_listed(request, changelist.result_list)
        return response

    def _record_listed(self, request: HttpRequest, objects: Any) -> None:
        """The list page names each person on it (it is paged): one read of each."""
        listed = [(obj.pk, self.subject_of(obj)) for obj in objects]
        actor = actor_for(request)
        record_many(
            actor=actor,
            action=Action.READ,
            purpose=f"admin:{self.opts.model_name}",
            object_type=ObjectType(str(self.opts.model_name)),
            items=[(pk, subject) for pk, subject in listed if subject is not None],
            part="list",
            role=Role.ADMINISTRATOR if Role.ADMINISTRATOR in actor.roles else "superuser",
            request=request,
        )

    def save_model(self, request: HttpRequest, obj: Model, form: Form, change: bool) -> None:
        super().save_model(request, obj, form, change)
        changed = ",".join(getattr(form, "changed_data", []))
        self._record(request, Action.CHANGE if change else Action.CREATE, obj, part=changed)

    def save_formset(self, request: HttpRequest, form: Form, formset: Any, change: bool) -> None:
        super().save_formset(request, form, formset, change)
        for obj in formset.new_objects:
            self._record(request, Action.CREATE, obj, part=obj._meta.model_name)
        for obj, fields in formset.changed_objects:
            self._record(request, Action.CHANGE, obj, part=",".join(fields))
        for obj in formset.deleted_objects:
            self._record(request, Action.DELETE, obj, part=obj._meta.model_name)

    def delete_model(self, request: HttpRequest, obj: Model) -> None:
        self._record(request, Action.DELETE, obj)
        super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        for obj in queryset:
            self._record(request, Action.DELETE, obj)
        super().delete_queryset(request, queryset)


def _reset_mfa_of(model_admin: admin.ModelAdmin, request: HttpRequest, users: list[User]) -> None:
    """Remove the authenticators of `users`: logged in the access log and the admin history."""
    actor = actor_for(request)
    for user in users:
        removed = mfa_reset(actor=actor, user=user, request=request)
        model_admin.log_change(request, user, f"MFA reset: {removed} authenticator(s) removed")
    messages.success(
        request,
        ngettext(
            "Two-step verification was reset for %(count)d login. They set it up again at their next login.",
            "Two-step verification was reset for %(count)d logins. They set it up again at their next login.",
            len(users),
        )
        % {"count": len(users)},
    )


@admin.register(User)
class UserAdmin(BaseUserAdmin, AuditedAdmin):
    actions = ["reset_mfa"]
    ordering = ["email"]
    list_display = ["email", "login_name", "is_active", "is_staff", "last_login"]
    search_fields = ["email", "login_name"]
    fieldsets = (
        (None, {"fields": ("email", "login_name", "password")}),
        (_("Permissions"), {"fields": ("is_active", "is_staff", "is_superuser", "groups")}),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)
    readonly_fields = ["last_login", "date_joined"]
    # The list logs a read of each login's person: fetch them with the page.
    list_select_related = ["person"]

    @admin.action(description=_("Reset two-step verification"), permissions=["mfa_reset"])
    def reset_mfa(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        _reset_mfa_of(self, request, list(queryset))

    def has_mfa_reset_permission(self, request: HttpRequest) -> bool:
        return bool(request.user.has_perm("mfa.delete_authenticator"))


# allauth's own screen shows and edits every secret (TOTP key, recovery-code
# seed, passkey credential). Ours shows only what kind, whose and when; the one
# thing an administrator can do is reset someone's MFA (decisions/0033).
admin.site.unregister(Authenticator)

AUTHENTICATOR_FIELDS = ("type", "user", "created_at", "last_used_at")


@admin.register(Authenticator)
class AuthenticatorAdmin(admin.ModelAdmin):
    list_display = AUTHENTICATOR_FIELDS
    list_filter = ("type",)
    list_select_related = ("user",)
    search_fields = ("user__email", "user__login_name")
    fields = AUTHENTICATOR_FIELDS
    readonly_fields = AUTHENTICATOR_FIELDS
    actions = ["reset_mfa"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_mfa_reset_permission(self, request: HttpRequest) -> bool:
        return bool(request.user.has_perm("mfa.delete_authenticator"))

    @admin.action(
        description=_("Reset two-step verification of these people"), permissions=["mfa_reset"]
    )
    def reset_mfa(self, request: HttpRequest, queryset: QuerySet[Authenticator]) -> None:
        users = User.objects.filter(pk__in=queryset.values("user_id")).order_by("pk")
        _reset_mfa_of(self, request, list(users))


class MunicipalityInline(admin.TabularInline):
    model = Municipality
    extra = 0


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [MunicipalityInline]


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["name", "region"]
    list_filter = ["region"]
    search_fields = ["name"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "region"]
    list_filter = ["kind", "region"]
    search_fields = ["name"]


class RoleAssignmentInline(admin.TabularInline):
    model = RoleAssignment
    extra = 0
    autocomplete_fields = ["organisation"]


class TrajectoryInline(admin.TabularInline):
    model = Trajectory
    extra = 0


@admin.register(Person)
class PersonAdmin(AuditedAdmin):
    list_display = ["last_name", "first_name", "email", "user"]
    search_fields = ["first_name", "last_name", "email"]
    list_select_related = ["user"]
    raw_id_fields = ["user"]
    inlines = [RoleAssignmentInline, TrajectoryInline]

    def subject_of(self, obj: Model) -> Person | None:
        return obj if isinstance(obj, Person) else None


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(AuditedAdmin):
    list_display = ["person", "role", "organisation", "region", "valid_from", "valid_to"]
    list_filter = ["role", "region"]
    search_fields = ["person__first_name", "person__last_name"]
    list_select_related = ["person", "organisation", "region"]
    raw_id_fields = ["person"]


@admin.register(ConsultantQualification)
class ConsultantQualificationAdmin(AuditedAdmin):
    list_display = [
        "person",
        "level",
        "trained_on",
        "has_peer_expertise",
        "contract_hours_per_week",
    ]
    list_filter = ["level", "has_peer_expertise", "regions"]
    list_select_related = ["person"]
    raw_id_fields = ["person"]
    filter_horizontal = ["regions"]


@admin.register(PeerExpertQualification)
class PeerExpertQualificationAdmin(AuditedAdmin):
    list_display = ["person", "status", "qualified_on"]
    list_filter = ["status"]
    list_select_related = ["person"]
    raw_id_fields = ["person"]


@admin.register(Trajectory)
class TrajectoryAdmin(AuditedAdmin):
    list_display = ["title", "person", "kind", "status", "started_on", "ended_on"]
    list_filter = ["kind", "status"]
    list_select_related = ["person"]
    raw_id_fields = ["person"]


class IntervisionAttendanceInline(admin.TabularInline):
    model = IntervisionAttendance
    extra = 0
    raw_id_fields = ["person"]


@admin.register(IntervisionSession)
class IntervisionSessionAdmin(admin.ModelAdmin):
    list_display = ["topic", "region", "held_on", "facilitator"]
    list_filter = ["region"]
    list_select_related = ["region", "facilitator"]
    raw_id_fields = ["facilitator"]
    inlines = [IntervisionAttendanceInline]

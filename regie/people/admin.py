from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import (
    ConsultantQualification,
    IntervisionAttendance,
    IntervisionSession,
    Municipality,
    Organisation,
    PeerExpertQualification,
    Person,
    Region,
    RoleAssignment,
    Trajectory,
    User,
)


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "is_active", "is_staff", "last_login"]
    search_fields = ["email"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Permissions"), {"fields": ("is_active", "is_staff", "is_superuser", "groups")}),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)
    readonly_fields = ["last_login", "date_joined"]


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
class PersonAdmin(admin.ModelAdmin):
    list_display = ["last_name", "first_name", "email", "user"]
    search_fields = ["first_name", "last_name", "email"]
    list_select_related = ["user"]
    raw_id_fields = ["user"]
    inlines = [RoleAssignmentInline, TrajectoryInline]


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(admin.ModelAdmin):
    list_display = ["person", "role", "organisation", "region", "valid_from", "valid_to"]
    list_filter = ["role", "region"]
    search_fields = ["person__first_name", "person__last_name"]
    list_select_related = ["person", "organisation", "region"]
    raw_id_fields = ["person"]


@admin.register(ConsultantQualification)
class ConsultantQualificationAdmin(admin.ModelAdmin):
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
class PeerExpertQualificationAdmin(admin.ModelAdmin):
    list_display = ["person", "status", "qualified_on"]
    list_filter = ["status"]
    list_select_related = ["person"]
    raw_id_fields = ["person"]


@admin.register(Trajectory)
class TrajectoryAdmin(admin.ModelAdmin):
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

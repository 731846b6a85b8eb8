"""Configuration of the recovery wheel in the management screens.

Cases are changed only through the case pages, whose services keep the team
invariants; the admin shows them read-only (and logs each look). Notes from
relatives are not in the admin at all: they belong to the family track.
"""

from __future__ import annotations

from django.contrib import admin
from django.db.models import Model
from django.http import HttpRequest

from regie.people.admin import AuditedAdmin
from regie.people.models import Person

from .models import LifeArea, QuarterlyMeeting, RecoveryCase, TeamMembershipRule


@admin.register(LifeArea)
class LifeAreaAdmin(admin.ModelAdmin):
    list_display = ["name_nl", "name_en", "position", "is_active"]

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False  # scores refer to it; switch it off instead


@admin.register(TeamMembershipRule)
class TeamMembershipRuleAdmin(admin.ModelAdmin):
    list_display = ["team_role", "organisation_kind"]


@admin.register(RecoveryCase)
class RecoveryCaseAdmin(AuditedAdmin):
    list_display = ["client", "organisation", "state", "opened_on", "closed_on"]
    list_filter = ["state", "organisation"]
    list_select_related = ["client", "organisation"]

    def subject_of(self, obj: Model) -> Person | None:
        return obj.client if isinstance(obj, RecoveryCase) else None

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(QuarterlyMeeting)
class QuarterlyMeetingAdmin(admin.ModelAdmin):
    list_display = ["held_on", "organisation", "is_joint"]
    list_filter = ["organisation", "is_joint"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False  # agenda, attendance and minutes change on the meeting page

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

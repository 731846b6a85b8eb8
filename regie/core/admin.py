"""The task queue in the management screens: failed tasks with a "retry" action,
and the queue itself without the tasks' arguments (they may hold a mail's text
and address, which the admin must not show)."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_tasks_db.models import DBTaskResult

from . import tasks
from .models import FailedTask


@admin.register(FailedTask)
class FailedTaskAdmin(admin.ModelAdmin):
    """Tasks that failed their last attempt and were not retried yet."""

    list_display = ("task_name", "attempts", "error", "failed_at")
    fields = ("task_path", "attempts", "error", "failed_at", "retried_at")
    readonly_fields = fields
    actions = ["retry"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[FailedTask]:
        return super().get_queryset(request).filter(retried_at__isnull=True)

    @admin.display(description=_("task"))
    def task_name(self, obj: FailedTask) -> str:
        return str(obj)

    @admin.action(description=_("Retry the chosen tasks"))
    def retry(self, request: HttpRequest, queryset: QuerySet[FailedTask]) -> None:
        count = 0
        for failed in queryset:
            tasks.failed_task_retry(failed)
            count += 1
        self.message_user(
            request,
            ngettext(
                "%(count)d task is back in the queue.",
                "%(count)d tasks are back in the queue.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: FailedTask | None = None) -> bool:
        return False


admin.site.unregister(DBTaskResult)


@admin.register(DBTaskResult)
class QueueAdmin(admin.ModelAdmin):
    """The queue, read only: what runs and ran, never with what arguments."""

    list_display = ("task_name", "status", "enqueued_at", "run_after", "finished_at")
    list_filter = ("status",)
    ordering = ["-enqueued_at"]
    fields = (
        "task_path",
        "status",
        "enqueued_at",
        "run_after",
        "started_at",
        "finished_at",
        "exception_class_path",
    )
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: DBTaskResult | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: DBTaskResult | None = None) -> bool:
        return False

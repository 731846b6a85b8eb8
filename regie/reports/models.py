"""Reports computed once per region and completed quarter (docs/performance.md)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from regie.people.models import Region


class StoredReport(models.Model):
    """The suppressed report of one region over one completed quarter.

    `data` holds, per UI language, exactly what the page shows: the tables
    after small-number suppression (never an unsuppressed count). `stale`
    is set when data dated inside the quarter changes; the next run of the
    task computes it again. `enqueued_at` keeps a page view from enqueueing
    the same computation twice.
    """

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="stored_reports")
    quarter = models.CharField(_("quarter"), max_length=7)
    data = models.JSONField(default=dict, blank=True)
    computed_at = models.DateTimeField(null=True, blank=True)
    stale = models.BooleanField(default=False)
    stale_since = models.DateTimeField(null=True, blank=True)
    enqueued_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["region", "quarter"], name="storedreport_once")
        ]

    def __str__(self) -> str:
        return f"{self.region_id} {self.quarter}"

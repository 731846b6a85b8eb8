"""Late data: a change dated inside a completed quarter marks its stored report stale.

A stored report (precompute.py) counts applications by their application
date (and their progress since: the funnel), cards by their issue and end
dates and evaluations by their completion date. Saving or deleting one of
those rows with such a date in a completed quarter marks the stored reports
of that quarter stale (one UPDATE; nothing when every date is in the running
quarter). An application knows its region; a card or an evaluation would
need a query to find it, so their quarter is marked stale in every region.
Bulk `QuerySet.update()` sends no signal: code that changes these dates in
bulk calls `precompute.mark_stale` itself.
"""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save

from regie.crisiscard.models import Card, CardRequest, Evaluation

from .precompute import completed_quarter_keys, mark_stale


def _request_changed(sender: type, instance: CardRequest, **kwargs: Any) -> None:
    mark_stale(completed_quarter_keys(instance.applied_at), region_id=instance.region_id)


def _card_changed(sender: type, instance: Card, **kwargs: Any) -> None:
    mark_stale(completed_quarter_keys(instance.issued_on, instance.ended_on))


def _evaluation_changed(sender: type, instance: Evaluation, **kwargs: Any) -> None:
    mark_stale(completed_quarter_keys(instance.completed_at))


def connect() -> None:
    for signal in (post_save, post_delete):
        signal.connect(_request_changed, sender=CardRequest, dispatch_uid="reports_request")
        signal.connect(_card_changed, sender=Card, dispatch_uid="reports_card")
        signal.connect(_evaluation_changed, sender=Evaluation, dispatch_uid="reports_evaluation")

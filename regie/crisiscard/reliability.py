"""The one reliability rule for a crisis card, for single cards and for lists.

A card is reliable until eighteen months after the later of its issue date and
its last evaluation that confirmed it (a completed evaluation with outcome
"unchanged" or "updated"). That later date is the day the card was last
checked with its holder.

Every reader uses this module: the emergency view's banner, the participant's
portal, the daily job, the batch print and the coordination indicators. For
lists and counts, `with_checked_on` annotates the date in the database and
`reliable_q` filters on it, so nothing loops per row.

Month arithmetic: "eighteen months after D" is the same day of the month
eighteen months later; when that month is shorter, the card stays reliable up
to and including the month's last day. `is_reliable` and `reliable_q` agree
on every day (the rule is stated as "checked after the cutoff", see `cutoff`).
"""

from __future__ import annotations

import calendar
import datetime
from typing import TYPE_CHECKING, Any

from django.db.models import Case, DateField, F, OuterRef, Q, QuerySet, Subquery, When
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone

if TYPE_CHECKING:
    from .models import Card

RELIABLE_MONTHS = 18
CONFIRMING_OUTCOMES = ("unchanged", "updated")
CHECKED_ON = "checked_on"


def _months_before(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` earlier, clamped to the month's last day."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def cutoff(today: datetime.date) -> datetime.date:
    """A card checked on or before this date is no longer reliable `today`."""
    return _months_before(today, RELIABLE_MONTHS)


def _confirming(as_of: datetime.date | None = None) -> Q:
    q = Q(completed_at__isnull=False, outcome__in=CONFIRMING_OUTCOMES)
    if as_of is not None:
        q &= Q(completed_at__date__lte=as_of)
    return q


def checked_with_holder_on(card: Card) -> datetime.date | None:
    """The later of the issue date and the last confirming evaluation (None: not issued).

    Uses the `checked_on` annotation of `with_checked_on` when present.
    """
    annotated = getattr(card, CHECKED_ON, None)
    if annotated is not None:
        return _as_date(annotated)
    if card.issued_on is None:
        return None
    from .models import Evaluation

    last = (
        Evaluation.objects.filter(_confirming(), card=card)
        .order_by("-completed_at")
        .values_list("completed_at", flat=True)
        .first()
    )
    confirmed = timezone.localdate(last) if last is not None else None
    return max(card.issued_on, confirmed) if confirmed else card.issued_on


def _as_date(value: datetime.date) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return timezone.localdate(value) if timezone.is_aware(value) else value.date()
    return value


def reliable_until(card: Card) -> datetime.date | None:
    """The first day the card is no longer reliable (None: not issued)."""
    checked = checked_with_holder_on(card)
    if checked is None:
        return None
    index = checked.year * 12 + checked.month - 1 + RELIABLE_MONTHS
    year, month = divmod(index, 12)
    month += 1
    last_day = calendar.monthrange(year, month)[1]
    if checked.day > last_day:  # a shorter month: reliable through its last day
        return datetime.date(year, month, last_day) + datetime.timedelta(days=1)
    return datetime.date(year, month, checked.day)


def is_reliable(card: Card, today: datetime.date | None = None) -> bool:
    """Issued, and checked with the holder after `cutoff(today)`."""
    checked = checked_with_holder_on(card)
    if checked is None:
        return False
    return checked > cutoff(today or timezone.localdate())


def with_checked_on(cards: QuerySet[Any], *, as_of: datetime.date | None = None) -> QuerySet[Any]:
    """Annotate each card with `checked_on` (a date), computed in the database.

    `as_of` ignores evaluations completed after that day (for reports about a
    past period). Cards that were never issued get None.
    """
    from .models import Evaluation

    last_confirmed = (
        Evaluation.objects.filter(_confirming(as_of), card=OuterRef("pk"))
        .order_by("-completed_at")
        .annotate(day=TruncDate("completed_at"))
        .values("day")[:1]
    )
    # Coalesce keeps NULLs out of the comparison (SQLite's MAX(a, NULL) is NULL);
    # an evaluation is never completed before its card was issued, but the later
    # date wins anyway.
    confirmed = Coalesce(Subquery(last_confirmed), F("issued_on"))
    later = Case(
        When(Q(_last_confirmed__gt=F("issued_on")), then=F("_last_confirmed")),
        default=F("issued_on"),
        output_field=DateField(),
    )
    annotated: QuerySet[Any] = cards.annotate(_last_confirmed=confirmed).annotate(
        **{CHECKED_ON: later}
    )
    return annotated


def reliable_q(today: datetime.date | None = None) -> Q:
    """Cards (annotated by `with_checked_on`) that are reliable on `today`."""
    return Q(**{f"{CHECKED_ON}__gt": cutoff(today or timezone.localdate())})


def unreliable_q(today: datetime.date | None = None) -> Q:
    """Issued cards (annotated by `with_checked_on`) no longer reliable on `today`."""
    return Q(**{f"{CHECKED_ON}__lte": cutoff(today or timezone.localdate())})

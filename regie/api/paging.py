"""Bounded keyset paging, one shape for every list route of /api/v1/.

A list route takes `?limit=` (1 to MAX_LIMIT, default DEFAULT_LIMIT) and
`?cursor=` (opaque: the `next_cursor` of the page before) and answers
`{"items": [...], "next_cursor": "..." | null}`. The cursor holds the sort
values of the page's last row, so the next page starts right after it however
many rows were added or removed since (no offsets, no count query), and each
page costs the same few queries. A cursor that was not made by Regie for this
route's order is a 422 on `cursor`.
"""

from __future__ import annotations

import base64
import binascii
import datetime
import json
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _
from ninja import Schema
from pydantic import Field, create_model

from regie.core.errors import Refusal

DEFAULT_LIMIT = 50
MAX_LIMIT = 200
MAX_INT = 2**63 - 1  # what every database stores in a bigint


class PageIn(Schema):
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="rows per page")
    cursor: str | None = Field(
        None, max_length=1000, description="the next_cursor of the page before"
    )


class BadCursor(Refusal):
    status = 422
    field = "cursor"


def page_schema(item: type[Schema], name: str) -> type[Schema]:
    """The answer of a list route: `items` of `item`, and `next_cursor`."""
    schema: type[Schema] = create_model(
        name,
        __base__=Schema,
        items=(list[item], ...),  # type: ignore[valid-type]  # the item type is a variable
        next_cursor=(str | None, None),
    )
    return schema


@dataclass(frozen=True)
class Page[T]:
    rows: list[T]
    next_cursor: str | None

    def answer(self, items: list[Any]) -> dict[str, Any]:
        return {"items": items, "next_cursor": self.next_cursor}


def _field(model: type[models.Model], name: str) -> models.Field[Any, Any]:
    field = model._meta.pk if name == "pk" else model._meta.get_field(name)
    assert isinstance(field, models.Field), name
    return field


def _plain(value: Any) -> Any:
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, datetime.date):  # and datetime
        return value.isoformat()
    return value


def _encode(row: models.Model, order: Sequence[str]) -> str:
    values = [_plain(getattr(row, _field(type(row), name.lstrip("-")).attname)) for name in order]
    raw = json.dumps(values, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _decode(model: type[models.Model], order: Sequence[str], cursor: str) -> list[Any]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        values = json.loads(raw)
    except (binascii.Error, ValueError):
        raise BadCursor(_("This cursor is not one Regie gave for this list.")) from None
    if not isinstance(values, list) or len(values) != len(order):
        raise BadCursor(_("This cursor is not one Regie gave for this list."))
    decoded = []
    for name, value in zip(order, values, strict=True):
        field = _field(model, name.lstrip("-"))
        if not isinstance(value, str | int) or isinstance(value, bool):
            raise BadCursor(_("This cursor is not one Regie gave for this list."))
        if isinstance(value, int) and abs(value) > MAX_INT:
            raise BadCursor(_("This cursor is not one Regie gave for this list."))
        if isinstance(value, str) and "\x00" in value:
            raise BadCursor(_("This cursor is not one Regie gave for this list."))
        try:
            python = field.to_python(value)
        except (ValidationError, ValueError, TypeError, OverflowError):
            raise BadCursor(_("This cursor is not one Regie gave for this list.")) from None
        if isinstance(python, datetime.datetime) and python.tzinfo is None:
            raise BadCursor(_("This cursor is not one Regie gave for this list."))
        decoded.append(python)
    return decoded


def _after(order: Sequence[str], values: list[Any]) -> Q:
    """Rows that sort after `values` in `order`: lexicographic, each field up or down."""
    after = Q(pk__in=[])
    for i, name in enumerate(order):
        step = Q(**{f"{name.lstrip('-')}__{'lt' if name.startswith('-') else 'gt'}": values[i]})
        for earlier, value in zip(order[:i], values[:i], strict=True):
            step &= Q(**{earlier.lstrip("-"): value})
        after |= step
    return after


def keyset_page[M: models.Model](
    queryset: QuerySet[M], order: Sequence[str], paging: PageIn
) -> Page[M]:
    """One page of `queryset` in `order` (fields of the model, not null, ending in a
    unique one such as "pk"), after `paging.cursor`, at most `paging.limit` rows."""
    try:
        for name in order:
            _field(queryset.model, name.lstrip("-"))
    except FieldDoesNotExist as error:  # a programming error, not the caller's
        raise AssertionError(str(error)) from error
    found = queryset.order_by(*order)
    if paging.cursor:
        found = found.filter(_after(order, _decode(queryset.model, order, paging.cursor)))
    rows = list(found[: paging.limit + 1])
    more = len(rows) > paging.limit
    rows = rows[: paging.limit]
    return Page(rows, _encode(rows[-1], order) if more else None)

"""Bounded list pages: every page that lists rows shows at most one page of them.

A view hands its selector's queryset to `page_of`; the page carries the query
string without its own page number, so the links keep the filters, and the
name of its page parameter, so one screen can page two lists.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest

PAGE_SIZE = 50


def page_of(
    request: HttpRequest,
    items: QuerySet[Any] | Sequence[Any],
    *,
    per_page: int = PAGE_SIZE,
    param: str = "page",
) -> Page:
    """One page of `items` (two queries for a queryset: its count and its slice).

    A page number out of range gives the last page, a bad one the first."""
    page = Paginator(items, per_page).get_page(request.GET.get(param))
    query = request.GET.copy()
    query.pop(param, None)
    page.query = query.urlencode()  # type: ignore[attr-defined]
    page.param = param  # type: ignore[attr-defined]
    return page

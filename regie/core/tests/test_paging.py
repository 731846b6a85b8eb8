"""page_of: one page of rows, links that keep the filters, two lists on one screen."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.test import RequestFactory

from regie.core.paging import page_of


def test_a_page_holds_at_most_the_page_size_and_keeps_the_filters():
    request = RequestFactory().get("/lijst/", {"state": "applied", "mine": "on", "page": "2"})
    page = page_of(request, list(range(120)), per_page=50)
    assert list(page.object_list) == list(range(50, 100))
    assert page.query == "state=applied&mine=on"
    html = render_to_string("includes/pagination.html", {"page": page})
    assert 'href="?state=applied&amp;mine=on&amp;page=1"' in html
    assert 'href="?state=applied&amp;mine=on&amp;page=3"' in html


def test_two_lists_page_apart_and_keep_each_others_page():
    request = RequestFactory().get("/sessies/", {"page": "2", "past": "3"})
    upcoming = page_of(request, list(range(200)))
    past = page_of(request, list(range(200)), param="past")
    assert (upcoming.number, past.number) == (2, 3)
    html = render_to_string("includes/pagination.html", {"page": past})
    assert 'href="?page=2&amp;past=4"' in html


def test_a_bad_page_number_gives_a_page_not_an_error():
    assert page_of(RequestFactory().get("/", {"page": "x"}), list(range(10))).number == 1
    assert page_of(RequestFactory().get("/", {"page": "99"}), list(range(120))).number == 3


def test_one_page_shows_no_links():
    page = page_of(RequestFactory().get("/"), list(range(3)))
    assert "<nav" not in render_to_string("includes/pagination.html", {"page": page})

"""Every list route of /api/v1/ pages the same way: `?limit=` (bounded) and a keyset
`cursor`, answering `{"items": [...], "next_cursor": ...}`."""

from __future__ import annotations

import base64
import datetime
import json

import pytest
from django.test import Client
from django.utils import timezone

from regie.api.paging import DEFAULT_LIMIT, MAX_LIMIT
from regie.audit.models import AccessEvent
from regie.crisiscard.models import CardRequest, Channel, HeardVia, RequestState
from regie.people.tests.factories import PersonFactory

URL = "/api/v1/card-requests"


def add_requests(world, n: int) -> list[CardRequest]:
    """n requests in the world's region, applied a day apart, two of them at the same
    moment (the cursor must not lose or repeat rows that tie on the date)."""
    now = timezone.now()
    made = []
    for i in range(n):
        made.append(
            CardRequest.objects.create(
                participant=PersonFactory(),
                region=world.region,
                heard_via=HeardVia.GP,
                channel=Channel.ONLINE,
                state=RequestState.APPLIED,
                applied_at=now - datetime.timedelta(days=min(i, n - 2)),
            )
        )
    return made


def all_pages(client, url: str, limit: int) -> tuple[list[str], int]:
    seen: list[str] = []
    pages = 0
    cursor = None
    while True:
        query = {"limit": limit} | ({"cursor": cursor} if cursor else {})
        body = client.get(url, query).json()
        assert set(body) == {"items", "next_cursor"}
        assert len(body["items"]) <= limit
        seen += [item["uuid"] for item in body["items"]]
        pages += 1
        cursor = body["next_cursor"]
        if cursor is None:
            return seen, pages


def test_paging_walks_every_row_once_in_order(world):
    add_requests(world, 7)
    client = world.client_for("coordinator")
    everything = client.get(URL, {"limit": MAX_LIMIT}).json()
    assert everything["next_cursor"] is None
    expected = [item["uuid"] for item in everything["items"]]
    assert len(expected) == 7 + 1  # and the world's own request
    seen, pages = all_pages(client, URL, 3)
    assert seen == expected
    assert pages == 3


def test_a_row_added_before_the_cursor_does_not_shift_the_next_page(world):
    add_requests(world, 6)
    client = world.client_for("coordinator")
    first = client.get(URL, {"limit": 3}).json()
    newer = add_requests(world, 1)[0]  # newest: sorts before the cursor
    rest = client.get(URL, {"limit": 50, "cursor": first["next_cursor"]}).json()
    shown = [item["uuid"] for item in first["items"] + rest["items"]]
    assert len(shown) == len(set(shown)) == 6 + 1
    assert str(newer.uuid) not in shown


def test_the_default_and_the_maximum_limit(world):
    add_requests(world, DEFAULT_LIMIT + 1)
    client = world.client_for("coordinator")
    body = client.get(URL).json()
    assert len(body["items"]) == DEFAULT_LIMIT and body["next_cursor"]
    for limit in (0, MAX_LIMIT + 1, -1):
        refused = client.get(URL, {"limit": limit})
        assert refused.status_code == 422
        assert [e["field"] for e in refused.json()["errors"]] == ["limit"]


@pytest.mark.parametrize(
    "cursor",
    [
        "not base64 !",
        base64.urlsafe_b64encode(b"[1]").decode(),  # too few values
        base64.urlsafe_b64encode(json.dumps(["yesterday", 3]).encode()).decode(),
        base64.urlsafe_b64encode(json.dumps(["2026-01-01T00:00:00", 3]).encode()).decode(),
        base64.urlsafe_b64encode(
            json.dumps(["2026-01-01T00:00:00+00:00", 2**70]).encode()
        ).decode(),
        base64.urlsafe_b64encode(json.dumps({"a": 1}).encode()).decode(),
    ],
)
def test_a_cursor_regie_did_not_make_is_a_422_on_cursor(world, cursor):
    response = world.client_for("coordinator").get(URL, {"cursor": cursor})
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["cursor"]


def test_each_page_logs_only_the_rows_it_shows(world):
    add_requests(world, 4)
    world.client_for("coordinator").get(URL, {"limit": 2})
    items = AccessEvent.objects.filter(purpose="api:card_request_list").exclude(object_id="")
    assert items.count() == 2


def test_every_list_route_takes_the_same_paging_and_answers_a_page(world):
    document = Client().get("/api/v1/openapi.json").json()
    lists = [
        (path, item["get"])
        for path, item in document["paths"].items()
        if "get" in item and item["get"]["operationId"].endswith("_list")
    ]
    assert len(lists) == 8
    for path, operation in lists:
        params = {p["name"] for p in operation["parameters"] if p["in"] == "query"}
        assert params == {"limit", "cursor"}, path
        ok = operation["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
        page = document["components"]["schemas"][ok.rsplit("/", 1)[-1]]
        assert set(page["properties"]) == {"items", "next_cursor"}, path

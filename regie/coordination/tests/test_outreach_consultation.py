"""Regional consultations: meetings, follow-ups and the anonymised input pack
(counted in the database, suppressed, never free text)."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from regie.audit.models import AccessEvent, Action
from regie.coordination.models import RegionalMeeting, RegionalMeetingAction
from regie.coordination.selectors.consultation import input_pack, pack_period
from regie.crisiscard.models import Evaluation
from regie.reports.suppression import suppress_counts

from .fixtures_outreach import card_in, evaluation, meeting, meeting_action, stakeholder

SECRET = "Mijn buurman Piet Jansen belde de politie"


def detail_url(world, item):
    return reverse("coordination:consultation_detail", args=[world.region.slug, item.uuid])


@pytest.fixture
def card(world):
    return card_in(world.region, world.people["participant"], world.people["consultant"])


def test_default_period_is_the_twelve_months_before_the_meeting(world):
    item = meeting(world.region, world.people["coordinator"], held_on=datetime.date(2026, 3, 15))
    assert pack_period(item) == (datetime.date(2025, 3, 15), datetime.date(2026, 3, 14))
    leap = meeting(world.region, world.people["coordinator"], held_on=datetime.date(2028, 2, 29))
    assert pack_period(leap)[0] == datetime.date(2027, 2, 28)
    item.input_period_start = datetime.date(2026, 1, 1)
    item.input_period_end = datetime.date(2026, 2, 1)
    assert pack_period(item) == (datetime.date(2026, 1, 1), datetime.date(2026, 2, 1))


def table(pack, key):
    return next(t for t in pack.tables if t.key == key)


def column(pack, key, index=0):
    return {str(row.label): row.values[index] for row in table(pack, key).rows}


def test_pack_counts_use_respect_and_themes_of_the_region_and_period(world, card):
    start, end = datetime.date(2025, 1, 1), datetime.date(2025, 12, 31)
    for i in range(20):
        evaluation(
            card,
            completed_on=datetime.date(2025, 6, 1) + datetime.timedelta(days=i),
            crisis=i < 10,
            used=i < 10,
            used_by=["crisis_service", *(["police"] if i < 10 else [])],
            respected_by=[*(["crisis_service"] if i < 15 else []), *(["police"] if i < 10 else [])],
            themes=[
                *(["wish_contact_person"] if i < 11 else []),
                *(["bottleneck_ignored"] if i < 10 else []),
            ],
            what_should_change=SECRET,
        )
    # Outside the region, outside the period, or not completed: not counted.
    elsewhere = card_in(world.other_region, world.people["participant"], world.people["consultant"])
    evaluation(elsewhere, completed_on=datetime.date(2025, 6, 1), crisis=True, used_by=["police"])
    evaluation(card, completed_on=datetime.date(2024, 12, 31), crisis=True, used_by=["police"])
    Evaluation.objects.create(card=card, due_on=datetime.date(2025, 7, 1))

    pack = input_pack(world.region, start, end)
    assert pack.evaluations == 20
    assert column(pack, "crisis") == {"Yes": 10, "No": 10, "Not answered": 0}
    assert table(pack, "crisis").total == 20
    assert column(pack, "used") == {"Yes": 10, "No": 10, "Not answered": 0}
    used_by, respected_by = column(pack, "parties", 0), column(pack, "parties", 1)
    assert (used_by["Crisis service"], used_by["Police"], used_by["GP"]) == (20, 10, 0)
    assert (respected_by["Crisis service"], respected_by["Police"]) == (15, 10)
    wishes = column(pack, "wishes")
    assert wishes["Wish: call my contact person"] == 11
    assert column(pack, "bottlenecks")["Bottleneck: the card was ignored"] == 10
    assert not any(t.suppressed for t in pack.tables)


def hidden_cannot_be_recomputed(values):
    """In a line with its total, one hidden value alone would be given away."""
    return sum(v is None for v in values) != 1


def test_small_counts_are_hidden_with_secondary_suppression(world, card):
    start, end = datetime.date(2025, 1, 1), datetime.date(2025, 12, 31)
    for i in range(12):
        evaluation(
            card,
            completed_on=datetime.date(2025, 3, 1) + datetime.timedelta(days=i),
            crisis=i != 0,
            used=True,
            used_by=["crisis_service", *(["police"] if i < 3 else [])],
            respected_by=["crisis_service"] if i < 11 else [],
            themes=["bottleneck_not_found"] if i < 2 else [],
        )
    pack = input_pack(world.region, start, end)
    crisis = table(pack, "crisis")
    assert column(pack, "crisis")["No"] is None  # one person: never shown
    assert [r.values[0] for r in crisis.rows] == suppress_counts([11, 1, 0]).cells[0]
    assert hidden_cannot_be_recomputed([r.values[0] for r in crisis.rows] + [crisis.total])
    assert column(pack, "parties", 0)["Police"] is None
    assert column(pack, "bottlenecks")["Bottleneck: the card was not found"] is None
    for item in pack.tables:
        for row in item.rows:
            assert all(v is None or v == 0 or v >= pack.minimum for v in row.values)


def test_too_few_evaluations_hide_the_number_itself(world, card):
    for i in range(4):
        evaluation(card, completed_on=datetime.date(2025, 5, 1) + datetime.timedelta(days=i))
    pack = input_pack(world.region, datetime.date(2025, 1, 1), datetime.date(2025, 12, 31))
    assert pack.evaluations is None and pack.too_few


def test_detail_page_shows_the_pack_without_free_text(world, card, django_assert_max_num_queries):
    held_on = timezone.localdate()
    for i in range(11):
        evaluation(
            card,
            completed_on=held_on - datetime.timedelta(days=30 + i),
            crisis=True,
            used=True,
            used_by=["crisis_service"],
            what_should_change=SECRET,
        )
    item = meeting(world.region, world.people["coordinator"], held_on=held_on)
    item.stakeholders.add(stakeholder(world.region, name="Politie Noord"))
    for number in range(5):
        meeting_action(item, description=f"Actie {number}")
    client = world.client_for("coordinator")
    with django_assert_max_num_queries(16):
        response = client.get(detail_url(world, item))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Anonymised input pack" in page and "Evaluations in the period: 11" in page
    assert "Politie Noord" in page and "Actie 4" in page
    assert SECRET not in page
    assert card.request.participant.last_name not in page


def test_pack_pdf_downloads_and_is_logged_as_an_export(world, card):
    item = meeting(world.region, world.people["coordinator"])
    url = reverse("coordination:consultation_pack", args=[world.region.slug, item.uuid])
    response = world.client_for("coordinator").get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    event = AccessEvent.objects.order_by("-seq").first()
    assert (event.action, event.object_type) == (Action.EXPORT, "consultation_input_pack")
    assert world.client_for("coordinator_other_region").get(url).status_code == 404


def test_coordinator_records_a_consultation_with_stakeholders_present(world):
    police = stakeholder(world.region, name="Politie Noord")
    other = stakeholder(world.other_region, name="Politie Zuid")
    client = world.client_for("coordinator")
    add = reverse("coordination:consultation_add", args=[world.region.slug])
    page = client.get(add).content.decode()
    assert "Politie Noord" in page and "Politie Zuid" not in page
    response = client.post(
        add,
        {
            "held_on": "2026-04-01",
            "title": "Overleg crisiszorg voorjaar",
            "stakeholders": [police.pk],
            "participants": "Wethouder zorg",
            "agenda": "1. Inbreng kaarthouders",
        },
    )
    item = RegionalMeeting.objects.get()
    assert response.status_code == 302
    assert list(item.stakeholders.all()) == [police]
    assert item.created_by == world.people["coordinator"]
    refused = client.post(
        add, {"held_on": "2026-04-01", "title": "Ander overleg", "stakeholders": [other.pk]}
    )
    assert refused.status_code == 200
    assert RegionalMeeting.objects.count() == 1


def test_pack_period_must_be_complete_and_in_order_keeping_input(world):
    client = world.client_for("coordinator")
    response = client.post(
        reverse("coordination:consultation_add", args=[world.region.slug]),
        {
            "held_on": "2026-04-01",
            "title": "Overleg met periode",
            "input_period_start": "2026-03-01",
            "input_period_end": "2026-01-01",
        },
    )
    page = response.content.decode()
    assert "before the start of the period" in page
    assert 'value="Overleg met periode"' in page
    assert not RegionalMeeting.objects.exists()


def test_follow_ups_are_added_and_marked_done_or_dropped(world):
    item = meeting(world.region, world.people["coordinator"])
    client = world.client_for("coordinator")
    client.post(
        reverse("coordination:consultation_action_add", args=[world.region.slug, item.uuid]),
        {"description": "Kaart in werkinstructie politie", "owner": "Politie", "due_on": ""},
    )
    action = RegionalMeetingAction.objects.get()
    update = reverse(
        "coordination:consultation_action_update", args=[world.region.slug, item.uuid, action.pk]
    )
    assert client.get(update).status_code == 405
    client.post(update, {"status": "done"})
    action.refresh_from_db()
    assert action.status == "done"
    client.post(update, {"status": "dropped"})
    action.refresh_from_db()
    assert action.status == "dropped"
    client.post(update, {"status": "lost"})
    action.refresh_from_db()
    assert action.status == "dropped"
    assert (
        world.client_for("coordinator_other_region").post(update, {"status": "open"}).status_code
        == 404
    )


def test_list_counts_open_follow_ups_without_a_query_per_row(world, django_assert_max_num_queries):
    for number in range(8):
        item = meeting(world.region, world.people["coordinator"], title=f"Overleg {number}")
        meeting_action(item)
        meeting_action(item, status="done")
    client = world.client_for("coordinator")
    with django_assert_max_num_queries(10):
        response = client.get(reverse("coordination:consultation_list", args=[world.region.slug]))
    assert response.status_code == 200
    assert "Overleg 7" in response.content.decode()

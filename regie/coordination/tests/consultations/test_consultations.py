"""Regional consultations: meetings, follow-ups and the anonymised input pack
(counted in the database, suppressed, never free text)."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from regie.audit.models import AccessEvent, Action
from regie.coordination.consultations.forms import ConsultationForm
from regie.coordination.consultations.models import RegionalMeeting, RegionalMeetingAction
from regie.coordination.consultations.selectors import input_pack, pack_period
from regie.coordination.consultations.services import consultation_create
from regie.coordination.errors import CoordinationError
from regie.core.policy import actor_for_user
from regie.core.tests.formpage import seen_on
from regie.crisiscard.models import Evaluation
from regie.reports.quarters import Quarter, last_completed
from regie.reports.suppression import suppress_counts

from ..outreach.fixtures import stakeholder
from .fixtures import card_in, evaluation, meeting, meeting_action

SECRET = "Mijn buurman Piet Jansen belde de politie"


def detail_url(world, item):
    return reverse("coordination:consultation_detail", args=[world.region.slug, item.uuid])


@pytest.fixture
def card(world):
    return card_in(world.region, world.people["participant"], world.people["consultant"])


def test_default_quarter_is_the_last_completed_quarter_before_the_meeting(world):
    today = datetime.date(2026, 11, 23)
    item = meeting(world.region, world.people["coordinator"], held_on=datetime.date(2026, 3, 15))
    assert pack_period(item, today=today) == Quarter(2025, 4)
    first_day = meeting(
        world.region, world.people["coordinator"], held_on=datetime.date(2026, 4, 1)
    )
    assert pack_period(first_day, today=today) == Quarter(2026, 1)
    # A meeting planned ahead never gets a quarter that is still running.
    ahead = meeting(world.region, world.people["coordinator"], held_on=datetime.date(2027, 2, 1))
    assert pack_period(ahead, today=today) == Quarter(2026, 3)
    item.input_period_start = datetime.date(2025, 4, 1)
    item.input_period_end = datetime.date(2025, 6, 30)
    assert pack_period(item, today=today) == Quarter(2025, 2)


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (datetime.date(2026, 1, 1), datetime.date(2026, 2, 1)),  # part of a quarter
        (datetime.date(2025, 1, 1), datetime.date(2025, 12, 31)),  # a year
        (datetime.date(2025, 2, 1), datetime.date(2025, 4, 30)),  # three months, not a quarter
        (datetime.date(2026, 10, 1), datetime.date(2026, 12, 31)),  # still running
    ],
)
def test_a_stored_period_that_is_not_a_completed_quarter_is_not_used(world, start, end):
    today = datetime.date(2026, 11, 23)
    item = meeting(
        world.region,
        world.people["coordinator"],
        held_on=datetime.date(2026, 3, 15),
        input_period_start=start,
        input_period_end=end,
    )
    assert pack_period(item, today=today) == Quarter(2025, 4)


def test_the_pack_refuses_a_quarter_that_has_not_ended(world):
    running = Quarter.containing(timezone.localdate())
    with pytest.raises(ValueError):
        input_pack(world.region, running)


def table(pack, key):
    return next(t for t in pack.tables if t.key == key)


def column(pack, key, index=0):
    return {str(row.label): row.values[index] for row in table(pack, key).rows}


def test_pack_counts_use_respect_and_themes_of_the_region_and_quarter(world, card):
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
    # Outside the region, outside the quarter, or not completed: not counted.
    elsewhere = card_in(world.other_region, world.people["participant"], world.people["consultant"])
    evaluation(elsewhere, completed_on=datetime.date(2025, 6, 1), crisis=True, used_by=["police"])
    evaluation(card, completed_on=datetime.date(2025, 3, 31), crisis=True, used_by=["police"])
    evaluation(card, completed_on=datetime.date(2025, 7, 1), crisis=True, used_by=["police"])
    Evaluation.objects.create(card=card, due_on=datetime.date(2025, 6, 1))

    pack = input_pack(world.region, Quarter(2025, 2))
    assert (pack.start, pack.end) == (datetime.date(2025, 4, 1), datetime.date(2025, 6, 30))
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
    pack = input_pack(world.region, Quarter(2025, 1))
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
    pack = input_pack(world.region, Quarter(2025, 2))
    assert pack.evaluations is None and pack.too_few


def test_detail_page_shows_the_pack_without_free_text(world, card, django_assert_max_num_queries):
    held_on = timezone.localdate()
    quarter = last_completed(held_on)
    for i in range(11):
        evaluation(
            card,
            completed_on=quarter.start + datetime.timedelta(days=i),
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
    assert quarter.label() in page
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


def test_a_coordinator_chooses_a_completed_quarter_for_the_pack(world):
    client = world.client_for("coordinator")
    add = reverse("coordination:consultation_add", args=[world.region.slug])
    chosen = last_completed().previous()
    page = client.get(add).content.decode()
    assert f'value="{chosen.key}"' in page and 'type="date"' in page  # the meeting date only
    response = client.post(
        add, {"held_on": "2026-04-01", "title": "Overleg", "input_quarter": chosen.key}
    )
    assert response.status_code == 302
    item = RegionalMeeting.objects.get()
    assert (item.input_period_start, item.input_period_end) == (chosen.start, chosen.end)
    assert pack_period(item) == chosen
    edit = reverse("coordination:consultation_edit", args=[world.region.slug, item.uuid])
    assert f'<option value="{chosen.key}" selected>' in client.get(edit).content.decode()
    client.post(
        edit,
        {
            "seen": seen_on(client, edit),
            "held_on": "2026-04-01",
            "title": "Overleg",
            "input_quarter": "",
        },
    )
    item.refresh_from_db()
    assert (item.input_period_start, item.input_period_end) == (None, None)


@pytest.mark.parametrize(
    "choice", ["running", "2026-03-01", "2020", "2099-Q1", "1990-Q1", "2026-Q5"]
)
def test_anything_but_a_completed_quarter_is_refused_keeping_input(world, choice):
    if choice == "running":
        choice = Quarter.containing(timezone.localdate()).key
    client = world.client_for("coordinator")
    response = client.post(
        reverse("coordination:consultation_add", args=[world.region.slug]),
        {"held_on": "2026-04-01", "title": "Overleg met periode", "input_quarter": choice},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Choose a quarter that has ended from the list" in page
    assert 'value="Overleg met periode"' in page
    assert not RegionalMeeting.objects.exists()


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (datetime.date(2025, 11, 1), datetime.date(2025, 11, 2)),  # two days
        (datetime.date(2025, 1, 1), datetime.date(2025, 12, 31)),  # a year
        (datetime.date(2025, 7, 1), datetime.date(2025, 9, 29)),  # a quarter but one day
        (datetime.date(2025, 7, 1), None),  # half given
        (None, datetime.date(2025, 9, 30)),
    ],
)
def test_the_service_refuses_a_pack_period_that_is_not_a_completed_quarter(world, start, end):
    with pytest.raises(CoordinationError, match="one whole quarter"):
        consultation_create(
            actor=actor_for_user(world.people["coordinator"].user),
            region=world.region,
            held_on=datetime.date(2026, 4, 1),
            title="Overleg",
            input_period_start=start,
            input_period_end=end,
        )
    running = Quarter.containing(timezone.localdate())
    with pytest.raises(CoordinationError, match="one whole quarter"):
        consultation_create(
            actor=actor_for_user(world.people["coordinator"].user),
            region=world.region,
            held_on=datetime.date(2026, 4, 1),
            title="Overleg",
            input_period_start=running.start,
            input_period_end=running.end,
        )
    assert not RegionalMeeting.objects.exists()


def test_packs_of_different_quarters_cannot_be_subtracted(world, card):
    """The reviewer's attack on the pack: 10 evaluations on one day and 1 the next.

    With free periods, the packs of day 1-2 and of day 1 gave the wish of the
    one evaluation of day 2 away. Every pack now covers a whole completed
    quarter; both days fall in the same quarter, so a pack shows both or none.
    """
    quarter = last_completed()
    for i in range(11):
        evaluation(
            card,
            completed_on=quarter.start + datetime.timedelta(days=0 if i < 10 else 1),
            themes=["wish_no_coercion"],
        )
    form = ConsultationForm(region=world.region)
    for key, _label in form.fields["input_quarter"].widget.choices[1:]:
        chosen = Quarter.parse(key)
        wishes = column(input_pack(world.region, chosen), "wishes")
        assert wishes["Wish about compulsory care"] in (0, 11)
    assert column(input_pack(world.region, quarter), "wishes")["Wish about compulsory care"] == 11


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

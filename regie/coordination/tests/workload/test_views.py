"""Workload pages end to end: the dashboard, one consultant's trend, thresholds,
my own work and hours, the team lead's view and the home page."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from regie.coordination.workload.models import OverloadThreshold, TimeEntry, TimeEntryKind
from regie.people.models import Person

from .fixtures import consultant_in, give_requests, log_minutes


def dashboard_url(world) -> str:
    return reverse("coordination:workload", args=[world.region.slug])


def test_dashboard_puts_who_needs_attention_first_in_words(world):
    busy = consultant_in(world.region, first_name="Bea", last_name="Druk")
    give_requests(busy, world.region, 9)
    near = consultant_in(world.region, first_name="Nina", last_name="Bijna", hours="10")
    log_minutes(near, 40 * 60)  # 100 % of 40 hours: at or above 99 %, under 110 %
    calm = consultant_in(world.region, first_name="Kees", last_name="Rustig")
    response = world.client_for("coordinator").get(dashboard_url(world))
    assert response.status_code == 200
    attention = response.context["attention"]
    assert [row.person for row in attention] == [busy, near]
    assert [row.signal for row in attention] == ["overloaded", "attention"]
    html = response.content.decode()
    assert "Overloaded" in html and "Needs attention" in html
    assert "more than 8 active trajectories" in html
    assert calm.full_name in html


def test_dashboard_says_so_when_nobody_needs_attention(world):
    response = world.client_for("coordinator").get(dashboard_url(world))
    assert "Nobody needs attention right now" in response.content.decode()


@pytest.mark.parametrize("extra", [1, 10])
def test_dashboard_queries_do_not_grow_with_the_number_of_consultants(
    world, extra, django_assert_max_num_queries
):
    for _ in range(extra):
        person = consultant_in(world.region)
        log_minutes(person, 120)
        give_requests(person, world.region, 1)
    client = world.client_for("coordinator")
    with django_assert_max_num_queries(17):
        response = client.get(dashboard_url(world))
    assert len(response.context["rows"]) == extra + 1


def test_another_regions_coordinator_cannot_see_a_consultant(world):
    url = reverse(
        "coordination:workload_person", args=[world.region.slug, world.people["consultant"].uuid]
    )
    assert world.client_for("coordinator_other_region").get(url).status_code == 404
    other = reverse(
        "coordination:workload_person",
        args=[world.region.slug, world.people["coordinator_other_region"].uuid],
    )
    assert world.client_for("coordinator").get(other).status_code == 404


def test_person_page_draws_the_trend_with_the_contract_line_and_a_table(
    world, django_assert_max_num_queries
):
    consultant = world.people["consultant"]
    log_minutes(consultant, 150)
    url = reverse("coordination:workload_person", args=[world.region.slug, consultant.uuid])
    client = world.client_for("coordinator")
    with django_assert_max_num_queries(21):
        response = client.get(url)
    html = response.content.decode()
    assert '<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img"' in html
    assert "Contract: 16.0 hours a week" in html
    assert "Hours per week (the same figures as the chart)" in html
    assert len(response.context["weeks"]) == 12
    assert response.context["weeks"][-1].hours == 2.5


def thresholds_url(world) -> str:
    return reverse("coordination:thresholds", args=[world.region.slug])


def test_thresholds_refuse_attention_above_one_hundred_and_keep_the_input(world):
    client = world.client_for("coordinator")
    response = client.post(
        thresholds_url(world),
        {"max_active_trajectories": "6", "max_hours_percent": "120", "attention_percent": "120"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Choose a percentage from 10 to 100: attention comes before the limit" in html
    assert 'value="120"' in html and 'value="6"' in html
    assert not OverloadThreshold.objects.exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("max_active_trajectories", "0"),
        ("max_active_trajectories", "101"),
        ("max_hours_percent", "49"),
        ("max_hours_percent", "301"),
        ("attention_percent", "9"),
        ("max_hours_percent", ""),
    ],
)
def test_thresholds_refuse_values_out_of_range(world, field, value):
    data = {"max_active_trajectories": "8", "max_hours_percent": "110", "attention_percent": "90"}
    data[field] = value
    response = world.client_for("coordinator").post(thresholds_url(world), data)
    assert response.status_code == 200
    assert response.context["form"].errors[field]
    assert not OverloadThreshold.objects.exists()


def test_thresholds_are_saved_and_change_who_is_overloaded(world):
    give_requests(world.people["consultant"], world.region, 3)  # 3 + the world's request
    client = world.client_for("coordinator")
    response = client.post(
        thresholds_url(world),
        {"max_active_trajectories": "3", "max_hours_percent": "100", "attention_percent": "100"},
    )
    assert response.status_code == 302
    saved = OverloadThreshold.objects.get(region=world.region)
    assert saved.updated_by == world.people["coordinator"]
    assert (saved.max_active_trajectories, saved.max_hours_percent) == (3, 100)
    page = client.get(dashboard_url(world))
    assert [r.person for r in page.context["attention"]] == [world.people["consultant"]]
    again = client.post(
        thresholds_url(world),
        {"max_active_trajectories": "5", "max_hours_percent": "100", "attention_percent": "100"},
    )
    assert again.status_code == 302
    assert OverloadThreshold.objects.get().max_active_trajectories == 5


def test_another_regions_coordinator_cannot_set_thresholds(world):
    response = world.client_for("coordinator_other_region").post(
        thresholds_url(world),
        {"max_active_trajectories": "3", "max_hours_percent": "100", "attention_percent": "90"},
    )
    assert response.status_code == 404
    assert not OverloadThreshold.objects.exists()


def my_work_url() -> str:
    return reverse("coordination:my_work")


def test_logging_hours_adds_them_to_my_own_load(world):
    client = world.client_for("consultant")
    today = timezone.localdate()
    response = client.post(
        my_work_url(),
        {"worked_on": today.isoformat(), "minutes": "90", "kind": "travel", "note": "Naar Ede"},
    )
    assert response.status_code == 302
    entry = TimeEntry.objects.get()
    assert entry.person == entry.recorded_by == world.people["consultant"]
    page = client.get(my_work_url())
    assert page.context["row"].load.minutes == 90
    assert "Naar Ede" in page.content.decode()


def test_hours_in_the_future_are_refused_and_what_was_typed_stays(world):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = world.client_for("consultant").post(
        my_work_url(),
        {"worked_on": tomorrow.isoformat(), "minutes": "45", "kind": "travel", "note": "Later"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "The date cannot be in the future." in html
    assert 'value="45"' in html and 'value="Later"' in html
    assert not TimeEntry.objects.exists()


def test_more_than_a_day_of_hours_on_one_day_is_refused(world):
    consultant = world.people["consultant"]
    log_minutes(consultant, 600)
    response = world.client_for("consultant").post(
        my_work_url(),
        {"worked_on": timezone.localdate().isoformat(), "minutes": "900", "kind": "other"},
    )
    assert "more than 24 hours of other work" in response.content.decode()
    assert TimeEntry.objects.count() == 1


def test_removing_hours_asks_first_and_then_removes_them(world):
    entry = log_minutes(world.people["consultant"], 60)
    client = world.client_for("consultant")
    url = reverse("coordination:time_entry_delete", args=[entry.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert "Remove these hours?" in page.content.decode()
    assert TimeEntry.objects.filter(pk=entry.pk).exists()
    assert client.post(url).status_code == 302
    assert not TimeEntry.objects.filter(pk=entry.pk).exists()


def test_nobody_removes_someone_elses_hours(world):
    entry = log_minutes(world.people["consultant"], 60)
    url = reverse("coordination:time_entry_delete", args=[entry.pk])
    for persona in ("coordinator", "peer_expert"):
        assert world.client_for(persona).post(url).status_code == 404
    assert TimeEntry.objects.filter(pk=entry.pk).exists()


def test_my_work_shows_only_my_own_entries(world, django_assert_max_num_queries):
    mine = log_minutes(world.people["peer_expert"], 30)
    mine.note = "Eigen verslag"
    mine.save()
    other = TimeEntry.objects.create(
        person=world.people["consultant"],
        minutes=20,
        kind=TimeEntryKind.OTHER,
        note="Niet van mij",
        recorded_by=world.people["consultant"],
    )
    client = world.client_for("peer_expert")
    with django_assert_max_num_queries(22):
        html = client.get(my_work_url()).content.decode()
    assert "Eigen verslag" in html
    assert other.note not in html


def test_team_lead_sees_the_peer_experts_workload(world):
    log_minutes(world.people["peer_expert"], 120)
    response = world.client_for("team_lead").get(reverse("coordination:workload_team"))
    people = {row.person for row in response.context["rows"]}
    assert people == {world.people["peer_expert"], world.people["family_peer_expert"]}
    assert "Workload of the peer experts" in response.content.decode()


def test_the_hub_links_to_workload_for_coordinators_and_to_my_work_for_everyone(world):
    html = world.client_for("coordinator").get(reverse("coordination:index")).content.decode()
    assert dashboard_url(world) in html
    assert reverse("coordination:coaching_list", args=[world.region.slug]) in html
    assert my_work_url() in html
    html = world.client_for("consultant").get(reverse("coordination:index")).content.decode()
    assert my_work_url() in html
    assert dashboard_url(world) not in html


def home_sections(world, persona: str) -> list:
    return world.client_for(persona).get(reverse("core:home")).context["sections"]


def test_home_tells_the_coordinator_how_many_need_attention(world):
    assert not [s for s in home_sections(world, "coordinator") if "Workload" in str(s.title)]
    busy = consultant_in(world.region)
    give_requests(busy, world.region, 9)
    sections = [s for s in home_sections(world, "coordinator") if "Workload" in str(s.title)]
    assert len(sections) == 1
    assert sections[0].items[0].count == 1
    assert sections[0].items[0].url == dashboard_url(world)


def test_home_is_quiet_for_a_consultant_until_their_load_is_near_a_limit(world):
    consultant: Person = world.people["consultant"]
    titles = [str(s.title) for s in home_sections(world, "consultant")]
    assert not any("Your workload" in t for t in titles)
    log_minutes(consultant, 16 * 60 * 4 * 2)  # twice the contract hours
    sections = [s for s in home_sections(world, "consultant") if "Your workload" in str(s.title)]
    assert len(sections) == 1
    assert str(sections[0].title) == "Your workload is over a limit"
    assert "128.0 of 64.0 contract hours" in str(sections[0].items[0].text)


def test_home_gives_the_team_lead_a_way_to_the_peer_experts_workload(world):
    sections = [
        s for s in home_sections(world, "team_lead") if str(s.title) == "Workload of peer experts"
    ]
    assert len(sections) == 1
    assert sections[0].actions[0].url == reverse("coordination:workload_team")


def test_team_lead_sees_one_peer_experts_trend_but_not_a_consultants(world):
    peer = world.people["peer_expert"]
    log_minutes(peer, 180)
    client = world.client_for("team_lead")
    response = client.get(reverse("coordination:workload_team_person", args=[peer.uuid]))
    assert response.status_code == 200
    assert response.context["weeks"][-1].hours == 3.0
    assert 'class="chart" role="img"' in response.content.decode()
    consultant = world.people["consultant"].uuid
    url = reverse("coordination:workload_team_person", args=[consultant])
    assert client.get(url).status_code == 404

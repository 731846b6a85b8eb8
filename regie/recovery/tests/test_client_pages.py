"""The client's own pages: only their own case, logged, phone-friendly, and what
the family peer expert reads follows the client's choice."""

from __future__ import annotations

import datetime
import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from regie.audit.models import AccessEvent
from regie.people.models import PeerExpertQualification, PeerExpertStatus
from regie.people.tests.factories import PersonFactory
from regie.recovery.models import (
    ActionOwner,
    CaseContact,
    ClientConsent,
    ContactWith,
    Goal,
    GoalAction,
    LifeArea,
    WheelAssessment,
)

from .cases_helpers import make_case
from .wheel_helpers import add, areas


def my(name: str, world, **kw) -> str:
    return reverse(f"recovery:{name}", args=[world.case.uuid], **kw)


def score_form(value: str = "7", revision: str | None = None) -> dict[str, str]:
    data = {"note": "Het gaat beter"}
    for area in areas():
        data[f"score_{area.pk}"] = value
        data[f"note_{area.pk}"] = ""
    return data


def sharing_form(world, **ticks: bool) -> dict[str, str]:
    data = {"revision": str(world.case.consent_revision)}
    for name, on in ticks.items():
        if on:
            data[name] = "on"
    return data


def ticked(body: str, name: str) -> bool:
    tag = re.search(rf'<input type="checkbox" name="{name}"[^>]*>', body)
    assert tag is not None, name
    return " checked" in tag.group(0)


def notes_contact(world) -> CaseContact:
    contact = CaseContact.objects.create(
        case=world.case,
        duration_minutes=30,
        with_whom=ContactWith.CLIENT,
        recorded_by=world.people["case_director"],
        notes="Vertelde over de schulden bij de bank.",
    )
    contact.team_participants.add(world.people["case_director"])
    return contact


# --- access ---


def test_the_client_sees_their_own_case_and_its_team(world):
    PeerExpertQualification.objects.create(
        person=world.people["peer_expert"], status=PeerExpertStatus.IN_TRAINING
    )
    response = world.client_for("client").get(reverse("recovery:my_home"))
    assert response.status_code == 200
    body = response.content.decode()
    for persona in ("case_director", "peer_expert", "family_peer_expert"):
        assert world.people[persona].full_name in body
    assert "in training" in body
    assert response["Cache-Control"].count("no-store") == 1
    event = AccessEvent.objects.filter(purpose="recovery:my_home").get()
    assert event.actor_role == "client"
    assert event.subject_uuid == world.client.uuid
    assert event.object_id == str(world.case.uuid)


def test_a_qualified_peer_expert_is_not_shown_in_training(world):
    PeerExpertQualification.objects.create(
        person=world.people["peer_expert"], status=PeerExpertStatus.QUALIFIED
    )
    body = world.client_for("client").get(reverse("recovery:my_home")).content.decode()
    assert "in training" not in body


def test_the_client_cannot_open_another_clients_case(world):
    other = make_case(world)
    client = world.client_for("client")
    for name in ("my_case", "my_wheel_add", "my_sharing"):
        url = reverse(f"recovery:{name}", args=[other.uuid])
        assert client.get(url).status_code == 404
    assert (
        client.post(reverse("recovery:my_wheel_add", args=[other.uuid]), score_form()).status_code
        == 404
    )
    assert not WheelAssessment.objects.filter(case=other).exists()


def test_the_client_gets_404_on_the_staff_pages_of_their_own_case(world):
    client = world.client_for("client")
    for name in ("case_detail", "wheel", "assessment_add", "contact_add"):
        assert client.get(reverse(f"recovery:{name}", args=[world.case.uuid])).status_code == 404
    assert client.get(reverse("recovery:case_list")).status_code == 404


def test_someone_who_is_not_a_client_has_no_client_pages(world):
    for persona in ("participant", "case_director", "family_peer_expert"):
        assert world.client_for(persona).get(reverse("recovery:my_home")).status_code == 404


def test_my_home_shows_the_open_case_before_an_older_closed_one(world):
    closed = make_case(world, opened=900)
    closed.client = world.client
    closed.state = "closed"
    closed.close_reason = "goals_reached"
    closed.save()
    body = world.client_for("client").get(reverse("recovery:my_home")).content.decode()
    assert reverse("recovery:my_sharing", args=[world.case.uuid]) in body
    assert reverse("recovery:my_case", args=[closed.uuid]) in body


def test_the_home_page_leads_the_client_to_their_pages(world):
    body = world.client_for("client").get(reverse("core:home")).content.decode()
    assert reverse("recovery:my_home") in body


# --- the family peer expert and the client's consent ---


def test_without_consent_the_family_peer_expert_does_not_read_the_case_notes(world):
    notes_contact(world)
    page = reverse("recovery:case_detail", args=[world.case.uuid])
    body = world.client_for("family_peer_expert").get(page).content.decode()
    assert "Vertelde over de schulden" not in body
    assert "has not shared the contacts and case notes with you" in body
    # The rest of the team still reads them.
    assert "Vertelde over de schulden" in world.client_for("peer_expert").get(page).content.decode()


def test_with_consent_the_family_peer_expert_reads_the_case_notes(world):
    notes_contact(world)
    ClientConsent.objects.create(
        case=world.case, notes=True, plan=True, wheel=True, changed_by=world.client
    )
    page = reverse("recovery:case_detail", args=[world.case.uuid])
    body = world.client_for("family_peer_expert").get(page).content.decode()
    assert "Vertelde over de schulden" in body


def test_the_family_peer_expert_still_sees_contacts_they_took_part_in(world):
    contact = notes_contact(world)
    contact.team_participants.add(world.people["family_peer_expert"])
    page = reverse("recovery:case_detail", args=[world.case.uuid])
    assert (
        "Vertelde over de schulden"
        in world.client_for("family_peer_expert").get(page).content.decode()
    )


def test_without_wheel_consent_the_family_peer_expert_gets_no_wheel_and_no_goals(world):
    ClientConsent.objects.create(case=world.case, changed_by=world.client)
    Goal.objects.create(case=world.case, life_area=LifeArea.objects.first(), description="Een huis")
    client = world.client_for("family_peer_expert")
    assert client.get(reverse("recovery:wheel", args=[world.case.uuid])).status_code == 404
    assert client.get(reverse("recovery:assessment_add", args=[world.case.uuid])).status_code == 404
    assert client.get(reverse("recovery:goal_add", args=[world.case.uuid])).status_code == 404
    body = client.get(reverse("recovery:case_detail", args=[world.case.uuid])).content.decode()
    assert "Een huis" not in body
    assert "has not shared their goals and actions with you" in body


def test_the_case_director_sees_the_crisis_card_choice_read_only(world):
    body = (
        world.client_for("case_director")
        .get(reverse("recovery:case_detail", args=[world.case.uuid]))
        .content.decode()
    )
    assert "has not allowed the team to see their crisis card" in body
    assert "The client decides this on their own page" in body
    assert "The client gives permission" not in body


# --- scoring the wheel ---


def test_the_client_scores_their_wheel_and_sees_it_on_their_page(world):
    client = world.client_for("client")
    form = client.get(my("my_wheel_add", world)).content.decode()
    assert 'name="perspective"' not in form
    assert 'name="assessed_on"' not in form
    response = client.post(my("my_wheel_add", world), score_form("8"))
    assert response.status_code == 302
    assert response["Location"] == my("my_case", world)
    assessment = WheelAssessment.objects.get()
    assert assessment.recorded_by == world.client
    assert assessment.perspective == "client"
    assert assessment.assessed_on == timezone.localdate()
    body = client.get(response["Location"]).content.decode()
    assert "<strong>8</strong>" in body
    assert "<svg" in body


def test_a_missing_score_keeps_what_the_client_chose(world):
    data = score_form("6")
    first = areas()[0]
    del data[f"score_{first.pk}"]
    response = world.client_for("client").post(my("my_wheel_add", world), data)
    assert response.status_code == 200
    assert not WheelAssessment.objects.exists()
    body = response.content.decode()
    assert f'name="score_{areas()[1].pk}" value="6"' in body and "checked" in body


def test_the_staff_wheel_form_asks_whether_the_client_asked(world):
    data = {"perspective": "client", "assessed_on": timezone.localdate().isoformat(), "note": ""}
    for area in areas():
        data[f"score_{area.pk}"] = "5"
    response = world.client_for("case_director").post(
        reverse("recovery:assessment_add", args=[world.case.uuid]), data
    )
    assert response.status_code == 200
    assert "tick that the client asked you" in response.content.decode()
    assert not WheelAssessment.objects.exists()


# --- sharing ---


def test_the_client_shares_their_crisis_card_and_notes_with_the_family_peer_expert(world):
    client = world.client_for("client")
    assert client.get(my("my_sharing", world)).status_code == 200
    response = client.post(
        my("my_sharing", world),
        sharing_form(world, share_crisis_card=True, family_notes=True, family_plan=True),
    )
    assert response.status_code == 302
    world.case.refresh_from_db()
    assert world.case.share_crisis_card
    row = ClientConsent.objects.get(case=world.case, partner__isnull=True)
    assert (row.notes, row.plan, row.wheel) == (True, True, False)


def test_a_stale_sharing_save_is_refused_with_409_and_keeps_the_ticks(world):
    client = world.client_for("client")
    stale = sharing_form(world, share_crisis_card=True, family_notes=True)
    client.post(my("my_sharing", world), sharing_form(world, family_wheel=True))
    response = client.post(my("my_sharing", world), stale)
    assert response.status_code == 409
    body = response.content.decode()
    assert ticked(body, "share_crisis_card")
    assert ticked(body, "family_notes")
    assert not ticked(body, "family_wheel")
    assert 'name="revision" value="1"' in body
    world.case.refresh_from_db()
    assert not world.case.share_crisis_card
    # Saving again, now based on what is stored, goes through.
    again = client.post(my("my_sharing", world), sharing_form(world, share_crisis_card=True))
    assert again.status_code == 302


# --- query counts ---


def _grow(world, n: int) -> None:
    area = LifeArea.objects.first()
    for i in range(n):
        goal = Goal.objects.create(case=world.case, life_area=area, description=f"Doel {i}")
        GoalAction.objects.create(
            goal=goal,
            description=f"Stap {i}",
            owner_kind=ActionOwner.TEAM,
            owner_person=world.people["peer_expert"],
        )
        add(world, perspective="team", ago=n - i, value=i % 10)


def test_the_client_page_query_count_does_not_grow_with_its_content(
    world, django_assert_max_num_queries
):
    client = world.client_for("client")
    url = reverse("recovery:my_home")
    _grow(world, 1)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    _grow(world, 6)
    with django_assert_max_num_queries(len(few.captured_queries)):
        body = client.get(url).content.decode()
    assert "Doel 5" in body and "Stap 5" in body


def test_the_sharing_page_query_count_does_not_grow_with_the_partners(
    world, django_assert_max_num_queries
):
    from regie.recovery.models import CasePartner, PartnerKind

    client = world.client_for("client")
    url = my("my_sharing", world)
    CasePartner.objects.create(case=world.case, kind=PartnerKind.RELATIVE, person=PersonFactory())
    # A partner organisation without a contact person.
    CasePartner.objects.create(
        case=world.case, kind=PartnerKind.PROFESSIONAL, organisation=world.case.organisation
    )
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _ in range(5):
        CasePartner.objects.create(
            case=world.case, kind=PartnerKind.RELATIVE, person=PersonFactory()
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200


def test_the_client_does_not_see_tomorrows_team_member(world):
    from regie.recovery.models import CaseMember, TeamRole

    CaseMember.objects.filter(case=world.case, team_role=TeamRole.FAMILY_PEER_EXPERT).update(
        ended_on=timezone.localdate() - datetime.timedelta(days=1)
    )
    body = world.client_for("client").get(reverse("recovery:my_home")).content.decode()
    assert world.people["family_peer_expert"].full_name not in body

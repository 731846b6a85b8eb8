"""Visitations: record, findings, follow-up actions and the evidence pack PDF."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import timezone

from regie.coordination.quality.models import Visitation, VisitationAction
from regie.core.tests.formpage import seen_on
from regie.crisiscard.models import CardRequest, Channel, HeardVia, RequestState, StopReason
from regie.crisiscard.tests.test_cards_pdf import pdf_text
from regie.people.tests.factories import PersonFactory

TODAY = timezone.localdate()


def add_visitation(world) -> Visitation:
    client = world.client_for("coordinator")
    response = client.post(
        reverse("coordination:visitation_add", args=[world.region.slug]),
        {
            "visited_on": TODAY.isoformat(),
            "visitors": "Kiwa, twee auditoren",
            "period_start": (TODAY - datetime.timedelta(days=365)).isoformat(),
            "period_end": TODAY.isoformat(),
            "findings": "Goede dossiers. Evaluaties vaak te laat.",
        },
    )
    assert response.status_code == 302
    return Visitation.objects.get()


def test_a_coordinator_records_a_visitation_with_findings_and_actions(world):
    visitation = add_visitation(world)
    assert visitation.region == world.region
    assert visitation.created_by == world.people["coordinator"]
    client = world.client_for("coordinator")
    args = [world.region.slug, visitation.uuid]
    url = reverse("coordination:visitation_detail", args=args)
    assert client.post(url, {"findings": "x"}).status_code == 405  # one URL per action
    findings = reverse("coordination:visitation_findings", args=args)
    assert (
        client.post(
            findings, {"seen": seen_on(client, url), "findings": "Nieuwe bevindingen."}
        ).status_code
        == 302
    )
    visitation.refresh_from_db()
    assert visitation.findings == "Nieuwe bevindingen."
    client.post(
        reverse("coordination:visitation_action_add", args=args),
        {
            "description": "Evaluaties op tijd plannen",
            "owner": world.people["consultant"].pk,
            "due_on": (TODAY + datetime.timedelta(days=30)).isoformat(),
        },
    )
    action = VisitationAction.objects.get()
    assert action.owner == world.people["consultant"] and action.done_on is None
    page = client.get(url).content.decode()
    done = reverse("coordination:visitation_action_done", args=[*args, action.pk])
    reopen = reverse("coordination:visitation_action_reopen", args=[*args, action.pk])
    assert done in page and reopen not in page
    client.post(done)
    action.refresh_from_db()
    assert action.done_on == TODAY
    assert reopen in client.get(url).content.decode()
    client.post(reopen)
    action.refresh_from_db()
    assert action.done_on is None
    page = client.get(url).content.decode()
    assert "Evaluaties op tijd plannen" in page


def test_a_period_that_ends_before_it_starts_is_refused_and_kept(world):
    client = world.client_for("coordinator")
    response = client.post(
        reverse("coordination:visitation_add", args=[world.region.slug]),
        {
            "visited_on": TODAY.isoformat(),
            "visitors": "Kiwa",
            "period_start": TODAY.isoformat(),
            "period_end": (TODAY - datetime.timedelta(days=1)).isoformat(),
        },
    )
    assert response.status_code == 200
    assert "The period ends before it starts." in response.content.decode()
    assert 'value="Kiwa"' in response.content.decode()
    assert not Visitation.objects.exists()


def test_the_evidence_pack_is_a_pdf_with_the_region_and_no_participant_names(world):
    # A name no PDF syntax or binary stream contains by chance (a generated
    # two-letter name once matched bytes of the embedded font).
    participant = world.people["participant"]
    participant.last_name = "Zonnebloemveld"
    participant.save(update_fields=["last_name"])
    visitation = add_visitation(world)
    VisitationAction.objects.create(visitation=visitation, description="Intervisie opzetten")
    response = world.client_for("coordinator").get(
        reverse("coordination:visitation_pack", args=[world.region.slug, visitation.uuid])
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    content = response.content
    assert content.startswith(b"%PDF")
    # Uncompressed: the page's text is in the content stream, in the embedded font's
    # encoding; the title in the document information is plain.
    assert b"Regio Noord" in content
    assert b"/FontFile2" in content
    text = pdf_text(content)
    assert "Intervisie opzetten" in text  # the page's text is readable here
    assert "Zonnebloemveld" not in text and b"Zonnebloemveld" not in content


def test_other_region_and_other_personas_get_404(world):
    visitation = add_visitation(world)
    slug = world.region.slug
    urls = [
        reverse("coordination:visitation_list", args=[slug]),
        reverse("coordination:visitation_add", args=[slug]),
        reverse("coordination:visitation_detail", args=[slug, visitation.uuid]),
        reverse("coordination:visitation_pack", args=[slug, visitation.uuid]),
    ]
    for persona in ("coordinator_other_region", "consultant"):
        client = world.client_for(persona)
        for url in urls:
            assert client.get(url).status_code == 404, (persona, url)
    # The other region's coordinator cannot reach it through their own region either.
    other = reverse(
        "coordination:visitation_detail", args=[world.other_region.slug, visitation.uuid]
    )
    assert world.client_for("coordinator_other_region").get(other).status_code == 404


def test_the_visitation_list_runs_a_fixed_number_of_queries(world, django_assert_max_num_queries):
    for n in range(5):
        visitation = Visitation.objects.create(
            region=world.region,
            visited_on=TODAY - datetime.timedelta(days=n),
            visitors=f"Audit {n}",
            period_start=TODAY - datetime.timedelta(days=400),
            period_end=TODAY,
            created_by=world.people["coordinator"],
        )
        VisitationAction.objects.create(visitation=visitation, description="Iets doen")
    client = world.client_for("coordinator")
    with django_assert_max_num_queries(10):
        page = client.get(
            reverse("coordination:visitation_list", args=[world.region.slug])
        ).content.decode()
    assert page.count("Audit ") == 5


def _stopped_requests(world, reason: str, count: int) -> None:
    for _n in range(count):
        CardRequest.objects.create(
            participant=PersonFactory(first_name="Gestopt", last_name="Deelnemer"),
            region=world.region,
            heard_via=HeardVia.GP,
            channel=Channel.ONLINE,
            consultant=world.people["consultant"],
            state=RequestState.WITHDRAWN,
            stop_reason=reason,
        )


def test_the_evidence_pack_hides_small_counts(world):
    # 24 started, none further; stopped: 12 no longer needed, 11 moved away, 1 health.
    _stopped_requests(world, StopReason.NO_NEED, 12)
    _stopped_requests(world, StopReason.MOVED, 11)
    _stopped_requests(world, StopReason.HEALTH, 1)
    CardRequest.objects.filter(region=world.region).exclude(stop_reason="").update(
        applied_at=timezone.now() - datetime.timedelta(days=10)
    )
    visitation = add_visitation(world)
    response = world.client_for("coordinator").get(
        reverse("coordination:visitation_pack", args=[world.region.slug, visitation.uuid])
    )
    text = pdf_text(response.content)
    assert "No longer needed\n12" in text
    # The single one is not shown, nor the 11 that would give it away (24 started).
    assert str(StopReason.HEALTH.label) not in text
    assert str(StopReason.MOVED.label) not in text
    assert "Some reasons are not listed" in text
    assert "Numbers below 10 are shown as" in text


def test_small_groups_show_hidden_instead_of_counts_and_percentages(world):
    from regie.coordination.quality import pdf as pdf_quality

    assert pdf_quality._percent(1, 9) == "hidden"
    assert pdf_quality._percent(3, 12) == "25%"
    assert pdf_quality._percent(0, 0) == "none yet"
    assert pdf_quality._mean(4.0, 3) == "hidden"
    assert pdf_quality._mean(4.25, 10) == "4,2"
    assert pdf_quality._count(4) == "hidden" and pdf_quality._count(0) == "0"
    # 12 started, 11 talked, 3 planned, 0 cards: "1 stopped before talking" must not show.
    assert pdf_quality._funnel([12, 11, 3, 0]) == [12, None, None, 0]
    assert pdf_quality._funnel([30, 20, 10, 0]) == [30, 20, 10, 0]
    assert pdf_quality._funnel([5, 6, 0, 0]) == [None, None, 0, 0]  # steps that widen


def test_the_action_urls_refuse_other_regions_and_other_visitations(world):
    visitation = add_visitation(world)
    action = VisitationAction.objects.create(visitation=visitation, description="Intervisie")
    args = [world.region.slug, visitation.uuid]
    posts = [
        reverse("coordination:visitation_findings", args=args),
        reverse("coordination:visitation_action_add", args=args),
        reverse("coordination:visitation_action_done", args=[*args, action.pk]),
        reverse("coordination:visitation_action_reopen", args=[*args, action.pk]),
    ]
    for persona in ("coordinator_other_region", "consultant"):
        client = world.client_for(persona)
        for url in posts:
            assert client.post(url, {"findings": "x"}).status_code == 404, (persona, url)
    other = Visitation.objects.create(
        region=world.region,
        visited_on=TODAY,
        visitors="Andere",
        period_start=TODAY - datetime.timedelta(days=30),
        period_end=TODAY,
        created_by=world.people["coordinator"],
    )
    wrong = reverse("coordination:visitation_action_done", args=[*args[:1], other.uuid, action.pk])
    assert world.client_for("coordinator").post(wrong).status_code == 404
    action.refresh_from_db()
    assert action.done_on is None

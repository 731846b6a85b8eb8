"""The print queue: cards and letters for people without e-mail, one batch PDF, marked sent."""

from __future__ import annotations

import datetime
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from regie.audit.models import AccessEvent, Action
from regie.core.tests.tasks_helpers import database_queue, run_worker  # noqa: F401  (fixture)
from regie.crisiscard.models import BatchStatus, PrintBatch, PrintItem, PrintKind
from regie.crisiscard.services import printing
from regie.crisiscard.services.daily import run_daily
from regie.people.models import ActivationCode

from .cards_fixtures import actor, issued_card
from .permission_args_portal import make_card, make_participant, months_ago
from .test_participant_invite import applicant_request

QUEUE = "crisiscard:print_queue"


def queue_url(world, name=QUEUE):
    return reverse(name, args=[world.region.slug])


def no_email_holder(world):
    holder = make_participant(world, "weg@regie.example")
    holder.email = ""
    holder.save(update_fields=["email"])
    return holder


def test_issuing_a_card_queues_it_for_printing(world):
    card = issued_card(world)
    item = PrintItem.objects.get(card=card)
    assert item.kind == PrintKind.CARD and item.region == world.region
    assert item.recipient == card.request.participant and item.printed_at is None


def test_a_notice_for_a_holder_without_email_becomes_a_letter(
    world, django_capture_on_commit_callbacks
):
    holder = no_email_holder(world)
    make_card(
        participant=holder,
        consultant=world.people["consultant"],
        region=world.region,
        issued_on=months_ago(13),
    )
    with django_capture_on_commit_callbacks(execute=True):
        report = run_daily()
    assert report.invitations_sent == 1
    assert mail.outbox == []
    letter = PrintItem.objects.get(recipient=holder)
    assert letter.kind == PrintKind.NOTICE and letter.region == world.region
    assert letter.subject and letter.body
    # A second run neither mails nor queues anything again.
    run_daily()
    assert PrintItem.objects.filter(recipient=holder).count() == 1


def test_a_notice_for_a_holder_with_email_is_mailed_not_queued(
    world, django_capture_on_commit_callbacks
):
    holder = make_participant(world, "mail@regie.example")
    make_card(
        participant=holder,
        consultant=world.people["consultant"],
        region=world.region,
        issued_on=months_ago(13),
    )
    with django_capture_on_commit_callbacks(execute=True):
        run_daily()
    assert [m.to for m in mail.outbox] == [["mail@regie.example"]]
    assert not PrintItem.objects.filter(recipient=holder).exists()


def fill_queue(world, count):
    for _ in range(count):
        request = applicant_request(world, email="")
        printing.enqueue_invitation(actor=actor(world, "consultant"), request=request)


def test_the_queue_page_lists_open_items_in_a_fixed_number_of_queries(
    world, django_assert_max_num_queries
):
    fill_queue(world, 3)
    client = world.client_for("coordinator")
    client.get(queue_url(world))  # warm the session and actor
    with django_assert_max_num_queries(14):
        small = client.get(queue_url(world))
    fill_queue(world, 12)
    with django_assert_max_num_queries(14):
        large = client.get(queue_url(world))
    assert small.status_code == large.status_code == 200
    assert large.content.decode().count('name="item"') == 15
    assert small["Cache-Control"].startswith("no-store")
    assert AccessEvent.objects.filter(purpose="crisiscard:print_queue").count() >= 15


def test_the_queue_belongs_to_the_regions_coordinators(world):
    fill_queue(world, 1)
    for persona in ("consultant", "participant", "coordinator_other_region"):
        assert world.client_for(persona).get(queue_url(world)).status_code == 404
    response = world.client_for("coordinator_other_region").post(
        queue_url(world, "crisiscard:print_batch")
    )
    assert response.status_code == 404


def test_the_batch_is_one_pdf_with_fresh_codes_and_logged_prints(
    world, django_capture_on_commit_callbacks
):
    fill_queue(world, 2)
    card = issued_card(world)
    client = world.client_for("coordinator")
    # The test settings run the task at once, after the commit; a worker would later.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(queue_url(world, "crisiscard:print_batch"))
    batch = PrintBatch.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "crisiscard:print_batch_detail", args=[world.region.slug, batch.uuid]
    )
    page = client.get(response["Location"]).content.decode()
    assert "The PDF with 3 items is ready" in page
    download = client.get(
        reverse("crisiscard:print_batch_download", args=[world.region.slug, batch.uuid])
    )
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"].startswith("attachment;")
    pdf = download.content
    assert pdf.startswith(b"%PDF")
    assert len(re.findall(rb"/Type /Page\b(?!s)", pdf)) == 3  # two letters and one card
    assert ActivationCode.objects.filter(channel="letter", used_at__isnull=True).count() == 2
    items = PrintItem.objects.filter(region=world.region)
    assert all(i.downloaded_at is not None for i in items)
    assert items.filter(card=card).exists()
    assert (
        AccessEvent.objects.filter(action=Action.PRINT, purpose="crisiscard:print_batch").count()
        == 3
    )
    assert (
        AccessEvent.objects.filter(
            action=Action.PRINT, purpose="crisiscard:print_batch_download"
        ).count()
        == 3
    )
    status = client.get(
        reverse("crisiscard:print_batch_status", args=[world.region.slug, batch.uuid])
    )
    assert status.json() == {"status": "done", "done": 3, "total": 3}


@pytest.mark.usefixtures("database_queue")
def test_asking_for_the_pdf_does_not_wait_for_it(world, django_capture_on_commit_callbacks):
    fill_queue(world, 2)
    client = world.client_for("coordinator")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(queue_url(world, "crisiscard:print_batch"), follow=True)
    batch = PrintBatch.objects.get()
    assert batch.status == BatchStatus.QUEUED and batch.pdf is None
    page = response.content.decode()
    assert "Waiting for its turn" in page
    assert reverse("crisiscard:print_batch_status", args=[world.region.slug, batch.uuid]) in page
    assert (
        client.get(
            reverse("crisiscard:print_batch_download", args=[world.region.slug, batch.uuid])
        ).status_code
        == 404
    )  # nothing to download yet
    run_worker()
    batch.refresh_from_db()
    assert batch.status == BatchStatus.DONE and bytes(batch.pdf).startswith(b"%PDF")
    assert "is ready" in client.get(response.redirect_chain[-1][0]).content.decode()


def test_another_regions_coordinator_cannot_see_or_download_a_batch(
    world, django_capture_on_commit_callbacks
):
    fill_queue(world, 1)
    with django_capture_on_commit_callbacks(execute=True):
        world.client_for("coordinator").post(queue_url(world, "crisiscard:print_batch"))
    batch = PrintBatch.objects.get()
    other = world.client_for("coordinator_other_region")
    for name in ("print_batch_detail", "print_batch_status", "print_batch_download"):
        url = reverse(f"crisiscard:{name}", args=[world.region.slug, batch.uuid])
        assert other.get(url).status_code == 404


def test_printing_an_empty_queue_says_so(world):
    response = world.client_for("coordinator").post(
        queue_url(world, "crisiscard:print_batch"), follow=True
    )
    assert "There is nothing to print" in response.content.decode()


def test_marking_chosen_items_printed_takes_them_off_the_queue(world):
    fill_queue(world, 2)
    first, second = PrintItem.objects.order_by("pk")
    client = world.client_for("coordinator")
    response = client.post(queue_url(world, "crisiscard:print_mark"), {"item": [str(first.uuid)]})
    assert response.status_code == 302
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.printed_at is not None and first.printed_by == world.people["coordinator"]
    assert second.printed_at is None
    page = client.get(queue_url(world)).content.decode()
    assert str(second.uuid) in page and str(first.uuid) not in page
    assert AccessEvent.objects.filter(purpose="crisiscard:print_mark").count() == 1


@pytest.mark.parametrize("persona", ["consultant", "coordinator_other_region"])
def test_others_cannot_mark_items(world, persona):
    fill_queue(world, 1)
    item = PrintItem.objects.get()
    response = world.client_for(persona).post(
        queue_url(world, "crisiscard:print_mark"), {"item": [str(item.uuid)]}
    )
    assert response.status_code == 404
    item.refresh_from_db()
    assert item.printed_at is None


def test_the_daily_job_removes_batch_pdfs_older_than_a_day(world):
    old = PrintBatch.objects.create(
        region=world.region,
        status=BatchStatus.DONE,
        pdf=b"%PDF",
        created_at=timezone.now() - printing.KEEP_BATCHES - datetime.timedelta(minutes=1),
    )
    recent = PrintBatch.objects.create(region=world.region, status=BatchStatus.DONE, pdf=b"%PDF")
    assert printing.purge_print_batches(timezone.localdate()) == "1 print batches removed."
    assert list(PrintBatch.objects.all()) == [recent]
    assert not PrintBatch.objects.filter(pk=old.pk).exists()

"""The demo shows a participant without e-mail whose invitation letter waits in the print queue."""

from __future__ import annotations

from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from regie.crisiscard.models import PrintItem, PrintKind
from regie.people.models import Person, User


def test_the_demo_queues_henks_letter_and_a_card_idempotently(db):
    call_command("seed_demo")
    before = PrintItem.objects.count()
    call_command("seed_demo")
    assert PrintItem.objects.count() == before
    henk = Person.objects.get(first_name="Henk", last_name="Postma")
    assert henk.email == "" and henk.user is None
    open_items = PrintItem.objects.filter(region__slug="utrecht", printed_at__isnull=True)
    assert open_items.filter(kind=PrintKind.INVITATION, recipient=henk).count() == 1
    assert open_items.filter(kind=PrintKind.CARD).exists()
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(User.objects.get(email="coordinator@regie.example"))
    page = client.get(reverse("crisiscard:print_queue", args=["utrecht"])).content.decode()
    assert "Henk Postma" in page

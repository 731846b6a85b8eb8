"""Batch print: one PDF per card issued since a date (a licence holder's print run).

Cards that are no longer reliable (regie.crisiscard.reliability) are not
printed: their numbers are listed, to be evaluated with the holder first.

    manage.py print_cards --since 2026-01-01 --out /srv/print/2026-01

Cards are read in chunks (never all at once), each PDF is named after its card
number, a progress bar shows how far it is, and every card printed is one
PRINT entry in the access log, written for each chunk of PDFs made (one
chain write per chunk) just before its files are written.
"""

from __future__ import annotations

import datetime
import os
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from regie.audit.events import ObjectType
from regie.audit.models import Action
from regie.audit.services import record_many
from regie.crisiscard import reliability
from regie.crisiscard.models import Card, CardStatus
from regie.crisiscard.pdf import card_pdf
from regie.crisiscard.selectors.cards import LIVE_LINKS

BAR_WIDTH = 30
CHUNK = 100
MAX_LISTED = 50  # card numbers named in the "not printed" line


def progress_bar(done: int, total: int) -> str:
    filled = BAR_WIDTH if total == 0 else BAR_WIDTH * done // total
    return f"[{'#' * filled}{'.' * (BAR_WIDTH - filled)}] {done}/{total}"


class Command(BaseCommand):
    help = "Write the PDFs of all cards issued since a date, one file per card."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--since", required=True, help="First issue date, as YYYY-MM-DD.")
        parser.add_argument("--out", required=True, help="An existing, writable directory.")

    def handle(self, *args: Any, **options: Any) -> None:
        since = self._date(options["since"])
        out = Path(options["out"])
        if not out.is_dir():
            raise CommandError(f"The directory {out} does not exist. Create it first.")
        if not os.access(out, os.W_OK | os.X_OK):
            raise CommandError(f"The directory {out} is not writable.")
        today = timezone.localdate()
        issued = reliability.with_checked_on(
            Card.objects.filter(status=CardStatus.ISSUED, issued_on__gte=since)
        )
        unreliable = list(
            issued.filter(reliability.unreliable_q(today))
            .order_by("number")
            .values_list("number", flat=True)[:MAX_LISTED]
        )
        cards = (
            issued.filter(reliability.reliable_q(today))
            .select_related("request__participant", "request__region", "version")
            .prefetch_related(LIVE_LINKS)
            .order_by("issued_on", "pk")
        )
        total = cards.count()
        self.stdout.write(f"{total} card(s) issued since {since:%Y-%m-%d}.")
        if unreliable:
            self.stdout.write(
                "Not printed, no longer reliable (evaluate with the holder first): "
                + ", ".join(unreliable)
            )
        done = 0
        holders: dict = {}
        batch: list[tuple[Card, bytes]] = []
        for card in cards.iterator(chunk_size=CHUNK):
            batch.append((card, card_pdf(card, holders=holders)))
            if len(batch) == CHUNK:
                done = self._write(batch, out, done, total)
                batch = []
        done = self._write(batch, out, done, total)
        if total:
            self.stderr.write("")
        self.stdout.write(self.style.SUCCESS(f"Wrote {done} PDF file(s) to {out}."))

    def _write(self, batch: list[tuple[Card, bytes]], out: Path, done: int, total: int) -> int:
        """Log a chunk's prints (one chain write for the chunk), then write its files."""
        record_many(
            actor=None,
            action=Action.PRINT,
            purpose="print_cards",
            object_type=ObjectType.CARD,
            items=[(str(card.uuid), card.request.participant) for card, _pdf in batch],
        )
        for card, data in batch:
            (out / f"{card.number}.pdf").write_bytes(data)
            done += 1
            self.stderr.write(f"\r{progress_bar(done, total)}", ending="")
            self.stderr.flush()
        return done

    @staticmethod
    def _date(raw: str) -> datetime.date:
        try:
            if len(raw) != 10:
                raise ValueError
            return datetime.date.fromisoformat(raw)
        except ValueError:
            raise CommandError(
                f"“{raw}” is not a date. Write it as YYYY-MM-DD, for example 2026-01-31."
            ) from None

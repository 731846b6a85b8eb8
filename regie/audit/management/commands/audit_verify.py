import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from regie.audit.models import AccessEvent
from regie.audit.verify import verify_chain


class Command(BaseCommand):
    help = "Verify the hash chain of the access log; exit non-zero at the first broken link."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--anchor",
            type=Path,
            help=(
                "A file kept outside the database. The last verified event is compared "
                "with it (so rows cut off the end are noticed) and then written to it."
            ),
        )

    def handle(self, *args: object, **options: object) -> None:
        report = verify_chain()
        if not report.intact:
            raise CommandError(
                f"Access log chain broken at event #{report.broken_seq}: {report.reason} "
                f"({report.checked} events before it are intact)."
            )
        anchor: Path | None = options.get("anchor")  # type: ignore[assignment]  # argparse type=Path
        if anchor is not None:
            self._check_anchor(anchor)
        self.stdout.write(
            self.style.SUCCESS(f"Access log intact: {report.checked} events verified.")
        )

    def _check_anchor(self, anchor: Path) -> None:
        if anchor.exists():
            try:
                previous = json.loads(anchor.read_text())
                seq, digest = int(previous["seq"]), str(previous["hash"])
            except (ValueError, KeyError, TypeError) as exc:
                raise CommandError(f"The anchor file {anchor} is not readable: {exc}") from exc
            if not AccessEvent.objects.filter(seq=seq, hash=digest).exists():
                raise CommandError(
                    f"Access log chain broken: event #{seq} from the anchor is missing or "
                    "changed (rows were removed from the end, or the log was replaced)."
                )
        last = AccessEvent.objects.order_by("-seq").values("seq", "hash").first()
        if last is not None:
            try:
                anchor.write_text(json.dumps({"seq": last["seq"], "hash": last["hash"]}))
            except OSError as exc:
                raise CommandError(f"Cannot write the anchor file {anchor}: {exc}") from exc

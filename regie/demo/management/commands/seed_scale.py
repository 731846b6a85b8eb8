from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.test.utils import override_settings

from regie.demo.people import DEMO_PASSWORD
from regie.demo.scale import ScaleDataPresent, seed_scale
from regie.demo.scale.sizes import SCALE_DOMAIN


class Command(BaseCommand):
    help = (
        "Generate a national data set for measuring: N participants with requests in every "
        "state, plans, cards, recovery cases and a sealed access log, in bulk. Refuses a "
        "database that already has one."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--participants", type=int, default=10_000)
        parser.add_argument("--seed", type=int, default=2026, help="same seed, same data")
        parser.add_argument("--chunk", type=int, default=1000, help="participants per transaction")

    def handle(self, *args: object, **options: object) -> None:
        if settings.REGIE_ENVIRONMENT == "production" or settings.SETTINGS_MODULE.endswith(
            ".production"
        ):
            raise CommandError("seed_scale refuses to run with production settings.")
        participants = int(options["participants"])  # type: ignore[call-overload]
        chunk = int(options["chunk"])  # type: ignore[call-overload]
        if participants < 20 or chunk < 1:
            raise CommandError("--participants must be at least 20 and --chunk at least 1.")
        # DEBUG keeps every query's SQL in memory and formats it: off for millions of rows.
        try:
            with override_settings(DEBUG=False):
                result = seed_scale(
                    participants=participants,
                    seed=int(options["seed"]),  # type: ignore[call-overload]
                    chunk=chunk,
                    out=self.stdout,
                )
        except ScaleDataPresent:
            raise CommandError(
                "This database already has scale data (people @"
                f"{SCALE_DOMAIN}). seed_scale does not add a second set, and the access log "
                "is append-only, so the set cannot be removed in place: start from an empty "
                "database (a new DATABASE_URL or SQLite file, then migrate)."
            ) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"Scale data ready: {result.participants:,} participants, "
                f"{result.log_rows:,} access-log rows in {result.seconds:.0f} s. "
                f"Staff log in as e.g. coordinator1@{SCALE_DOMAIN}, consulent1@{SCALE_DOMAIN}, "
                f"casusregisseur1@{SCALE_DOMAIN}, teamleider1@{SCALE_DOMAIN}, "
                f"logbeheer1@{SCALE_DOMAIN} (password: {DEMO_PASSWORD})."
            )
        )

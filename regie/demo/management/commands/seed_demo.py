from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from regie.demo import crisiscard, print_queue, recovery, reports
from regie.demo.coordination import matching, outreach, quality, sessions, workload
from regie.demo.people import DEMO_LOGINS, DEMO_PASSWORD, Seeder


class Command(BaseCommand):
    help = "Create the demo organisations, people and logins. Safe to run more than once."

    def handle(self, *args: object, **options: object) -> None:
        # Production settings do not install this app; this guards a production
        # environment run with other settings by mistake.
        if settings.REGIE_ENVIRONMENT == "production" or settings.SETTINGS_MODULE.endswith(
            ".production"
        ):
            raise CommandError("seed_demo refuses to run with production settings.")
        seeder = Seeder()
        seeder.run()
        recovery.seed(seeder.fake)
        crisiscard.seed(seeder.fake)
        print_queue.seed(seeder.fake)
        # Coordination builds on the crisis-card demo: reviews for every issued
        # card (after the reports' history added its cards), a queue beside its requests.
        reports.seed()
        quality.seed()
        matching.seed()
        workload.seed()
        sessions.seed()
        outreach.seed()
        self.stdout.write(
            self.style.SUCCESS(f"Demo data ready. Logins (password: {DEMO_PASSWORD}):")
        )
        for login in DEMO_LOGINS:
            self.stdout.write(f"  {login.email:42} {login.description}")

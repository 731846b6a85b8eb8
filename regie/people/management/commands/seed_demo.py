from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from regie.coordination.matching import demo as demo_matching
from regie.coordination.outreach import demo as demo_outreach
from regie.coordination.quality import demo as demo_quality
from regie.coordination.sessions import demo as demo_sessions
from regie.coordination.workload import demo as demo_workload
from regie.crisiscard import demo as crisiscard_demo
from regie.crisiscard import demo_print
from regie.people.demo import DEMO_LOGINS, DEMO_PASSWORD, Seeder
from regie.recovery import demo as recovery_demo
from regie.reports import demo as reports_demo


class Command(BaseCommand):
    help = "Create the demo organisations, people and logins. Safe to run more than once."

    def handle(self, *args: object, **options: object) -> None:
        if settings.REGIE_ENVIRONMENT == "production" or settings.SETTINGS_MODULE.endswith(
            ".production"
        ):
            raise CommandError("seed_demo refuses to run with production settings.")
        seeder = Seeder()
        seeder.run()
        recovery_demo.seed(seeder.fake)
        crisiscard_demo.seed(seeder.fake)
        demo_print.seed(seeder.fake)
        # Coordination builds on the crisis-card demo: reviews for every issued
        # card (after the reports' history added its cards), a queue beside its requests.
        reports_demo.seed()
        demo_quality.seed()
        demo_matching.seed()
        demo_workload.seed()
        demo_sessions.seed()
        demo_outreach.seed()
        self.stdout.write(
            self.style.SUCCESS(f"Demo data ready. Logins (password: {DEMO_PASSWORD}):")
        )
        for login in DEMO_LOGINS:
            self.stdout.write(f"  {login.email:42} {login.description}")

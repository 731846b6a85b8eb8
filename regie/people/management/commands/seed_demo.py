from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from regie.people.demo import DEMO_LOGINS, DEMO_PASSWORD, Seeder


class Command(BaseCommand):
    help = "Create the demo organisations, people and logins. Safe to run more than once."

    def handle(self, *args: object, **options: object) -> None:
        if settings.REGIE_ENVIRONMENT == "production" or settings.SETTINGS_MODULE.endswith(
            ".production"
        ):
            raise CommandError("seed_demo refuses to run with production settings.")
        Seeder().run()
        self.stdout.write(
            self.style.SUCCESS(f"Demo data ready. Logins (password: {DEMO_PASSWORD}):")
        )
        for login in DEMO_LOGINS:
            self.stdout.write(f"  {login.email:42} {login.description}")

from django.core.management.base import BaseCommand, CommandError

from regie.audit.verify import verify_chain


class Command(BaseCommand):
    help = "Verify the hash chain of the access log; exit non-zero at the first broken link."

    def handle(self, *args: object, **options: object) -> None:
        report = verify_chain()
        if not report.intact:
            raise CommandError(
                f"Access log chain broken at event #{report.broken_seq}: {report.reason} "
                f"({report.checked} events before it are intact)."
            )
        self.stdout.write(
            self.style.SUCCESS(f"Access log intact: {report.checked} events verified.")
        )

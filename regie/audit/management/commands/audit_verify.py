from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from regie.audit.checkpoints import (
    Checkpoint,
    CheckpointError,
    checkpoint_file,
    read_checkpoints,
    verify_checkpoints,
)
from regie.audit.verify import verify_chain


class Command(BaseCommand):
    help = (
        "Verify the access log's keyed chain and the signed checkpoints the daily job "
        "wrote outside the database; exit non-zero at the first fault."
    )

    def handle(self, *args: object, **options: object) -> None:
        report = verify_chain()
        if not report.intact:
            raise CommandError(
                f"Access log chain broken at event #{report.broken_seq}: {report.reason} "
                f"({report.checked} events before it are intact)."
            )
        checkpoints: list[Checkpoint] = []
        path = None
        if settings.REGIE_AUDIT_CHECKPOINT_DIR:
            path = checkpoint_file()
            try:
                checkpoints = read_checkpoints(path)
                verify_checkpoints(checkpoints)
            except CheckpointError as exc:
                raise CommandError(
                    f"Access log does not match its checkpoints in {path}: {exc}."
                ) from exc
        segments = ", ".join(
            f"key {s.key_id} #{s.first_seq}-#{s.last_seq}" for s in report.segments
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"Access log intact: {report.checked} events verified"
                + (f" ({segments})" if segments else "")
                + f"; {len(checkpoints)} checkpoints match."
            )
        )
        if not checkpoints:
            self.stderr.write(
                f"No checkpoints in {path or 'REGIE_AUDIT_CHECKPOINT_DIR (not set)'} yet: "
                "rows cut off the end cannot be noticed "
                "until the daily job (run_daily) has written one."
            )

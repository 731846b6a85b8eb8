"""Sample URL arguments for the print queue (permission matrix)."""

from __future__ import annotations

from regie.crisiscard.models import BatchStatus, PrintBatch


def sample_args(world) -> dict[str, list]:
    slug = world.region.slug
    batch = PrintBatch.objects.create(
        region=world.region, status=BatchStatus.DONE, pdf=b"%PDF-1.4\n", done=0, total=0
    )
    return {
        "crisiscard:print_queue": [slug],
        "crisiscard:print_batch": [slug],
        "crisiscard:print_batch_detail": [slug, batch.uuid],
        "crisiscard:print_batch_status": [slug, batch.uuid],
        "crisiscard:print_batch_download": [slug, batch.uuid],
        "crisiscard:print_mark": [slug],
    }

"""Sample URL arguments for the erasure pages (permission matrix): an open
request of the participant persona (region Noord), and an executed one with
its certificate for the world's relative, recorded in Noord."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from regie.privacy.models import ErasureCertificate, ErasureRequest, ErasureStatus, ErasureVia


def sample_args(world: Any) -> dict[str, list[object]]:
    now = timezone.now()
    open_request = ErasureRequest.objects.create(
        person=world.people["participant"],
        region=world.region,
        via=ErasureVia.PORTAL,
        requested_at=now,
        due_on=timezone.localdate(),
    )
    done = ErasureRequest.objects.create(
        person=world.relative,
        region=world.region,
        via=ErasureVia.STAFF,
        requested_at=now,
        due_on=timezone.localdate(),
        status=ErasureStatus.EXECUTED,
    )
    ErasureCertificate.objects.create(
        request=done,
        subject_uuid=world.relative.uuid,
        executed_at=now,
        executed_by=world.people["log_manager"],
        executed_as="log_manager",
        erased={"person": 1},
    )
    return {
        "privacy:erasure_execute": [open_request.uuid],
        "privacy:erasure_certificate": [done.uuid],
    }

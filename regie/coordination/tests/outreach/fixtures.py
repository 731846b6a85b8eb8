"""Small builders for outreach tests: stakeholders and agreements."""

from __future__ import annotations

import datetime

from regie.coordination.outreach.models import RegionalAgreement, Stakeholder, StakeholderKind


def stakeholder(region, name="Crisisdienst Noord", kind=StakeholderKind.CRISIS_SERVICE, **extra):
    return Stakeholder.objects.create(region=region, name=name, kind=kind, **extra)


def agreement(owner, creator, *, valid_until, valid_from=None, remind_days_before=60, **extra):
    return RegionalAgreement.objects.create(
        stakeholder=owner,
        title=extra.pop("title", "Kaart wordt gelezen bij crisis"),
        agreed=extra.pop("agreed", "De crisisdienst vraagt naar de kaart."),
        valid_from=valid_from or datetime.date(2020, 1, 1),
        valid_until=valid_until,
        remind_days_before=remind_days_before,
        created_by=creator,
        **extra,
    )

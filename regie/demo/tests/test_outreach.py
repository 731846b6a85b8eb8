"""The outreach demo: runs after the other demos, twice without changes."""

from __future__ import annotations

import datetime

from django.utils import timezone

from regie.coordination.consultations.models import RegionalMeeting, RegionalMeetingAction
from regie.coordination.outreach.models import (
    AgreementStatus,
    RegionalAgreement,
    Stakeholder,
    StakeholderContact,
)
from regie.coordination.outreach.selectors import agreement_status
from regie.coordination.social_map.models import SocialService
from regie.demo import crisiscard as crisiscard_demo
from regie.demo import recovery as recovery_demo
from regie.demo.coordination import outreach as demo_outreach
from regie.demo.people import Seeder

MODELS = (
    Stakeholder,
    StakeholderContact,
    RegionalAgreement,
    SocialService,
    RegionalMeeting,
    RegionalMeetingAction,
)


def counts():
    return tuple(model.objects.count() for model in MODELS)


def test_demo_seeds_twice_without_changes_and_shows_every_status(db):
    seeder = Seeder()
    seeder.run()
    recovery_demo.seed(seeder.fake)
    crisiscard_demo.seed(seeder.fake)
    demo_outreach.seed()
    before = counts()
    demo_outreach.seed()
    assert counts() == before
    assert SocialService.objects.filter(region__slug="utrecht").count() >= 15
    today = timezone.localdate()
    statuses = [agreement_status(a, today) for a in RegionalAgreement.objects.all()]
    assert AgreementStatus.ENDING in statuses and AgreementStatus.EXPIRED in statuses
    ending = [a for a in RegionalAgreement.objects.all() if agreement_status(a, today) == "ending"]
    assert all(a.valid_until <= today + datetime.timedelta(days=60) for a in ending)
    assert RegionalMeeting.objects.get().held_on < today
    assert StakeholderContact.objects.exists()

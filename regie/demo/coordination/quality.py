"""Demo data for quality, run by `manage.py seed_demo` after the crisis-card demo.

Every issued demo card gets the passed four-eyes review it needed; one card
(deelnemer06's, Utrecht) was first sent back with comments, then passed. Region
Utrecht has a visitation with findings and follow-up actions, one done.

Idempotent: cards that already have a review are left alone, and a region
with a visitation gets no second one.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from regie.coordination.quality.models import (
    QualityReview,
    ReviewStatus,
    Visitation,
    VisitationAction,
)
from regie.crisiscard.models import Card, CardStatus
from regie.crisiscard.services.cards import review_basis
from regie.demo.people import DEMO_DOMAIN
from regie.people.models import Person, Region, Role, RoleAssignment

SENT_BACK = f"deelnemer06@{DEMO_DOMAIN}"
CHECKED = {
    "complete": True,
    "own_words": True,
    "signatures": True,
    "fits": True,
    "independent": True,
}


def _moment(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


def _coordinators() -> dict[int, Person]:
    """One coordinator per region (the first by e-mail address)."""
    result: dict[int, Person] = {}
    assignments = (
        RoleAssignment.objects.active()
        .filter(role=Role.COORDINATOR, region__isnull=False)
        .select_related("person")
        .order_by("person__email")
    )
    for assignment in assignments:
        assert assignment.region_id is not None
        result.setdefault(assignment.region_id, assignment.person)
    return result


def _reviews(today: datetime.date) -> None:
    coordinators = _coordinators()
    hbo = Person.objects.filter(email=f"consulent.hbo@{DEMO_DOMAIN}").first()
    cards = (
        Card.objects.exclude(status=CardStatus.DRAFT)
        .filter(quality_reviews__isnull=True, issued_on__isnull=False)
        .select_related("request__participant", "request__consultant")
    )
    for card in cards:
        request = card.request
        reviewer = coordinators.get(request.region_id)
        if reviewer is None or request.consultant is None or reviewer == request.consultant:
            continue
        issued = card.issued_on or today
        if request.participant.email == SENT_BACK and hbo is not None:
            QualityReview.objects.create(
                card=card,
                requested_at=_moment(issued - datetime.timedelta(days=12)),
                requested_by=request.consultant,
                reviewer=hbo,
                status=ReviewStatus.FAILED,
                checklist=CHECKED | {"own_words": False},
                comments=(
                    "Bij 'Doe dit' staan woorden van de hulpverlener, niet van de deelnemer. "
                    "Vraag hoe zij het zelf zou zeggen."
                ),
                completed_at=_moment(issued - datetime.timedelta(days=10)),
            )
        QualityReview.objects.create(
            card=card,
            requested_at=_moment(issued - datetime.timedelta(days=4)),
            requested_by=request.consultant,
            reviewer=reviewer,
            status=ReviewStatus.PASSED,
            checklist=CHECKED | review_basis(card),
            completed_at=_moment(issued - datetime.timedelta(days=2)),
        )


def _visitation(today: datetime.date) -> None:
    region = Region.objects.filter(slug="utrecht").first()
    coordinator = Person.objects.filter(email=f"coordinator@{DEMO_DOMAIN}").first()
    if region is None or coordinator is None or Visitation.objects.filter(region=region).exists():
        return
    visitation = Visitation.objects.create(
        region=region,
        visited_on=today - datetime.timedelta(days=30),
        visitors="Kiwa Zorg: twee auditoren en een ervaringsdeskundige",
        period_start=today - datetime.timedelta(days=395),
        period_end=today - datetime.timedelta(days=31),
        findings=(
            "Plannen zijn in de eigen woorden van deelnemers geschreven. "
            "Het vier-ogenprincipe werkt. Jaarlijkse evaluaties zijn vaak te laat gepland."
        ),
        created_by=coordinator,
    )
    mbo = Person.objects.filter(email=f"consulent.mbo@{DEMO_DOMAIN}").first()
    VisitationAction.objects.create(
        visitation=visitation,
        description="Evaluaties een maand vooruit inplannen",
        owner=coordinator,
        due_on=today + datetime.timedelta(days=30),
    )
    VisitationAction.objects.create(
        visitation=visitation,
        description="Intervisie over 'eigen woorden' met alle consulenten",
        owner=mbo,
        due_on=today - datetime.timedelta(days=5),
        done_on=today - datetime.timedelta(days=7),
    )


@transaction.atomic
def seed() -> None:
    today = timezone.localdate()
    _reviews(today)
    _visitation(today)

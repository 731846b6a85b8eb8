"""The quality demo: a failed and a passed review, a visitation with actions, twice safe."""

from __future__ import annotations

from regie.coordination.quality.models import (
    QualityReview,
    ReviewStatus,
    Visitation,
    VisitationAction,
)
from regie.crisiscard.models import Card, CardStatus
from regie.crisiscard.services.cards import latest_review, review_covers
from regie.demo import crisiscard as crisiscard_demo
from regie.demo import recovery as recovery_demo
from regie.demo.coordination import quality as demo_quality
from regie.demo.people import Seeder


def test_the_demo_has_reviews_and_a_visitation_and_runs_twice(db):
    seeder = Seeder()
    seeder.run()
    recovery_demo.seed(seeder.fake)
    crisiscard_demo.seed(seeder.fake)
    demo_quality.seed()
    counts = (QualityReview.objects.count(), Visitation.objects.count())
    demo_quality.seed()
    assert (QualityReview.objects.count(), Visitation.objects.count()) == counts
    statuses = set(QualityReview.objects.values_list("status", flat=True))
    assert statuses == {ReviewStatus.PASSED, ReviewStatus.FAILED}
    for card in Card.objects.exclude(status=CardStatus.DRAFT):
        review = latest_review(card)
        assert review_covers(review, card), card
        assert review.reviewer_id != card.request.consultant_id
    assert VisitationAction.objects.filter(done_on__isnull=False).count() == 1
    assert VisitationAction.objects.filter(done_on__isnull=True).count() == 1

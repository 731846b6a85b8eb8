"""The matching demo: a queue worth matching in Utrecht, safe to run twice."""

from __future__ import annotations

from regie.coordination.matching.models import MatchingWish, WorkProfile
from regie.coordination.matching.selectors import matching_queue
from regie.coordination.matching.services import matching_run
from regie.core.policy import actor_for_user
from regie.demo import crisiscard as crisiscard_demo
from regie.demo import recovery as recovery_demo
from regie.demo.coordination import matching as demo_matching
from regie.demo.people import Seeder
from regie.people.models import Person, Region


def test_the_demo_has_a_queue_worth_matching_and_runs_twice(db):
    seeder = Seeder()
    seeder.run()
    recovery_demo.seed(seeder.fake)
    crisiscard_demo.seed(seeder.fake)
    demo_matching.seed()
    counts = (WorkProfile.objects.count(), MatchingWish.objects.count())
    demo_matching.seed()
    assert (WorkProfile.objects.count(), MatchingWish.objects.count()) == counts

    utrecht = Region.objects.get(slug="utrecht")
    queue = matching_queue(utrecht)
    assert len(queue) >= 6
    assert any(item.previous_from_history for item in queue)
    coordinator = Person.objects.get(email="coordinator@regie.example")
    run = matching_run(actor=actor_for_user(coordinator.user), region=utrecht)
    turkish = run.suggestions.get(request__participant__email="matching1@regie.example")
    assert turkish.consultant.email == "consulent4.utrecht@regie.example"

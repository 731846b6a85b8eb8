"""The workload demo: an overloaded consultant in Utrecht, safe to run twice."""

from __future__ import annotations

from regie.coordination.workload.models import OverloadThreshold, TimeEntry
from regie.coordination.workload.selectors import load_rows, overloaded_person_ids, threshold_for
from regie.demo import crisiscard as crisiscard_demo
from regie.demo import recovery as recovery_demo
from regie.demo.coordination import workload as demo_workload
from regie.demo.people import Seeder
from regie.people.models import CoachingSession, Person, Region


def test_the_demo_shows_an_overloaded_consultant_and_runs_twice(db):
    seeder = Seeder()
    seeder.run()
    recovery_demo.seed(seeder.fake)
    crisiscard_demo.seed(seeder.fake)
    demo_workload.seed()
    counts = (TimeEntry.objects.count(), CoachingSession.objects.count())
    demo_workload.seed()
    assert (TimeEntry.objects.count(), CoachingSession.objects.count()) == counts
    assert OverloadThreshold.objects.count() == 1

    utrecht = Region.objects.get(slug="utrecht")
    busy = Person.objects.get(email="consulent3.utrecht@regie.example")
    mbo = Person.objects.get(email="consulent.mbo@regie.example")
    hbo = Person.objects.get(email="consulent.hbo@regie.example")
    assert overloaded_person_ids(utrecht.pk) == {busy.pk}
    signals = {
        row.person: row.signal for row in load_rows([busy, mbo, hbo], threshold_for(utrecht.pk))
    }
    assert signals == {busy: "overloaded", hbo: "attention", mbo: "ok"}
    assert CoachingSession.objects.filter(person=mbo).count() == 2

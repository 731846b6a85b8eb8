"""Conflicts of interest read for a whole queue at once: the same facts, in two queries."""

from __future__ import annotations

import pytest

from regie.crisiscard.models import CardRequest, Channel, CrisisPlan, HeardVia, Party, PartyKind
from regie.crisiscard.services.eligibility import (
    _conflicts,
    conflicts_for_requests,
    independence_problem,
)
from regie.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def application(world) -> CardRequest:
    return CardRequest.objects.create(
        participant=PersonFactory(),
        region=world.region,
        heard_via=HeardVia.GP,
        channel=Channel.ONLINE,
    )


def test_bulk_conflicts_equal_the_one_request_reading(world):
    request = world.card_request
    Party.objects.create(request=request, kind=PartyKind.RELATIVE, name="Zus", email="Zus@x.nl")
    assert conflicts_for_requests([request])[request.pk] == _conflicts(request)


def test_each_request_in_a_queue_gets_only_its_own_parties_and_contacts(world):
    sister, gp, friend = PersonFactory.create_batch(3)
    first, second, bare = application(world), application(world), application(world)
    Party.objects.create(request=first, kind=PartyKind.RELATIVE, name="Zus", person=sister)
    Party.objects.create(request=first, kind=PartyKind.GP, name="Huisarts", email="GP@x.nl")
    Party.objects.create(request=second, kind=PartyKind.OTHER, name="Vriend", person=friend)
    Party.objects.create(request=second, kind=PartyKind.CARE_PROVIDER, name="Ggz", person=gp)
    CrisisPlan.objects.create(
        request=second, draft={"contacts": [{"name": "Buur", "phone": "+31 6 1234 5678"}, "x"]}
    )
    queue = [first, second, bare, world.card_request]

    found = conflicts_for_requests(queue)

    assert found == {r.pk: _conflicts(r) for r in queue}
    assert found[first.pk].relative_person_ids == {sister.pk}
    assert found[first.pk].treating_emails == {"gp@x.nl"}
    assert found[first.pk].contact_phones == frozenset()
    assert found[second.pk].party_person_ids == {friend.pk, gp.pk}
    assert found[second.pk].treating_person_ids == {gp.pk}
    assert found[second.pk].contact_phones == {"612345678"}
    assert found[bare.pk].party_person_ids == frozenset()
    assert found[bare.pk].participant_id == bare.participant_id


def test_a_queue_is_read_in_two_queries_however_long(world, django_assert_num_queries):
    queue = [application(world) for _ in range(6)]
    for request in queue:
        Party.objects.create(request=request, kind=PartyKind.RELATIVE, name="Zus")
        CrisisPlan.objects.create(request=request, draft={"contacts": []})
    with django_assert_num_queries(2):
        conflicts_for_requests(queue)


def test_independence_problem_names_the_closest_tie(world):
    request = application(world)
    close = PersonFactory(email="zus@x.nl")
    Party.objects.create(request=request, kind=PartyKind.RELATIVE, name="Zus", email="ZUS@x.nl")
    facts = conflicts_for_requests([request])[request.pk]
    assert "relative or contact person" in independence_problem(close, facts)
    assert "is the participant" in independence_problem(request.participant, facts)
    assert independence_problem(world.people["consultant"], facts) == ""

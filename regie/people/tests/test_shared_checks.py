"""The one HBO check and the one coordinator-of-region check, and the shared person picker."""

from __future__ import annotations

import datetime

from regie.core.forms import DATE_WIDGET, person_choices
from regie.core.policy import actor_for_user
from regie.people.access import coordinated_region_ids, is_hbo_consultant, is_region_coordinator
from regie.people.models import ConsultantLevel


def test_an_mbo_consultant_is_not_hbo_and_an_hbo_one_is(world):
    consultant = world.people["consultant"]
    assert not is_hbo_consultant(consultant)
    consultant.consultant_qualification.level = ConsultantLevel.HBO
    consultant.consultant_qualification.save()
    consultant.refresh_from_db()
    assert is_hbo_consultant(consultant)


def test_nobody_and_people_without_a_qualification_are_not_hbo(world):
    assert not is_hbo_consultant(None)
    assert not is_hbo_consultant(world.people["coordinator"])


def test_a_coordinator_coordinates_their_own_region_only(world):
    actor = actor_for_user(world.people["coordinator"].user)
    assert is_region_coordinator(actor, world.region)
    assert not is_region_coordinator(actor, world.other_region)
    assert coordinated_region_ids(actor) == {world.region.pk}


def test_a_consultant_coordinates_no_region(world):
    actor = actor_for_user(world.people["consultant"].user)
    assert not is_region_coordinator(actor, world.region)
    assert coordinated_region_ids(actor) == set()


def test_the_person_picker_offers_full_names_by_uuid_or_id(world):
    consultant = world.people["consultant"]
    assert person_choices([consultant]) == [(str(consultant.uuid), consultant.full_name)]
    assert person_choices([consultant], key="pk") == [(str(consultant.pk), consultant.full_name)]


def test_the_date_widget_writes_iso_dates_for_the_browser_picker():
    html = DATE_WIDGET.render("day", datetime.date(2026, 3, 4))
    assert 'type="date"' in html and 'value="2026-03-04"' in html

"""Who is acting: the person behind a login and their roles of today, read once."""

from __future__ import annotations

import datetime

import pytest
from allauth.mfa.models import Authenticator
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from regie.core.policy import ANONYMOUS, actor_for_user
from regie.people.tests.factories import (
    PersonFactory,
    RegionFactory,
    RoleAssignmentFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def test_a_person_with_roles_today_comes_with_them_in_one_query(django_assert_num_queries):
    person = PersonFactory(with_login=True)
    noord, zuid = RegionFactory(), RegionFactory()
    today = timezone.localdate()
    current = [
        RoleAssignmentFactory(person=person, role="coordinator", region=noord),
        RoleAssignmentFactory(person=person, role="consultant", region=zuid),
    ]
    RoleAssignmentFactory(  # ended yesterday
        person=person, role="log_manager", valid_to=today - datetime.timedelta(days=1)
    )
    RoleAssignmentFactory(  # starts tomorrow
        person=person, role="team_lead", valid_from=today + datetime.timedelta(days=1)
    )
    RoleAssignmentFactory(role="administrator")  # someone else's

    with django_assert_num_queries(1):
        actor = actor_for_user(person.user)
        assert actor.person == person
        assert actor.person.full_name == person.full_name
        assert {a.pk for a in actor.assignments} == {a.pk for a in current}
        assert actor.roles == {"coordinator", "consultant"}
        assert actor.regions_for("coordinator") == [noord]
        assert all(a.person is actor.person for a in actor.assignments)
    assert actor.user_id == person.user.pk
    assert actor.is_staff
    assert actor.has_second_factor is False
    # A recovery code alone is no second factor; an authenticator app is.
    Authenticator.objects.create(user=person.user, type=Authenticator.Type.RECOVERY_CODES, data={})
    assert actor_for_user(person.user).has_second_factor is False
    Authenticator.objects.create(
        user=person.user, type=Authenticator.Type.TOTP, data={"secret": "x"}
    )
    with django_assert_num_queries(1):
        assert actor_for_user(person.user).has_second_factor is True


def test_a_person_without_a_role_today_is_still_the_person_acting(django_assert_num_queries):
    person = PersonFactory(with_login=True)
    RoleAssignmentFactory(
        person=person,
        role="coordinator",
        region=RegionFactory(),
        valid_to=timezone.localdate() - datetime.timedelta(days=1),
    )
    with django_assert_num_queries(2):
        actor = actor_for_user(person.user)
    assert actor.person == person
    assert actor.assignments == ()
    assert not actor.is_staff
    assert actor.has_second_factor is None  # not read: the MFA check asks on its own


def test_a_login_without_a_person_acts_as_nobody_in_particular():
    actor = actor_for_user(UserFactory())
    assert actor.is_authenticated
    assert actor.person is None
    assert actor.assignments == ()
    assert actor_for_user(AnonymousUser()) is ANONYMOUS

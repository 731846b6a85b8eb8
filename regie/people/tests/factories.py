from __future__ import annotations

import datetime
from decimal import Decimal

import factory
from django.utils import timezone
from faker import Faker

from regie.people.models import (
    ConsultantLevel,
    ConsultantQualification,
    Organisation,
    OrganisationKind,
    Person,
    Region,
    RoleAssignment,
    User,
)

PASSWORD = "a-long-enough-test-passphrase"

_faker = Faker("nl_NL")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@regie.example")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Regio {n}")
    slug = factory.Sequence(lambda n: f"regio-{n}")


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisatie {n}")
    kind = OrganisationKind.LICENCE_HOLDER


def _last_name() -> str:
    """A realistic Dutch last name of up to 25 letters. Faker rarely draws a noble
    one ("Coreth von und zu Coredo und Starkenberg") that does not fit the card's
    name line; the tests that issue a card would then fail about once in 5,000
    runs. Names that long have their own fit tests."""
    while len(name := _faker.last_name().replace("'", "")) > 25:
        pass
    return name


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    # Realistic Dutch names, without apostrophes ('s Gravensande) so that tests
    # comparing names with HTML output do not depend on escaping.
    first_name = factory.LazyFunction(lambda: _faker.first_name().replace("'", ""))
    last_name = factory.LazyFunction(_last_name)
    email = factory.Sequence(lambda n: f"person{n}@regie.example")
    user = None

    class Params:
        with_login = factory.Trait(
            user=factory.SubFactory(UserFactory, email=factory.SelfAttribute("..email"))
        )


class RoleAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoleAssignment

    person = factory.SubFactory(PersonFactory)
    role = "participant"
    valid_from = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=30))


class ConsultantQualificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ConsultantQualification

    person = factory.SubFactory(PersonFactory)
    level = ConsultantLevel.HBO
    trained_on = datetime.date(2025, 3, 1)
    contract_hours_per_week = Decimal("16.0")

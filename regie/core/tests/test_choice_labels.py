"""ChoiceLabels gives what Django's get_FOO_display gives, in each language."""

from __future__ import annotations

import pytest
from django.db import models
from django.utils import translation

from regie.audit.models import AccessEvent
from regie.coordination.matching.models import MatchingSuggestion, MatchingWish, WorkProfile
from regie.core.models import ChoiceLabels
from regie.crisiscard.models import CardRequest
from regie.recovery.models import CaseMember, RecoveryCase

MODELS = [
    AccessEvent,
    CardRequest,
    RecoveryCase,
    CaseMember,
    WorkProfile,
    MatchingWish,
    MatchingSuggestion,
]


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
@pytest.mark.parametrize("language", ["en", "nl"])
def test_same_labels_as_django(model: type[models.Model], language: str) -> None:
    assert issubclass(model, ChoiceLabels)
    fields = [f for f in model._meta.concrete_fields if f.choices]
    assert fields
    translated = 0
    with translation.override(language):
        for field in fields:
            for value in [*(v for v, _ in field.flatchoices), "not-a-choice", None]:
                row = model()
                setattr(row, field.attname, value)
                ours = getattr(row, f"get_{field.name}_display")()
                djangos = models.Model._get_FIELD_display(row, field)
                assert ours == djangos
                assert type(ours) is type(djangos)
                translated += isinstance(ours, str) and ours != value
    assert translated


def test_the_language_of_the_request_not_the_first_one() -> None:
    row = CardRequest(state=CardRequest._meta.get_field("state").choices[0][0])
    with translation.override("en"):
        english = row.get_state_display()
    with translation.override("nl"):
        dutch = row.get_state_display()
    assert english != dutch

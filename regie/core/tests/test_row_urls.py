"""`{% uuid_url %}` gives what `{% url %}` gives, per language and script prefix."""

from __future__ import annotations

import uuid

import pytest
from django.template import engines
from django.test import override_settings
from django.urls import clear_script_prefix, reverse, set_script_prefix
from django.utils import translation

from regie.core.templatetags.row_urls import _cache, uuid_url

NAMES = ["crisiscard:request_detail", "recovery:case_detail"]


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize("prefix", ["/", "/regie/"])
def test_same_as_reverse(name: str, language: str, prefix: str) -> None:
    set_script_prefix(prefix)
    try:
        with translation.override(language):
            for value in [uuid.uuid4(), uuid.uuid4(), str(uuid.uuid4())]:
                assert uuid_url(name, value) == reverse(name, args=[value])
    finally:
        clear_script_prefix()


def test_the_tag_renders_as_the_url_tag() -> None:
    engine = engines["django"]
    ours = engine.from_string(
        '{% load row_urls %}{% for r in rows %}<a href="{% uuid_url "recovery:case_detail" r %}">{% endfor %}'
    )
    djangos = engine.from_string(
        "{% for r in rows %}<a href=\"{% url 'recovery:case_detail' r %}\">{% endfor %}"
    )
    rows = [uuid.uuid4() for _ in range(3)]
    assert ours.render({"rows": rows}) == djangos.render({"rows": rows})
    assert str(rows[2]) in ours.render({"rows": rows})


def test_a_settings_change_forgets_the_patterns() -> None:
    uuid_url("recovery:case_detail", uuid.uuid4())
    assert _cache
    with override_settings(ROOT_URLCONF="regie.urls"):
        assert not _cache


def test_a_malformed_uuid_is_refused() -> None:
    with pytest.raises(ValueError):
        uuid_url("recovery:case_detail", "not-a-uuid")

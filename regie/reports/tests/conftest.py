"""Fixtures of the report tests."""

from __future__ import annotations

import pytest

from regie.demo.reports import add_history

from .fixtures import TEST_DOMAIN, crafted_histories


@pytest.fixture
def crafted(world):
    return add_history(
        world.region, crafted_histories(), domain=TEST_DOMAIN, consultant=world.people["consultant"]
    )

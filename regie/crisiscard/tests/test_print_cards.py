"""manage.py print_cards: a licence holder's batch print."""

from __future__ import annotations

import datetime
import io
import os

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from regie.audit.models import AccessEvent, Action
from regie.crisiscard.models import Card

from .cards_fixtures import issued_card, second_request


def run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("print_cards", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_a_bad_date_stops_with_a_clear_message(tmp_path):
    with pytest.raises(CommandError, match=r"is not a date\. Write it as YYYY-MM-DD"):
        run("--since", "31-01-2026", "--out", str(tmp_path))
    with pytest.raises(CommandError, match="not a date"):
        run("--since", "2026-02-30", "--out", str(tmp_path))


def test_a_missing_directory_stops_with_a_clear_message(tmp_path):
    with pytest.raises(CommandError, match="does not exist"):
        run("--since", "2026-01-01", "--out", str(tmp_path / "nope"))


def test_a_directory_that_is_not_writable_stops(tmp_path, monkeypatch):
    # Root may write anywhere, so the permission answer is stubbed.
    monkeypatch.setattr(os, "access", lambda path, mode: False)
    with pytest.raises(CommandError, match="not writable"):
        run("--since", "2026-01-01", "--out", str(tmp_path))


def test_the_command_exits_non_zero_from_the_shell(tmp_path):
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "manage.py", "print_cards", "--since", "gisteren", "--out", str(tmp_path)],
        capture_output=True,
        text=True,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "regie.settings.test"},
        check=False,
    )
    assert result.returncode != 0
    assert "is not a date" in result.stderr


def test_writes_one_pdf_per_card_issued_since_the_date_with_progress(world, tmp_path):
    today = timezone.localdate()
    old = issued_card(world, issued_on=today - datetime.timedelta(days=400))
    recent = [issued_card(world, request=second_request(world)) for _ in range(2)]
    out, err = run(
        "--since", (today - datetime.timedelta(days=30)).isoformat(), "--out", str(tmp_path)
    )
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == sorted(f"{card.number}.pdf" for card in recent)
    assert f"{old.number}.pdf" not in names
    for path in tmp_path.iterdir():
        assert path.read_bytes().startswith(b"%PDF")
    assert "1/2" in err and "2/2" in err and "#" in err
    assert "2 card(s)" in out
    prints = AccessEvent.objects.filter(action=Action.PRINT, purpose="print_cards")
    assert sorted(prints.values_list("object_id", flat=True)) == sorted(
        str(card.uuid) for card in recent
    )
    assert all(event.actor_user_id is None for event in prints)
    assert Card.objects.count() == 3

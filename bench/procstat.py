"""The processes /proc shows on this machine (Linux), read from their stat files."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path


def processes() -> Iterator[tuple[int, str, list[str]]]:
    """(pid, command name, the stat fields after the name) of every process;
    fields[1] is the parent's pid, fields[11:15] the user, system and reaped
    children's CPU ticks. A process that ends while being read is left out."""
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue
        name, _, rest = text.partition(" (")[2].rpartition(")")
        yield int(stat.parent.name), name, rest.split()

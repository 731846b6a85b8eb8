"""What every part of `seed_scale` shares: the seeded random source, dates,
deterministic identifiers and names, and a one-line progress report."""

from __future__ import annotations

import datetime
import random
import time
import uuid
from typing import Protocol

from django.utils import timezone

FIRST_NAMES = [
    "Anouk",
    "Bram",
    "Chantal",
    "Daan",
    "Eline",
    "Fatima",
    "Gerrit",
    "Hanna",
    "Ilse",
    "Jeroen",
    "Karin",
    "Lotte",
    "Mohammed",
    "Nadia",
    "Olaf",
    "Petra",
    "Quinten",
    "Rachid",
    "Sanne",
    "Tim",
    "Ufuk",
    "Vera",
    "Willem",
    "Yara",
    "Zeynep",
    "Ahmed",
    "Bas",
    "Carla",
    "Dirk",
    "Esther",
    "Femke",
    "Henk",
    "Ingrid",
    "Joost",
    "Kees",
    "Linda",
    "Marieke",
    "Noor",
    "Pieter",
    "Ria",
    "Sem",
    "Tessa",
    "Youssef",
    "Marco",
    "Anja",
    "Ruud",
    "Wendy",
    "Hamza",
    "Iris",
    "Koen",
]
LAST_NAMES = [
    "de Jong",
    "Jansen",
    "de Vries",
    "van den Berg",
    "van Dijk",
    "Bakker",
    "Janssen",
    "Visser",
    "Smit",
    "Meijer",
    "de Boer",
    "Mulder",
    "de Groot",
    "Bos",
    "Vos",
    "Peters",
    "Hendriks",
    "van Leeuwen",
    "Dekker",
    "Brouwer",
    "de Wit",
    "Dijkstra",
    "Smits",
    "de Graaf",
    "van der Meer",
    "van der Linden",
    "Kok",
    "Jacobs",
    "de Haan",
    "Vermeulen",
    "van den Heuvel",
    "van der Veen",
    "van den Broek",
    "de Bruijn",
    "de Bruin",
    "van der Heijden",
    "Schouten",
    "van Beek",
    "Willems",
    "van Wijk",
    "Yilmaz",
    "El Amrani",
    "Kaya",
    "Bouzid",
    "Öztürk",
    "Postma",
    "Koster",
    "Prins",
]


class Random(random.Random):
    """random.Random with the few draws the builders need."""

    def uuid(self) -> uuid.UUID:
        return uuid.UUID(int=self.getrandbits(128), version=4)

    def token(self) -> str:
        # Deterministic on purpose: scale data is for measuring, never for real holders.
        return self.getrandbits(256).to_bytes(32, "big").hex()

    def name(self) -> tuple[str, str]:
        return self.choice(FIRST_NAMES), self.choice(LAST_NAMES)

    def phone(self) -> str:
        return f"06 {self.randrange(10, 99)} {self.randrange(10, 99)} {self.randrange(10, 99)} {self.randrange(10, 99)}"


def moment(day: datetime.date, hour: int = 10, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


class Out(Protocol):
    """Where progress goes: a command's stdout or any text stream."""

    def write(self, msg: str, /) -> object: ...

    def flush(self) -> object: ...


class Progress:
    """One line per step on stdout: done/total, elapsed and an estimate of what is left."""

    def __init__(self, out: Out, total: int) -> None:
        self.out = out
        self.total = total
        self.started = time.monotonic()

    def step(self, done: int, what: str = "participants") -> None:
        elapsed = time.monotonic() - self.started
        left = elapsed / done * (self.total - done) if done else 0.0
        share = 100 * done // max(self.total, 1)
        self.out.write(
            f"seed_scale: {done:>9,}/{self.total:,} {what} {share:3d}%  "
            f"{elapsed:6.1f} s elapsed, about {left:5.0f} s left\n"
        )
        self.out.flush()

    def note(self, text: str) -> None:
        elapsed = time.monotonic() - self.started
        self.out.write(f"seed_scale: {text} ({elapsed:.1f} s)\n")
        self.out.flush()

    def elapsed(self) -> float:
        return time.monotonic() - self.started

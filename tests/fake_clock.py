"""A clock for tests: it tells the time it is set to, and a sleep only moves it on (recorded)."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

START = datetime(2026, 11, 22, 8, 0, tzinfo=UTC)


class FakeClock:
    """Stands in for :data:`kit.store.guesses.SYSTEM_CLOCK`. ``moves_on_sleep=False`` keeps the
    time still while pages wait (the time is then moved by the test alone)."""

    def __init__(self, start: datetime = START, *, moves_on_sleep: bool = True) -> None:
        self.at = start
        self.waits: list[float] = []
        self.moves_on_sleep = moves_on_sleep
        self._lock = threading.Lock()

    def now(self) -> datetime:
        return self.at

    def sleep(self, seconds: float) -> None:
        with self._lock:
            self.waits.append(seconds)
            if self.moves_on_sleep:
                self.at += timedelta(seconds=seconds)

    def advance(self, **delta: float) -> None:
        self.at += timedelta(**delta)

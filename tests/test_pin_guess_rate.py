"""How many wrong PINs can ten pages guessing at once get checked for one trainee in an hour?

The rule (:data:`kit.trainees.PIN_RULE`) says: 5 at once, 5 more when the 15-minute lock ends,
then none until a trainer unlocks, so at most 10 in any hour and 10 in all per unlock. Before it,
each page only waited 1 s after a wrong PIN: 59 a minute per page, 35,400 an hour for ten pages.

The simulation runs ten guessers in threads against one database, all sending a guess at the
same moment every :data:`STEP_S` simulated seconds (a clock the test moves on; their 1 s waits
take no time), and records the moment of every PIN that was checked and found wrong.
"""

from __future__ import annotations

import math
import secrets
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine

from kit import trainees
from kit.core.errors import InputError
from kit.store import db
from tests.fake_clock import FakeClock

PAGES = 10
STEP_S = 60
HOUR = timedelta(hours=1)
NAME, UNIT = "Trần Thị Mục Tiêu", "Sở Tư pháp"


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    eng = db.create(f"sqlite:///{tmp_path / 'rate.sqlite3'}")
    db.upgrade(eng)
    yield eng
    eng.dispose()


def most_in_an_hour(moments: list[datetime]) -> int:
    """The most moments in any window of an hour."""
    moments = sorted(moments)
    return max(
        (sum(1 for m in moments[i:] if m < start + HOUR) for i, start in enumerate(moments)),
        default=0,
    )


def simulate(
    engine: Engine, hours: float, unlock_every: timedelta | None = None
) -> dict[str, object]:
    target = trainees.register(NAME, UNIT, "B", engine)
    clock = FakeClock(moves_on_sleep=False)
    end = clock.now() + timedelta(hours=hours)
    checked: list[datetime] = []
    refused = unlocks = 0
    next_unlock = clock.now() + unlock_every if unlock_every else None

    def guess(_page: int) -> str:
        pin = target.pin
        while pin == target.pin:
            pin = f"{secrets.randbelow(10**trainees.PIN_DIGITS):06d}"
        try:
            trainees.resume(NAME, UNIT, pin, engine, clock=clock)
        except trainees.PinLocked:
            return "refused"
        except InputError:
            return "checked"
        return "opened"

    with ThreadPoolExecutor(PAGES) as pool:
        while clock.now() < end:
            outcomes = list(pool.map(guess, range(PAGES)))
            assert "opened" not in outcomes
            checked += [clock.now()] * outcomes.count("checked")
            refused += outcomes.count("refused")
            clock.advance(seconds=STEP_S)
            if next_unlock is not None and clock.now() >= next_unlock:
                trainees.unlock(target.identity.id, engine)
                unlocks += 1
                next_unlock += unlock_every  # type: ignore[operator]
    first = end - timedelta(hours=hours)
    return {
        "sent": len(checked) + refused,
        "per_hour": [
            sum(1 for m in checked if first + h * HOUR <= m < first + (h + 1) * HOUR)
            for h in range(math.ceil(hours))
        ],
        "checked": len(checked),
        "most_in_an_hour": most_in_an_hour(checked),
        "unlocks": unlocks,
    }


def test_ten_pages_get_at_most_ten_wrong_pins_checked_an_hour_and_ten_in_all(
    engine: Engine,
) -> None:
    got = simulate(engine, hours=2)
    print(f"\n10 pages, 2 h, no unlock: {got}")
    assert got["sent"] == PAGES * 2 * 3600 // STEP_S
    assert got["checked"] == trainees.PIN_LOCK_AFTER  # then locked for good
    assert got["most_in_an_hour"] == trainees.PIN_LOCK_AFTER


def test_each_unlock_by_a_trainer_lets_through_ten_more_at_most(engine: Engine) -> None:
    """A trainer who unlocks the trainee every hour (not what the kit does by itself) gives the
    guessers 10 more each time: the bound is 10 per unlock."""
    got = simulate(engine, hours=2, unlock_every=HOUR)
    print(f"\n10 pages, 2 h, unlocked every hour: {got}")
    assert got["unlocks"] == 2
    assert got["per_hour"] == [trainees.PIN_LOCK_AFTER] * 2

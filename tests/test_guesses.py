"""Are wrong guesses counted in the database so that a limit holds across pages, processes and
restarts: every failure counted once however many guess at once, locks set and lifted as the
rule says, a right guess taking back only its own count?"""

from __future__ import annotations

import multiprocessing
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine

from kit.store import db, guesses
from tests.fake_clock import START

PIN_LIKE = guesses.Rule(pause_after=5, pause=timedelta(minutes=15), lock_after=10)
FORGETFUL = guesses.Rule(pause_after=3, pause=timedelta(minutes=5), forget_after=timedelta(hours=1))
NEVER = guesses.Rule()


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    eng = db.create(f"sqlite:///{tmp_path / 'g.sqlite3'}")
    db.upgrade(eng)
    yield eng
    eng.dispose()


def at(minutes: float) -> datetime:
    return START + timedelta(minutes=minutes)


# (minutes after the start, allowed?, failures after it, paused until (minutes) or None, locked)
Step = tuple[float, bool, int, float | None, bool]

SCENARIOS: dict[str, tuple[guesses.Rule, list[Step]]] = {
    "five in a row pause for 15 minutes and a sixth is refused": (
        PIN_LIKE,
        [
            (0, True, 1, None, False),
            (0, True, 2, None, False),
            (0, True, 3, None, False),
            (0, True, 4, None, False),
            (0, True, 5, 15, False),
            (1, False, 5, 15, False),
            (14.99, False, 5, 15, False),
        ],
    ),
    "the pause ends at 15 minutes, then the tenth locks for good": (
        PIN_LIKE,
        [
            *[(0, True, n, 15 if n == 5 else None, False) for n in range(1, 6)],
            (15, True, 6, None, False),
            (15, True, 7, None, False),
            (16, True, 8, None, False),
            (16, True, 9, None, False),
            (16, True, 10, 31, True),
            (32, False, 10, None, True),
            (60 * 24 * 30, False, 10, None, True),
        ],
    ),
    "failures are forgotten an hour after the last one, not while they keep coming": (
        FORGETFUL,
        [
            (0, True, 1, None, False),
            (59, True, 2, None, False),
            (118, True, 3, 123, False),
            (120, False, 3, 123, False),
            (123, True, 4, None, False),
            (184, True, 1, None, False),
        ],
    ),
    "a rule with no limits counts and never refuses": (
        NEVER,
        [(0, True, n, None, False) for n in range(1, 30)],
    ),
}


@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_a_rule_counts_pauses_and_locks_as_it_says(engine: Engine, name: str) -> None:
    rule, steps = SCENARIOS[name]
    for minutes, allowed, failures, paused, locked in steps:
        got = guesses.charge("subject", rule, at(minutes), engine)
        counter = got.counter
        assert (got.allowed, counter.failures, counter.locked) == (allowed, failures, locked), (
            minutes,
            got,
        )
        expected_pause = at(paused) if paused is not None else None
        assert counter.paused_until(at(minutes)) == (
            expected_pause if expected_pause and expected_pause > at(minutes) else None
        ), (minutes, counter)
        assert counter.blocked(at(minutes)) == (not allowed or counter.locked or bool(paused))


def test_clear_lifts_every_lock_of_its_key_and_no_other(engine: Engine) -> None:
    for key in ("a", "b"):
        for minutes in (0,) * 5 + (20,) * 5:
            guesses.charge(key, PIN_LIKE, at(minutes), engine)
    assert all(c.locked for c in guesses.counters(["a", "b"], engine).values())
    guesses.clear("a", engine)
    assert set(guesses.counters(["a", "b"], engine)) == {"b"}
    again = guesses.charge("a", PIN_LIKE, at(21), engine)
    assert again.allowed and again.counter.failures == 1
    assert not guesses.charge("b", PIN_LIKE, at(21), engine).allowed


def test_a_refund_takes_back_its_own_charge_and_the_pause_it_set_only(engine: Engine) -> None:
    for _ in range(4):
        guesses.charge("k", PIN_LIKE, at(0), engine)
    fifth = guesses.charge("k", PIN_LIKE, at(0), engine)  # this one set the pause
    assert fifth.counter.paused_until(at(0)) == at(15)
    guesses.refund(fifth, engine)
    stored = guesses.counters(["k"], engine)["k"]
    assert (stored.failures, stored.paused_until(at(0)), stored.locked) == (4, None, False)

    refused_twice = [guesses.charge("k", PIN_LIKE, at(0), engine) for _ in range(2)]
    assert [c.allowed for c in refused_twice] == [True, False]
    guesses.refund(refused_twice[1], engine)  # a refused attempt counted nothing: no refund
    assert guesses.counters(["k"], engine)["k"].failures == 5

    early = guesses.charge("n", PIN_LIKE, at(0), engine)
    for _ in range(4):
        guesses.charge("n", PIN_LIKE, at(0), engine)  # others' failures pause it
    guesses.refund(early, engine)  # the early one was right: the pause others set stays
    stored = guesses.counters(["n"], engine)["n"]
    assert stored.failures == 4 and stored.paused_until(at(1)) == at(15)


def test_a_refund_of_the_charge_that_locked_for_good_unlocks(engine: Engine) -> None:
    charges = [guesses.charge("k", PIN_LIKE, at(m), engine) for m in (0, 0, 0, 0, 0)]
    charges += [guesses.charge("k", PIN_LIKE, at(m), engine) for m in (16, 16, 16, 16, 16)]
    assert charges[-1].counter.locked
    guesses.refund(charges[-1], engine)
    stored = guesses.counters(["k"], engine)["k"]
    assert (stored.failures, stored.locked, stored.blocked(at(17))) == (9, False, False)


def test_stale_counters_of_a_prefix_are_deleted_and_nothing_else(engine: Engine) -> None:
    """The prefix is taken as written: ``_`` and ``%`` are no wildcards."""
    for key in ("p_g:old", "p_g:new", "pxg:old", "p_g%:old", "other:old"):
        guesses.charge(key, NEVER, at(0), engine)
    for minutes in (0,) * 5 + (16,) * 5:
        guesses.charge("p_g:locked", PIN_LIKE, at(minutes), engine)
    guesses.charge("p_g:new", NEVER, at(60), engine)
    assert guesses.forget_stale("p_g:", at(30), engine) == 1
    keys = ["p_g:old", "p_g:new", "pxg:old", "p_g%:old", "other:old", "p_g:locked"]
    assert set(guesses.counters(keys, engine)) == set(keys) - {"p_g:old"}


def test_a_naive_time_is_refused(engine: Engine) -> None:
    with pytest.raises(ValueError):
        guesses.charge("k", NEVER, datetime(2026, 1, 1), engine)


def test_ten_threads_guessing_at_once_get_exactly_the_rules_number_checked(
    engine: Engine,
) -> None:
    with ThreadPoolExecutor(10) as pool:
        got = list(pool.map(lambda _n: guesses.charge("k", PIN_LIKE, at(0), engine), range(40)))
    assert sum(c.allowed for c in got) == 5
    assert guesses.counters(["k"], engine)["k"].failures == 5


def _charger(url: str, key: str, times: int, rule: guesses.Rule, start: object) -> None:
    eng = db.create(url)
    start.wait(timeout=60)  # type: ignore[attr-defined]
    allowed = sum(guesses.charge(key, rule, datetime.now(UTC), eng).allowed for _ in range(times))
    eng.dispose()
    if allowed != times and rule == NEVER:
        raise SystemExit(3)


def test_two_processes_counting_at_once_lose_no_failure(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'two.sqlite3'}"
    eng = db.create(url)
    db.upgrade(eng)
    ctx = multiprocessing.get_context("spawn")
    start = ctx.Barrier(2)
    times = 300
    procs = [ctx.Process(target=_charger, args=(url, "k", times, NEVER, start)) for _ in range(2)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(timeout=180)
        assert p.exitcode == 0
    assert guesses.counters(["k"], eng)["k"].failures == 2 * times
    eng.dispose()

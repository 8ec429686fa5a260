"""Are the trainer passcode, its one-time and unlock codes, and the PIN limits held on PostgreSQL
as on SQLite, and does the passcode's read-then-write take a real lock there (two servers
starting at once print one one-time code, never two)?

The SQLite modules' tests run here again with ``engine`` on PostgreSQL (``tests/pg_fixture.py``).
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine

from kit.store import db
from kit.workshops import passcode
from kit.workshops import passcode_limits as limits
from tests.test_pin_guess_rate import (  # noqa: F401  (collected here again, on PostgreSQL)
    test_each_unlock_by_a_trainer_lets_through_ten_more_at_most,
    test_ten_pages_get_at_most_ten_wrong_pins_checked_an_hour_and_ten_in_all,
)
from tests.test_trainer_passcode import (  # noqa: F401
    PASSCODE,
    _guess_passcode,
    _use_code,
    clock,
    failures,
    test_a_one_time_code_is_given_once_and_sets_the_passcode_once,
    test_a_right_passcode_resets_its_own_pages_count_and_no_one_elses,
    test_an_attacker_on_other_pages_never_makes_the_trainer_wait,
    test_the_right_passcode_opens_and_a_wrong_one_does_not,
    test_the_unlock_code_opens_one_page_once_and_lifts_the_pause,
    test_wrong_passcodes_on_all_pages_pause_the_passcode_as_the_rule_says,
)

pytest_plugins = ["tests.pg_fixture"]


@pytest.fixture
def engine(postgres_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[Engine]:
    monkeypatch.setattr(limits, "WRONG_PASSCODE_DELAY_S", 0)
    monkeypatch.setattr(passcode, "ITERATIONS", 1_000)
    eng = db.create(postgres_url)
    db.upgrade(eng)
    yield eng
    eng.dispose()


def _spawn(target, args_per_process):  # type: ignore[no-untyped-def]
    ctx = multiprocessing.get_context("spawn")
    start, results = ctx.Barrier(len(args_per_process)), ctx.Queue()
    procs = [ctx.Process(target=target, args=(*a, start, results)) for a in args_per_process]
    for p in procs:
        p.start()
    got = [results.get(timeout=180) for _ in procs]
    for p in procs:
        p.join(timeout=60)
        assert p.exitcode == 0
    return got


def _first_start(url: str, start, results) -> None:  # type: ignore[no-untyped-def]
    eng = db.create(url)
    start.wait(timeout=60)
    try:
        results.put(passcode.first_start_code(eng) or "")
    finally:
        eng.dispose()


def test_servers_starting_at_once_on_postgresql_print_one_one_time_code(
    engine: Engine, postgres_url: str
) -> None:
    codes = _spawn(_first_start, [(postgres_url,)] * 4)
    printed = [c for c in codes if c]
    assert len(printed) == 1 and passcode.one_time_pending(engine)


def test_two_servers_typing_the_same_unlock_code_at_once_open_one_page_on_postgresql(
    engine: Engine, postgres_url: str
) -> None:
    passcode.set_passcode(PASSCODE, engine)
    code = passcode.new_unlock_code(engine)
    got = _spawn(_use_code, [(postgres_url, code)] * 2)
    assert sorted(got) == ["opened", "refused"]


def test_two_processes_guessing_the_passcode_at_once_are_held_to_one_count_on_postgresql(
    engine: Engine, postgres_url: str
) -> None:
    passcode.set_passcode(PASSCODE, engine)
    seen = _spawn(
        _guess_passcode, [(postgres_url, [f"{w}-{n}" for n in range(15)]) for w in ("a", "b")]
    )
    assert sum(s["checked"] for s in seen) == limits.GLOBAL_PAUSE_AFTER
    assert sum(s["paused"] for s in seen) == 30 - limits.GLOBAL_PAUSE_AFTER
    assert failures(engine) == limits.GLOBAL_PAUSE_AFTER

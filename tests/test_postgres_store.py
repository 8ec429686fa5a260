"""Does the store work on PostgreSQL as on SQLite: migrations matching the models, settings, the
wrong-guess counters (every failure counted once however many guess at once, from threads and
from processes), and answers from many kernels at once losing and duplicating none?

The tests of the SQLite modules are imported here and run again with ``engine`` on a throwaway
PostgreSQL cluster (``tests/pg_fixture.py``); the tests that open a second connection by URL get
a PostgreSQL twin below. With ``CI=true`` they fail, never skip, when PostgreSQL cannot start.
"""

from __future__ import annotations

import multiprocessing
import queue
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, func, select

from kit import trainees
from kit.store import db, guesses
from kit.store.models import Attempt
from tests.test_concurrent_attempts import ITEMS, SHARED_ITEMS, WORKERS, _worker
from tests.test_guesses import (  # noqa: F401  (collected here again, on PostgreSQL)
    NEVER,
    _charger,
    test_a_naive_time_is_refused,
    test_a_refund_of_the_charge_that_locked_for_good_unlocks,
    test_a_refund_takes_back_its_own_charge_and_the_pause_it_set_only,
    test_a_rule_counts_pauses_and_locks_as_it_says,
    test_clear_lifts_every_lock_of_its_key_and_no_other,
    test_stale_counters_of_a_prefix_are_deleted_and_nothing_else,
    test_ten_threads_guessing_at_once_get_exactly_the_rules_number_checked,
)
from tests.test_store import (  # noqa: F401
    test_migrations_create_every_table_of_the_models,
    test_models_and_migrations_do_not_drift,
    test_settings_round_trip_and_overwrite,
    test_upgrade_twice_is_harmless_and_reports_head,
)

pytest_plugins = ["tests.pg_fixture"]


@pytest.fixture
def engine(postgres_url: str) -> Iterator[Engine]:
    eng = db.create(postgres_url)
    db.upgrade(eng)
    yield eng
    eng.dispose()


@pytest.mark.parametrize(
    ("written", "driver"),
    [
        ("postgresql://u@h/d", "postgresql+psycopg://u@h/d"),
        (
            "postgres://u:p@h:5433/d?sslmode=require",
            "postgresql+psycopg://u:p@h:5433/d?sslmode=require",
        ),
        ("postgresql+psycopg://u@h/d", "postgresql+psycopg://u@h/d"),
        ("PostgreSQL://u@h/d", "postgresql+psycopg://u@h/d"),
        ("sqlite:///x.sqlite3", "sqlite:///x.sqlite3"),
        ("sqlite:///postgresql://odd", "sqlite:///postgresql://odd"),
    ],
)
def test_a_plain_postgresql_url_is_given_the_psycopg_3_driver(written: str, driver: str) -> None:
    assert db.normal_url(written) == driver


def test_the_configured_plain_url_opens_postgresql(
    postgres_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KIT_DATABASE_URL", postgres_url)
    eng = db.engine()
    assert eng.dialect.name == "postgresql" and eng.dialect.driver == "psycopg"
    assert db.current_revision(eng) == db.HEAD_REVISION


def test_two_processes_counting_at_once_lose_no_failure_on_postgresql(
    engine: Engine, postgres_url: str
) -> None:
    ctx = multiprocessing.get_context("spawn")
    start = ctx.Barrier(2)
    times = 150
    procs = [
        ctx.Process(target=_charger, args=(postgres_url, "k", times, NEVER, start))
        for _ in range(2)
    ]
    for p in procs:
        p.start()
    for p in procs:
        p.join(timeout=180)
        assert p.exitcode == 0
    assert guesses.counters(["k"], engine)["k"].failures == 2 * times


def test_eight_processes_writing_at_once_lose_and_duplicate_no_attempt_on_postgresql(
    engine: Engine, postgres_url: str
) -> None:
    shared = trainees.register("Học viên chung", "Sở Tư pháp", "A", engine).identity.id
    ctx = multiprocessing.get_context("spawn")
    start, results = ctx.Barrier(WORKERS), ctx.Queue()
    procs = [
        ctx.Process(target=_worker, args=(postgres_url, w, shared, start, results))
        for w in range(WORKERS)
    ]
    for p in procs:
        p.start()
    reports = []
    try:
        for _ in procs:
            reports.append(results.get(timeout=120))
    except queue.Empty:
        pass
    for p in procs:
        p.join(timeout=30)
        if p.is_alive():
            p.kill()
    errors = [r["error"] for r in reports if r["error"]]
    assert not errors, "\n".join(errors)
    assert len(reports) == WORKERS
    assert sum(r["shared_won"] for r in reports) == SHARED_ITEMS
    with db.session(engine) as sess:
        rows = sess.scalar(select(func.count()).select_from(Attempt))
        pairs = select(Attempt.trainee_id, Attempt.item_id).distinct().subquery()
        keys = sess.scalar(select(func.count()).select_from(pairs))
    assert rows == keys == WORKERS * ITEMS + SHARED_ITEMS

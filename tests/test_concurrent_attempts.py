"""Does the store take answers from many kernels at once, losing none and keeping no duplicate?

Each worker process stands for a kernel: it opens its own engine on one shared SQLite file,
registers its trainee and answers as fast as it can; a barrier releases them all at once, after
their (slow) start-up imports.
"""

from __future__ import annotations

import multiprocessing
import queue
import traceback
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from kit import trainees
from kit.core.errors import InputError
from kit.store import db
from kit.store.models import Attempt, Trainee

WORKERS = 8
ITEMS = 40
#: every REPEAT_EVERY-th item is answered a second time at once: the store must refuse it
REPEAT_EVERY = 4
#: items of one trainee every worker races to answer: exactly one answer each may win
SHARED_ITEMS = 5
CONTEXT = "ws-race"


def _worker(url: str, worker: int, shared_trainee: int, start: Any, results: Any) -> None:
    report: dict[str, Any] = {"worker": worker, "own_refused": 0, "shared_won": 0, "error": None}
    eng = db.create(url)
    try:
        start.wait(timeout=60)
        reg = trainees.register(f"Học viên {worker}", "Sở Tư pháp", "AB"[worker % 2], eng)
        report["trainee"] = reg.identity.id
        for i in range(ITEMS):
            item = f"l01-ex-{i:02d}"
            trainees.record_attempt(reg.identity.id, item, f"first {worker}", 1, 1, CONTEXT, eng)
            if i % REPEAT_EVERY == 0:
                try:
                    trainees.record_attempt(reg.identity.id, item, "second", 0, 1, CONTEXT, eng)
                except InputError:
                    report["own_refused"] += 1
            if i < SHARED_ITEMS:
                try:
                    trainees.record_attempt(
                        shared_trainee, f"shared-{i}", f"by {worker}", 1, 1, CONTEXT, eng
                    )
                    report["shared_won"] += 1
                except InputError:
                    pass
    except BaseException:
        report["error"] = traceback.format_exc()
    finally:
        eng.dispose()
        results.put(report)


def test_eight_processes_writing_at_once_lose_and_duplicate_no_attempt(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'race.sqlite3'}"
    eng = db.create(url)
    db.upgrade(eng)
    shared = trainees.register("Học viên chung", "Sở Tư pháp", "A", eng).identity.id
    ctx = multiprocessing.get_context("spawn")
    start = ctx.Barrier(WORKERS)
    results = ctx.Queue()
    procs = [
        ctx.Process(target=_worker, args=(url, w, shared, start, results)) for w in range(WORKERS)
    ]
    for p in procs:
        p.start()
    reports = []
    try:
        for _ in procs:
            reports.append(results.get(timeout=60))
    except queue.Empty:
        pass
    for p in procs:
        p.join(timeout=30)
        if p.is_alive():
            p.kill()

    errors = [r["error"] for r in reports if r["error"]]
    assert not errors, "\n".join(errors)
    assert len(reports) == WORKERS and all(p.exitcode == 0 for p in procs)
    repeats = len(range(0, ITEMS, REPEAT_EVERY))
    assert [r["own_refused"] for r in reports] == [repeats] * WORKERS
    assert sum(r["shared_won"] for r in reports) == SHARED_ITEMS

    with db.session(eng) as sess:
        rows = sess.scalar(select(func.count()).select_from(Attempt))
        pairs = select(Attempt.trainee_id, Attempt.item_id).distinct().subquery()
        keys = sess.scalar(select(func.count()).select_from(pairs))
        people = sess.scalar(select(func.count()).select_from(Trainee))
        answers = {(a.trainee_id, a.item_id): a.answer for a in sess.scalars(select(Attempt)).all()}
    eng.dispose()
    assert rows == keys == WORKERS * ITEMS + SHARED_ITEMS
    assert people == WORKERS + 1
    for r in reports:  # the first answer is kept, never the repeat
        own = [answers[(r["trainee"], f"l01-ex-{i:02d}")] for i in range(ITEMS)]
        assert own == [f"first {r['worker']}"] * ITEMS

"""Can a trainee be known by token, resume with name + unit + PIN, and never lose an answer?"""

from __future__ import annotations

import contextlib
import multiprocessing
import unicodedata
from pathlib import Path

import pytest
from sqlalchemy import func, select

from kit import trainees
from kit.core.errors import InputError
from kit.store import db
from kit.store.models import Attempt, Trainee


@pytest.fixture
def engine(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    monkeypatch.setattr(trainees, "WRONG_PIN_DELAY_S", 0)
    eng = db.create(f"sqlite:///{tmp_path / 't.sqlite3'}")
    db.upgrade(eng)
    yield eng
    eng.dispose()


def test_register_stores_neither_token_nor_pin_in_clear(engine) -> None:  # type: ignore[no-untyped-def]
    reg = trainees.register(" Nguyễn  Văn A ", "UBND xã Quảng Thái", "a", engine)
    assert reg.identity.name == "Nguyễn Văn A" and reg.identity.track == "A"
    assert len(reg.pin) == trainees.PIN_DIGITS and reg.pin.isdigit()
    with db.session(engine) as sess:
        row = sess.scalar(select(Trainee))
        assert row is not None
        assert reg.token not in (row.token_hash, row.pin_hash) and reg.pin != row.pin_hash


def test_a_pin_stored_before_its_rounds_were_kept_still_opens_the_record_and_is_renewed(
    engine,
) -> None:  # type: ignore[no-untyped-def]
    """Do PINs given before migration 0007 (120,000 rounds, no prefix) still work?"""
    import hashlib

    reg = trainees.register("Đinh Văn P", "Xã Hòa Bình", "A", engine)
    with db.session(engine) as sess:
        row = sess.get(Trainee, reg.identity.id)
        assert row is not None and row.pin_hash.startswith(f"{trainees.PBKDF2_ROUNDS}$")
        salt = bytes.fromhex(row.pin_salt)
        row.pin_hash = hashlib.pbkdf2_hmac("sha256", reg.pin.encode(), salt, 120_000).hex()
    again = trainees.resume("Đinh Văn P", "Xã Hòa Bình", reg.pin, engine)
    assert again.identity.id == reg.identity.id
    with db.session(engine) as sess:
        renewed = sess.get(Trainee, reg.identity.id)
        assert renewed is not None and renewed.pin_hash.startswith(f"{trainees.PBKDF2_ROUNDS}$")
    assert trainees.resume("Đinh Văn P", "Xã Hòa Bình", reg.pin, engine).identity == reg.identity


def test_a_damaged_pin_hash_opens_nothing_and_breaks_nothing(engine) -> None:  # type: ignore[no-untyped-def]
    reg = trainees.register("Võ Thị Q", "Xã An Phú", "B", engine)
    with db.session(engine) as sess:
        row = sess.get(Trainee, reg.identity.id)
        assert row is not None
        row.pin_hash = "12000$not-a-digest"
    with pytest.raises(InputError):
        trainees.resume("Võ Thị Q", "Xã An Phú", reg.pin, engine)


def test_the_browser_token_finds_the_trainee_and_a_forged_one_does_not(engine) -> None:  # type: ignore[no-untyped-def]
    reg = trainees.register("Lê Thị B", "Sở Tư pháp", "B", engine)
    assert trainees.by_token(reg.token, engine) == reg.identity
    assert trainees.by_token("x" * 43, engine) is None
    assert trainees.by_token("<img src=x>", engine) is None
    assert trainees.by_token(None, engine) is None


def test_a_name_alone_never_opens_a_record(engine) -> None:  # type: ignore[no-untyped-def]
    reg = trainees.register("Trần Văn C", "Phường Chánh Lộ", "A", engine)
    wrong = "000000" if reg.pin != "000000" else "111111"
    with pytest.raises(InputError):
        trainees.resume("Trần Văn C", "Phường Chánh Lộ", wrong, engine)
    with pytest.raises(InputError):
        trainees.resume("Trần Văn C", "Phường Chánh Lộ", "", engine)


def test_resume_with_pin_matches_name_in_nfd_and_old_tone_placement(engine) -> None:  # type: ignore[no-untyped-def]
    reg = trainees.register("Hoàng Thị Hoà", "Xã Thuỷ Xuân", "B", engine)
    again = trainees.resume(
        unicodedata.normalize("NFD", "hoàng thị hòa"), "xã thủy xuân", reg.pin, engine
    )
    assert again.identity.id == reg.identity.id
    assert trainees.by_token(again.token, engine) == reg.identity


def test_bad_registration_input_is_refused_in_both_languages(engine) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(InputError) as exc:
        trainees.register("   ", "Sở", "A", engine)
    assert "họ tên" in exc.value.vi and "name" in exc.value.en
    with pytest.raises(InputError):
        trainees.register("Tên", "Sở", "C", engine)
    with pytest.raises(InputError):
        trainees.register("x" * 500, "Sở", "A", engine)


def test_an_answer_is_stored_once_and_a_repeat_is_refused(engine) -> None:  # type: ignore[no-untyped-def]
    reg = trainees.register("Phạm D", "Sở Y tế", "B", engine)
    trainees.record_attempt(reg.identity.id, "l01-ex-01", "a", 1, 1, eng=engine)
    with pytest.raises(InputError) as exc:
        trainees.record_attempt(reg.identity.id, "l01-ex-01", "b", 0, 1, eng=engine)
    assert "đầu tiên" in exc.value.vi
    stored = trainees.attempts(reg.identity.id, eng=engine)
    assert stored["l01-ex-01"].answer == "a"
    trainees.record_attempt(reg.identity.id, "l01-ex-01", "b", 0, 1, context="ws-ab12", eng=engine)
    assert trainees.attempts(reg.identity.id, "ws-ab12", engine)["l01-ex-01"].answer == "b"


def _writer(url: str, trainee_id: int, worker: int, items: int) -> None:
    eng = db.create(url)
    for i in range(items):
        trainees.record_attempt(trainee_id, f"w{worker}-item-{i}", "a", 1, 1, eng=eng)
        # every worker also races for one shared item: exactly one must win
        with contextlib.suppress(InputError):
            trainees.record_attempt(trainee_id, "shared", str(worker), 1, 1, eng=eng)
    eng.dispose()


def test_many_processes_writing_at_once_lose_and_duplicate_nothing(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'c.sqlite3'}"
    eng = db.create(url)
    db.upgrade(eng)
    reg = trainees.register("Song Song", "Sở Tư pháp", "A", eng)
    workers, items = 8, 25
    ctx = multiprocessing.get_context("spawn")
    procs = [
        ctx.Process(target=_writer, args=(url, reg.identity.id, w, items)) for w in range(workers)
    ]
    for p in procs:
        p.start()
    for p in procs:
        p.join(timeout=120)
        assert p.exitcode == 0
    with db.session(eng) as sess:
        total = sess.scalar(select(func.count()).select_from(Attempt))
        shared = sess.scalar(select(func.count()).where(Attempt.item_id == "shared"))
    assert (total, shared) == (workers * items + 1, 1)

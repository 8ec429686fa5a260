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
from kit.core.text import fold
from kit.store import db
from kit.store.models import Attempt, Trainee
from tests.fake_clock import FakeClock


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


# --- wrong PINs counted per identity in the database (F2) -----------------------------------

NAME, UNIT = "Nguyễn Thị Hoà", "UBND xã Quảng Thái"


def _wrong_pin(pin: str) -> str:
    return f"{(int(pin) + 1) % 10**trainees.PIN_DIGITS:0{trainees.PIN_DIGITS}d}"


def _try(pin: str, engine, clock: FakeClock, name: str = NAME, unit: str = UNIT) -> str:  # type: ignore[no-untyped-def]
    """'open', or the kind of refusal and its Vietnamese words."""
    try:
        trainees.resume(name, unit, pin, engine, clock=clock)
    except trainees.PinLocked as exc:
        return f"locked: {exc.vi}"
    except InputError as exc:
        return f"wrong: {exc.vi}"
    return "open"


# a step: minutes to move the clock on first, then "wrong", "right" or "unlock", and the words
# the answer must hold ("open" for a record opened)
LOCK_SCENARIOS: dict[str, list[tuple[float, str, str]]] = {
    "five wrong PINs lock the name and unit for 15 minutes, the right PIN too": [
        (0, "wrong", "wrong: Không tìm thấy học viên"),
        (0, "wrong", "Còn 3 lần thử trước khi bị tạm khóa"),
        (0, "wrong", "Còn 2 lần"),
        (0, "wrong", "Còn 1 lần"),
        (0, "wrong", "Đã sai 5 lần nên họ tên này bị tạm khóa 15 phút"),
        (0, "right", "locked: Họ tên và đơn vị này đang tạm khóa"),
        (14, "right", "Hãy thử lại sau 1 phút"),
        (0.9, "wrong", "locked: "),
        (0.1, "right", "open"),
    ],
    "the tenth wrong PIN locks until a trainer unlocks it": [
        *[(0, "wrong", "wrong: ")] * 5,
        (15, "wrong", "Còn 4 lần thử trước khi bị khóa hẳn"),
        *[(0, "wrong", "wrong: ")] * 3,
        (0, "wrong", "Đã sai 10 lần nên họ tên này bị khóa. Hãy nhờ giảng viên"),
        (16, "right", "locked: Họ tên và đơn vị này đã bị khóa"),
        (60 * 24 * 7, "right", "nhờ giảng viên mở khóa hoặc cấp mã PIN mới"),
        (0, "unlock", ""),
        (0, "right", "open"),
    ],
    "a right PIN forgets the wrong ones before it": [
        *[(0, "wrong", "wrong: ")] * 4,
        (0, "right", "open"),
        *[(0, "wrong", "wrong: ")] * 3,
        (0, "wrong", "Còn 1 lần thử trước khi bị tạm khóa"),
    ],
    "a trainer's unlock during a 15-minute lock lets the trainee in at once": [
        *[(0, "wrong", "wrong: ")] * 5,
        (1, "right", "locked: "),
        (0, "unlock", ""),
        (0, "right", "open"),
    ],
}


@pytest.mark.parametrize("name", sorted(LOCK_SCENARIOS))
def test_wrong_pins_lock_the_name_and_unit_as_the_rule_says(engine, name: str) -> None:  # type: ignore[no-untyped-def]
    reg = trainees.register(NAME, UNIT, "B", engine)
    clock = FakeClock()
    for n, (minutes, action, words) in enumerate(LOCK_SCENARIOS[name]):
        clock.advance(minutes=minutes)
        if action == "unlock":
            trainees.unlock(reg.identity.id, engine)
            continue
        pin = reg.pin if action == "right" else _wrong_pin(reg.pin)
        got = _try(pin, engine, clock)
        assert words in got and (words != "open" or got == "open"), (n, got)


def test_a_right_pin_resets_only_its_own_identitys_count(engine) -> None:  # type: ignore[no-untyped-def]
    mine = trainees.register(NAME, UNIT, "B", engine)
    other = trainees.register("Lê Văn Tám", UNIT, "B", engine)
    clock = FakeClock()
    for reg in (mine, other):
        for _ in range(4):
            _try(_wrong_pin(reg.pin), engine, clock, reg.identity.name)
    assert _try(mine.pin, engine, clock) == "open"
    assert "Còn 4 lần" in _try(_wrong_pin(mine.pin), engine, clock)
    assert "tạm khóa 15 phút" in _try(_wrong_pin(other.pin), engine, clock, other.identity.name)
    assert _try(other.pin, engine, clock, other.identity.name).startswith("locked: ")


def test_a_name_nobody_has_is_answered_counted_and_locked_like_a_real_one(engine) -> None:  # type: ignore[no-untyped-def]
    """So that guessing cannot tell which names and units exist."""
    reg = trainees.register(NAME, UNIT, "B", engine)
    clock = FakeClock()
    wrong = _wrong_pin(reg.pin)

    def answers(name: str) -> list[tuple[str, str, str]]:
        seen = []
        for _ in range(7):
            try:
                trainees.resume(name, UNIT, wrong, engine, clock=clock)
            except InputError as exc:
                seen.append((type(exc).__name__, exc.vi, exc.en))
        return seen

    real, nobody = answers(NAME), answers("Người Không Có Thật")
    assert real == nobody and len(real) == 7
    assert [kind for kind, _vi, _en in real] == ["InputError"] * 5 + ["PinLocked"] * 2


def test_the_same_name_and_unit_however_typed_is_one_identity(engine) -> None:  # type: ignore[no-untyped-def]
    reg = trainees.register(NAME, UNIT, "B", engine)
    clock = FakeClock()
    spellings = [
        (NAME, UNIT),
        (unicodedata.normalize("NFD", NAME.upper()), UNIT.lower()),
        ("nguyễn  thị hòa", " ubnd xã quảng thái "),
        ("NGUYỄN THỊ HOÀ", "UBND XÃ QUẢNG THÁI"),
        (NAME, UNIT),
    ]
    for name, unit in spellings:
        _try(_wrong_pin(reg.pin), engine, clock, name, unit)
    assert _try(reg.pin, engine, clock).startswith("locked: ")
    assert trainees.pin_key(*spellings[1]) == trainees.pin_key(NAME, UNIT)
    assert trainees.pin_key("Nguyen Thi Hoa", UNIT) != trainees.pin_key(NAME, UNIT)


@pytest.mark.parametrize("pin", ["12345", "1234567", "abcdef", "١٢٣٤٥٦", "12 34 5", None, ""])
def test_a_pin_that_is_not_six_digits_is_refused_and_not_counted(engine, pin: object) -> None:  # type: ignore[no-untyped-def]
    trainees.register(NAME, UNIT, "B", engine)
    for _ in range(12):
        with pytest.raises(InputError) as exc:
            trainees.resume(NAME, UNIT, pin, engine, clock=FakeClock())
        assert "6 chữ số" in exc.value.vi and "6 digits" in exc.value.en
    assert trainees.find(NAME, engine)[0].lock == trainees.PinLock()


def test_the_trainer_finds_trainees_by_name_or_unit_however_typed(engine) -> None:  # type: ignore[no-untyped-def]
    hoa = trainees.register(NAME, UNIT, "B", engine).identity
    tam = trainees.register("Lê Văn Tám", "Sở Tư pháp", "A", engine).identity
    twin = trainees.register(NAME, "Sở Tư pháp", "A", engine).identity
    cases = [
        ("hòa", [hoa, twin]),
        (unicodedata.normalize("NFD", "NGUYỄN THỊ HOÀ"), [hoa, twin]),
        ("nguyen thi hoa", [hoa, twin]),
        ("quảng thái", [hoa]),
        ("ubnd", [hoa]),
        ("sở tư pháp", [twin, tam]),
        ("tam", [tam]),
        ("Trần", []),
        ("%", []),
    ]
    for query, expected in cases:
        found = trainees.find(query, engine)
        assert [f.identity for f in found] == sorted(
            expected, key=lambda i: (fold(i.name), fold(i.unit), i.id)
        ), query
    assert len(trainees.find("Sở", engine, limit=1)) == 1
    with pytest.raises(InputError):
        trainees.find("   ", engine)


def test_the_trainer_sees_the_lock_unlocks_it_and_gives_a_new_pin(engine) -> None:  # type: ignore[no-untyped-def]
    reg = trainees.register(NAME, UNIT, "B", engine)
    clock = FakeClock()
    for _ in range(2):
        _try(_wrong_pin(reg.pin), engine, clock)
    assert trainees.find(NAME, engine, clock=clock)[0].lock == trainees.PinLock(2, None, False)
    for _ in range(3):
        _try(_wrong_pin(reg.pin), engine, clock)
    lock = trainees.find(NAME, engine, clock=clock)[0].lock
    assert lock.failures == 5 and lock.blocked and not lock.locked
    assert lock.paused_until == clock.now() + trainees.PIN_PAUSE

    new = trainees.reset_pin(reg.identity.id, engine)
    assert new != reg.pin and len(new) == trainees.PIN_DIGITS and new.isdigit()
    assert trainees.find(NAME, engine, clock=clock)[0].lock == trainees.PinLock()
    assert _try(reg.pin, engine, clock).startswith("wrong: ")  # the old PIN opens nothing now
    assert _try(new, engine, clock) == "open"
    with db.session(engine) as sess:
        row = sess.get(Trainee, reg.identity.id)
        assert row is not None and new not in (row.pin_hash, row.pin_salt)

    for unknown in (10_000, "1", None, True):
        with pytest.raises(InputError):
            trainees.unlock(unknown, engine)
        with pytest.raises(InputError):
            trainees.reset_pin(unknown, engine)


def _guesser(url: str, name: str, unit: str, pin: str, tries: int, start, results) -> None:  # type: ignore[no-untyped-def]
    eng = db.create(url)
    clock = FakeClock()  # both processes guess at the same moment: no lock runs out
    start.wait(timeout=60)
    counts = {"wrong": 0, "locked": 0, "open": 0}
    for _ in range(tries):
        counts[_try(pin, eng, clock, name, unit).split(":")[0]] += 1
    eng.dispose()
    results.put(counts)


def test_two_processes_guessing_at_once_share_one_count(tmp_path: Path) -> None:
    """Each page of the old code slowed only itself: two processes had 20 wrong PINs checked
    here and the right PIN still opened the record."""
    url = f"sqlite:///{tmp_path / 'guess.sqlite3'}"
    eng = db.create(url)
    db.upgrade(eng)
    reg = trainees.register(NAME, UNIT, "B", eng)
    ctx = multiprocessing.get_context("spawn")
    start, results = ctx.Barrier(2), ctx.Queue()
    args = (url, NAME, UNIT, _wrong_pin(reg.pin), 10, start, results)
    procs = [ctx.Process(target=_guesser, args=args) for _ in range(2)]
    for p in procs:
        p.start()
    counts = [results.get(timeout=180) for _ in procs]
    for p in procs:
        p.join(timeout=60)
        assert p.exitcode == 0
    assert sum(c["wrong"] for c in counts) == trainees.PIN_PAUSE_AFTER
    assert sum(c["locked"] for c in counts) == 20 - trainees.PIN_PAUSE_AFTER
    assert _try(reg.pin, eng, FakeClock()).startswith("locked: ")
    eng.dispose()

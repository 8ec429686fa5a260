"""Is the trainer passcode kept as a salted hash, set only from the server's side, are wrong
passcodes held back per page and for all pages together, and can the trainer always get in with
an unlock code, whatever an attacker does on other pages?"""

from __future__ import annotations

import hashlib
import io
import json
import multiprocessing
import re
import unicodedata
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine

from kit.cli import main
from kit.core.errors import InputError, StoreError
from kit.store import db, guesses
from kit.workshops import passcode, passcode_cli
from kit.workshops import passcode_limits as limits
from tests.fake_clock import FakeClock as Clock

PASSCODE = "Quảng Trị 2025"


@pytest.fixture
def engine(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Engine]:
    monkeypatch.setattr(limits, "WRONG_PASSCODE_DELAY_S", 0)
    monkeypatch.setattr(passcode, "ITERATIONS", 1_000)  # the stored record names its own count
    eng = db.create(f"sqlite:///{tmp_path / 'p.sqlite3'}")
    db.upgrade(eng)
    yield eng
    eng.dispose()


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    """The clock of every call that passes none; sleeping only moves it on."""
    fake = Clock()
    monkeypatch.setattr(passcode, "CLOCK", fake)
    monkeypatch.setattr(limits, "WRONG_PASSCODE_DELAY_S", 1.0)
    return fake


def test_the_passcode_is_stored_as_a_salted_hash_never_in_clear(engine: Engine) -> None:
    passcode.set_passcode(PASSCODE, engine)
    first = db.get_setting(passcode.PASSCODE_KEY, engine)
    passcode.set_passcode(PASSCODE, engine)
    second = db.get_setting(passcode.PASSCODE_KEY, engine)
    assert first is not None and second is not None
    assert PASSCODE not in first and PASSCODE.encode().hex() not in first
    a, b = json.loads(first), json.loads(second)
    assert set(a) == {"algorithm", "iterations", "salt", "hash"}
    assert a["iterations"] == passcode.ITERATIONS
    assert a["salt"] != b["salt"] and a["hash"] != b["hash"]
    assert passcode.has_passcode(engine)


def test_the_right_passcode_opens_and_a_wrong_one_does_not(engine: Engine) -> None:
    assert not passcode.verify(PASSCODE, engine)  # nothing is set yet
    passcode.set_passcode(f"  {PASSCODE}  ", engine)
    assert passcode.verify(PASSCODE, engine)
    assert passcode.verify(unicodedata.normalize("NFD", PASSCODE), engine)
    assert not passcode.verify("Quang Tri 2025", engine)
    assert not passcode.verify("", engine)
    assert not passcode.verify(None, engine)
    assert not passcode.verify("x" * 10_000, engine)


def test_a_record_stored_before_the_shared_hashing_module_still_opens(engine: Engine) -> None:
    """A settings row written by the earlier code (its own PBKDF2, 600,000 iterations)."""
    salt = bytes(range(16))
    digest = hashlib.pbkdf2_hmac("sha256", PASSCODE.encode("utf-8"), salt, 600_000)
    record = {"algorithm": "pbkdf2_sha256", "iterations": 600_000, "salt": salt.hex()}
    db.put_setting(passcode.PASSCODE_KEY, json.dumps({**record, "hash": digest.hex()}), engine)
    assert passcode.verify(PASSCODE, engine)
    assert not passcode.verify("Quang Tri 2025", engine)


def test_a_damaged_passcode_record_says_how_to_set_it_again(engine: Engine) -> None:
    db.put_setting(passcode.PASSCODE_KEY, '{"algorithm": "md5"}', engine)
    with pytest.raises(StoreError) as exc:
        passcode.verify(PASSCODE, engine)
    assert "kit trainer passcode" in exc.value.vi and "kit trainer passcode" in exc.value.en


@pytest.mark.parametrize(
    ("value", "vi", "en"),
    [
        ("12345", "ít nhất 6 ký tự", "at least 6 characters"),
        ("   12345   ", "ít nhất 6 ký tự", "at least 6 characters"),
        (None, "ít nhất 6 ký tự", "at least 6 characters"),
        ("x" * 129, "dài quá 128 ký tự", "over 128 characters"),
    ],
)
def test_a_passcode_too_short_or_too_long_is_refused_in_both_languages(
    engine: Engine, value: object, vi: str, en: str
) -> None:
    with pytest.raises(InputError) as exc:
        passcode.set_passcode(value, engine)
    assert vi in exc.value.vi and en in exc.value.en
    assert not passcode.has_passcode(engine)


def test_wrong_passcodes_wait_longer_each_time_and_the_right_one_resets_the_wait(
    engine: Engine, clock: Clock
) -> None:
    passcode.set_passcode(PASSCODE, engine)
    for _ in range(4):
        assert not passcode.verify("đoán bừa", engine)
    assert clock.waits == [1, 2, 4, 8]
    assert passcode.verify(PASSCODE, engine)
    assert not passcode.verify("đoán bừa", engine)
    assert clock.waits == [1, 2, 4, 8, 1]


def test_the_wait_is_capped_and_old_failures_are_forgotten(engine: Engine, clock: Clock) -> None:
    assert [limits.delay_for(n) for n in (0, 1, 2, 5, 6, 7, 100)] == [0, 1, 2, 16, 30, 30, 30]
    passcode.set_passcode(PASSCODE, engine)
    for _ in range(3):
        passcode.verify("đoán bừa", engine)
    clock.advance(seconds=limits.FAILURE_WINDOW_S + 1)
    passcode.verify("đoán bừa", engine)
    assert clock.waits == [1, 2, 4, 1]


def test_a_one_time_code_is_given_once_and_sets_the_passcode_once(engine: Engine) -> None:
    code = passcode.first_start_code(engine)
    assert code is not None and re.fullmatch(r"[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}", code)
    stored = db.get_setting(passcode.ONE_TIME_KEY, engine)
    assert stored is not None and code not in stored and code.replace("-", "") not in stored
    assert passcode.first_start_code(engine) is None  # printed at an earlier start
    assert passcode.one_time_pending(engine) and not passcode.has_passcode(engine)

    with pytest.raises(InputError) as wrong:
        passcode.redeem_one_time("0000-0000", PASSCODE, engine)  # 0 is never in a code
    assert "không đúng" in wrong.value.vi and "wrong" in wrong.value.en
    assert not passcode.has_passcode(engine)

    passcode.redeem_one_time(f" {code.lower().replace('-', ' ')} ", PASSCODE, engine)
    assert passcode.verify(PASSCODE, engine)
    assert not passcode.one_time_pending(engine)
    with pytest.raises(InputError):
        passcode.redeem_one_time(code, "mật khẩu khác", engine)
    assert passcode.verify(PASSCODE, engine)
    assert passcode.first_start_code(engine) is None


def test_a_too_short_new_passcode_does_not_use_up_the_one_time_code(engine: Engine) -> None:
    code = passcode.first_start_code(engine)
    with pytest.raises(InputError) as exc:
        passcode.redeem_one_time(code, "123", engine)
    assert "ít nhất" in exc.value.vi
    assert passcode.one_time_pending(engine)
    passcode.redeem_one_time(code, PASSCODE, engine)
    assert passcode.has_passcode(engine)


def test_wrong_one_time_codes_are_slowed_like_wrong_passcodes(engine: Engine, clock: Clock) -> None:
    code = passcode.first_start_code(engine)
    assert code is not None
    for _ in range(3):
        with pytest.raises(InputError):
            passcode.redeem_one_time("", PASSCODE, engine)
    assert clock.waits == [1, 2, 4]
    passcode.redeem_one_time(code, PASSCODE, engine)
    assert not passcode.verify("đoán bừa", engine)
    assert clock.waits == [1, 2, 4, 1]  # the right code reset the count


def test_a_page_cannot_set_a_passcode_without_the_code_or_the_current_one(
    engine: Engine,
) -> None:
    with pytest.raises(InputError) as none_pending:
        passcode.redeem_one_time("ABCD-EFGH", PASSCODE, engine)
    assert "kit trainer passcode" in none_pending.value.vi
    assert not passcode.has_passcode(engine)

    passcode.set_passcode(PASSCODE, engine)
    with pytest.raises(InputError):
        passcode.change_passcode("đoán bừa", "mật khẩu của kẻ lạ", engine)
    assert passcode.verify(PASSCODE, engine)
    passcode.change_passcode(PASSCODE, "mật khẩu mới 2026", engine)
    assert passcode.verify("mật khẩu mới 2026", engine)
    assert not passcode.verify(PASSCODE, engine)


def test_setting_the_passcode_on_the_server_withdraws_a_pending_code(engine: Engine) -> None:
    code = passcode.first_start_code(engine)
    passcode.set_passcode(PASSCODE, engine)
    assert not passcode.one_time_pending(engine)
    with pytest.raises(InputError):
        passcode.redeem_one_time(code, "mật khẩu của kẻ lạ", engine)
    assert passcode.verify(PASSCODE, engine)


def test_the_server_prints_a_code_at_first_start_then_that_one_is_pending_then_nothing(
    engine: Engine,
) -> None:
    first = passcode.startup_notice(engine)
    assert first is not None
    vi, en = first.splitlines()
    assert vi.startswith("Mã dùng một lần để đặt mật khẩu giảng viên: ")
    assert en.startswith("One-time code to set the trainer passcode: ")
    code = re.search(r"[2-9A-Z]{4}-[2-9A-Z]{4}", vi)
    assert code is not None and code.group() in en

    pending = passcode.startup_notice(engine)
    assert pending is not None and code.group() not in pending
    assert "kit trainer passcode" in pending and "Chưa có mật khẩu" in pending

    passcode.redeem_one_time(code.group(), PASSCODE, engine)
    assert passcode.startup_notice(engine) is None


def test_a_trainer_page_stays_open_until_the_passcode_changes(engine: Engine) -> None:
    gate = passcode.TrainerGate()
    code = passcode.first_start_code(engine)
    assert not gate.is_open(engine)
    gate.unlock_with_one_time_code(code, PASSCODE, engine)
    assert gate.is_open(engine)

    other_page = passcode.TrainerGate()
    assert not other_page.unlock("đoán bừa", engine) and not other_page.is_open(engine)
    assert other_page.unlock(PASSCODE, engine) and other_page.is_open(engine)

    passcode.set_passcode("mật khẩu mới 2026", engine)
    assert not gate.is_open(engine) and not other_page.is_open(engine)
    gate.unlock("mật khẩu mới 2026", engine)
    gate.lock()
    assert not gate.is_open(engine)


# --- counted per page and for all pages (F2) ------------------------------------------------


def failures(engine: Engine, key: str = limits.GLOBAL_COUNTER) -> int:
    counter = guesses.counters([key], engine).get(key)
    return 0 if counter is None else counter.failures


def test_failures_count_for_all_pages_across_kernels_and_each_page_waits_for_its_own_only(
    engine: Engine, clock: Clock, tmp_path: Path
) -> None:
    passcode.set_passcode(PASSCODE, engine)
    other_kernel = db.create(f"sqlite:///{tmp_path / 'p.sqlite3'}")
    try:
        for _ in range(3):
            assert not passcode.verify("đoán bừa", engine, page="attacker")
        assert clock.waits == [1, 2, 4]
        assert not passcode.verify("gõ nhầm", other_kernel, page="trainer")
        assert clock.waits == [1, 2, 4, 1]  # its own first failure: no wait for the others'
        assert failures(engine) == 4
        assert failures(other_kernel, limits.page_key("attacker")) == 3
    finally:
        other_kernel.dispose()


def test_a_right_passcode_resets_its_own_pages_count_and_no_one_elses(
    engine: Engine, clock: Clock
) -> None:
    """The old code's right passcode reset the one count everybody shared."""
    passcode.set_passcode(PASSCODE, engine)
    for _ in range(3):
        passcode.verify("đoán bừa", engine, page="attacker")
    assert not passcode.verify("gõ nhầm", engine, page="trainer")
    assert passcode.verify(PASSCODE, engine, page="trainer")
    assert failures(engine, limits.page_key("trainer")) == 0
    assert failures(engine) == 4  # the right one took back its own count only
    waits = len(clock.waits)
    assert not passcode.verify("đoán bừa", engine, page="attacker")
    assert clock.waits[waits:] == [8]  # the attacker's page goes on where it was
    assert failures(engine) == 5


# a step: seconds to move the clock on, the page, the passcode typed ("right" or "wrong"), and
# what comes of it: True, False, or "paused" (refused unchecked, PasscodePaused)
PAUSE_SCENARIOS: dict[str, list[tuple[float, str, str, bool | str]]] = {
    "ten wrong passcodes on any pages pause every page for 15 minutes": [
        *[(0, f"page-{n}", "wrong", False) for n in range(10)],
        (0, "page-10", "wrong", "paused"),
        (0, "trainer", "right", "paused"),
        (14 * 60 + 59, "trainer", "right", "paused"),
        (1, "trainer", "right", True),
    ],
    "after the pause the next ten wrong ones pause again": [
        *[(0, "attacker", "wrong", False) for _ in range(10)],
        (15 * 60, "attacker", "wrong", False),
        *[(0, f"page-{n}", "wrong", False) for n in range(9)],
        (0, "trainer", "right", "paused"),
    ],
    "right passcodes never add to the count, wrong ones are forgotten after an hour": [
        *[(0, "attacker", "wrong", False) for _ in range(9)],
        *[(0, "trainer", "right", True) for _ in range(5)],
        (0, "attacker", "wrong", False),
        (0, "trainer", "right", "paused"),
        (15 * 60 + 60 * 60, "attacker", "wrong", False),
        *[(0, f"page-{n}", "wrong", False) for n in range(8)],
        (0, "trainer", "right", True),
    ],
}


@pytest.mark.parametrize("name", sorted(PAUSE_SCENARIOS))
def test_wrong_passcodes_on_all_pages_pause_the_passcode_as_the_rule_says(
    engine: Engine, clock: Clock, name: str
) -> None:
    passcode.set_passcode(PASSCODE, engine)
    clock.moves_on_sleep = False  # the time of each step is the table's alone
    for n, (seconds, page, typed, expected) in enumerate(PAUSE_SCENARIOS[name]):
        clock.advance(seconds=seconds)
        secret = PASSCODE if typed == "right" else f"đoán {n}"
        try:
            got: bool | str = passcode.verify(secret, engine, page=page)
        except limits.PasscodePaused as exc:
            assert "tạm khóa" in exc.vi and "paused" in exc.en
            got = "paused"
        assert got == expected, (n, page, typed)


def test_an_attacker_on_other_pages_never_makes_the_trainer_wait(
    engine: Engine, clock: Clock
) -> None:
    """The old code made every page wait out the last failure's delay, whoever made it: the
    trainer waited 22 s during an attack."""
    passcode.set_passcode(PASSCODE, engine)
    for n in range(3):
        for _ in range(3):  # each attacker page is deep in its waits: 9 failures in all
            passcode.verify("đoán bừa", engine, page=f"attacker-{n}")
    assert clock.waits == [1, 2, 4] * 3
    before, start = len(clock.waits), clock.now()
    assert passcode.TrainerGate().unlock(PASSCODE, engine)
    assert clock.waits[before:] == [] and clock.now() == start


def test_the_unlock_code_opens_one_page_once_and_lifts_the_pause(
    engine: Engine, clock: Clock
) -> None:
    passcode.set_passcode(PASSCODE, engine)
    for n in range(limits.GLOBAL_PAUSE_AFTER):
        passcode.verify("đoán bừa", engine, page=f"attacker-{n}")
    trainer = passcode.TrainerGate()
    with pytest.raises(limits.PasscodePaused) as paused:
        trainer.unlock(PASSCODE, engine)
    assert "15 phút" in paused.value.vi and "unlock code" in paused.value.en

    code = passcode.new_unlock_code(engine)
    assert re.fullmatch(r"[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}", code)
    stored = db.get_setting(passcode.UNLOCK_KEY, engine)
    assert stored is not None and code not in stored and code.replace("-", "") not in stored

    attacker = passcode.TrainerGate()
    with pytest.raises(InputError) as wrong:
        attacker.unlock_with_code("ABCD-EFGH", engine)
    assert "không đúng" in wrong.value.vi and not attacker.is_open(engine)
    assert failures(engine) == limits.GLOBAL_PAUSE_AFTER  # a wrong code lifts nothing

    trainer.unlock_with_code(f" {code.lower()} ", engine)
    assert trainer.is_open(engine) and failures(engine) == 0
    assert passcode.TrainerGate().unlock(PASSCODE, engine)  # the pause is lifted for all
    with pytest.raises(InputError):
        passcode.TrainerGate().unlock_with_code(code, engine)  # once only


def test_an_unlock_code_lapses_and_a_newer_one_replaces_it(engine: Engine, clock: Clock) -> None:
    with pytest.raises(InputError) as none_set:
        passcode.new_unlock_code(engine)
    assert "kit trainer passcode" in none_set.value.vi
    passcode.set_passcode(PASSCODE, engine)
    clock.moves_on_sleep = False
    lapsed = passcode.new_unlock_code(engine)
    clock.advance(seconds=passcode.UNLOCK_CODE_TTL_S)
    with pytest.raises(InputError):
        passcode.use_unlock_code(lapsed, engine)
    older, newer = passcode.new_unlock_code(engine), passcode.new_unlock_code(engine)
    with pytest.raises(InputError):
        passcode.use_unlock_code(older, engine)
    clock.advance(seconds=passcode.UNLOCK_CODE_TTL_S - 1)
    passcode.use_unlock_code(newer, engine)
    db.put_setting(passcode.UNLOCK_KEY, '{"code": "damaged"}', engine)
    with pytest.raises(InputError):
        passcode.use_unlock_code(newer, engine)


def test_an_unlock_code_used_on_one_server_is_refused_on_another(
    engine: Engine, tmp_path: Path
) -> None:
    passcode.set_passcode(PASSCODE, engine)
    other_server = db.create(f"sqlite:///{tmp_path / 'p.sqlite3'}")
    try:
        code = passcode.new_unlock_code(other_server)
        passcode.use_unlock_code(code, engine)
        with pytest.raises(InputError):
            passcode.use_unlock_code(code, other_server)
    finally:
        other_server.dispose()


def test_a_code_another_server_takes_between_the_check_and_the_take_opens_nothing(
    engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    passcode.set_passcode(PASSCODE, engine)
    code = passcode.new_unlock_code(engine)
    other_server = db.create(f"sqlite:///{tmp_path / 'p.sqlite3'}")
    checked = passcode._unlock_matches
    raced: list[bool] = []

    def meanwhile(given: str, stored: str, now: datetime) -> bool:
        right = checked(given, stored, now)
        if not raced:  # the other server takes the code right after this one checked it
            raced.append(True)
            passcode.use_unlock_code(code, other_server)
        return right

    monkeypatch.setattr(passcode, "_unlock_matches", meanwhile)
    try:
        with pytest.raises(InputError):
            passcode.use_unlock_code(code, engine)
    finally:
        other_server.dispose()
    assert raced == [True] and db.get_setting(passcode.UNLOCK_KEY, engine) is None


def _use_code(url: str, code: str, start, results) -> None:  # type: ignore[no-untyped-def]
    eng = db.create(url)
    start.wait(timeout=60)
    try:
        passcode.use_unlock_code(code, eng, clock=Clock(datetime.now(UTC)))
        results.put("opened")
    except InputError:
        results.put("refused")
    finally:
        eng.dispose()


def test_two_servers_typing_the_same_unlock_code_at_once_open_one_page(
    engine: Engine, tmp_path: Path
) -> None:
    passcode.set_passcode(PASSCODE, engine)
    code = passcode.new_unlock_code(engine)
    url = f"sqlite:///{tmp_path / 'p.sqlite3'}"
    ctx = multiprocessing.get_context("spawn")
    start, results = ctx.Barrier(2), ctx.Queue()
    procs = [ctx.Process(target=_use_code, args=(url, code, start, results)) for _ in range(2)]
    for p in procs:
        p.start()
    got = sorted(results.get(timeout=180) for _ in procs)
    for p in procs:
        p.join(timeout=60)
        assert p.exitcode == 0
    assert got == ["opened", "refused"]


def _guess_passcode(url: str, pages: list[str], start, results) -> None:  # type: ignore[no-untyped-def]
    eng = db.create(url)
    clock = Clock()  # both processes guess at the same moment: the pause never runs out
    start.wait(timeout=60)
    seen = {"checked": 0, "paused": 0}
    for page in pages:
        try:
            passcode.verify("đoán bừa", eng, page=page, clock=clock)
            seen["checked"] += 1
        except limits.PasscodePaused:
            seen["paused"] += 1
    eng.dispose()
    results.put(seen)


def test_two_processes_guessing_the_passcode_at_once_are_held_to_one_count(
    engine: Engine, tmp_path: Path
) -> None:
    passcode.set_passcode(PASSCODE, engine)
    url = f"sqlite:///{tmp_path / 'p.sqlite3'}"
    ctx = multiprocessing.get_context("spawn")
    start, results = ctx.Barrier(2), ctx.Queue()
    procs = [
        ctx.Process(
            target=_guess_passcode, args=(url, [f"{w}-{n}" for n in range(15)], start, results)
        )
        for w in ("a", "b")
    ]
    for p in procs:
        p.start()
    seen = [results.get(timeout=180) for _ in procs]
    for p in procs:
        p.join(timeout=60)
        assert p.exitcode == 0
    assert sum(s["checked"] for s in seen) == limits.GLOBAL_PAUSE_AFTER
    assert sum(s["paused"] for s in seen) == 30 - limits.GLOBAL_PAUSE_AFTER
    assert failures(engine) == limits.GLOBAL_PAUSE_AFTER


def test_each_trainer_page_is_a_page_of_its_own() -> None:
    pages = {passcode.TrainerGate().page for _ in range(50)}
    assert len(pages) == 50


# --- kit trainer passcode -------------------------------------------------------------------


@pytest.fixture
def cli_url(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> str:
    url = engine.url.render_as_string(hide_password=False)
    monkeypatch.setenv("KIT_DATABASE_URL", url)
    return url


def test_cli_sets_the_passcode_from_one_line_of_stdin(
    engine: Engine,
    cli_url: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    passcode.first_start_code(engine)
    monkeypatch.setattr("sys.stdin", io.StringIO(f"{PASSCODE}\nignored\n"))
    assert main(["trainer", "passcode", "--stdin"]) == 0
    out = capsys.readouterr().out
    assert "Đã đặt mật khẩu giảng viên." in out and "The trainer passcode is set." in out
    assert passcode.verify(PASSCODE, engine)
    assert not passcode.one_time_pending(engine)


def test_cli_refuses_a_too_short_passcode_with_exit_1(
    engine: Engine,
    cli_url: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("abc\n"))
    assert main(["trainer", "passcode", "--stdin"]) == 1
    err = capsys.readouterr().err
    assert "ít nhất 6 ký tự" in err and "at least 6 characters" in err
    assert not passcode.has_passcode(engine)


def test_cli_asks_twice_and_exits_2_when_the_entries_differ(
    engine: Engine,
    cli_url: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    answers = iter([PASSCODE, PASSCODE + "!"])
    monkeypatch.setattr(passcode_cli.getpass, "getpass", lambda prompt="": next(answers))
    assert main(["trainer", "passcode"]) == 2
    err = capsys.readouterr().err
    assert "không khớp" in err and "differ" in err
    assert not passcode.has_passcode(engine)

    answers = iter([PASSCODE, PASSCODE])
    assert main(["trainer", "passcode"]) == 0
    assert passcode.verify(PASSCODE, engine)


def test_cli_trainer_without_an_action_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["trainer"]) == 2
    assert "kit trainer passcode" in capsys.readouterr().err


def test_cli_prints_an_unlock_code_that_opens_a_page_once(
    engine: Engine, cli_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["trainer", "code"]) == 1  # no passcode yet: nothing to unlock
    err = capsys.readouterr().err
    assert "kit trainer passcode" in err and "nothing to unlock" in err
    passcode.set_passcode(PASSCODE, engine)
    assert main(["trainer", "code"]) == 0
    out = capsys.readouterr().out
    vi, en = out.strip().splitlines()
    code = re.search(r"[2-9A-Z]{4}-[2-9A-Z]{4}", vi)
    assert code is not None and code.group() in en and "Mã mở khóa" in vi
    gate = passcode.TrainerGate()
    gate.unlock_with_code(code.group(), engine)
    assert gate.is_open(engine)
    with pytest.raises(InputError):
        passcode.TrainerGate().unlock_with_code(code.group(), engine)

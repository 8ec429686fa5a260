"""Is the trainer passcode kept as a salted hash, set only from the server's side, and are wrong
passcodes slowed down across kernels?"""

from __future__ import annotations

import hashlib
import io
import json
import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from kit.cli import main
from kit.core.errors import InputError, StoreError
from kit.store import db
from kit.workshops import passcode, passcode_cli

PASSCODE = "Quảng Trị 2025"


class Clock:
    """Stands in for ``time`` in the passcode module: sleeping only moves the clock on."""

    def __init__(self) -> None:
        self.now = 1_000_000.0
        self.waits: list[float] = []

    def time(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.waits.append(seconds)
        self.now += seconds


@pytest.fixture
def engine(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Engine]:
    monkeypatch.setattr(passcode, "WRONG_PASSCODE_DELAY_S", 0)
    monkeypatch.setattr(passcode, "ITERATIONS", 1_000)  # the stored record names its own count
    eng = db.create(f"sqlite:///{tmp_path / 'p.sqlite3'}")
    db.upgrade(eng)
    yield eng
    eng.dispose()


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    fake = Clock()
    monkeypatch.setattr(passcode, "time", fake)
    monkeypatch.setattr(passcode, "WRONG_PASSCODE_DELAY_S", 1.0)
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
    assert [passcode.delay_for(n) for n in (0, 1, 2, 5, 6, 7, 100)] == [0, 1, 2, 16, 30, 30, 30]
    passcode.set_passcode(PASSCODE, engine)
    for _ in range(3):
        passcode.verify("đoán bừa", engine)
    clock.now += passcode.FAILURE_WINDOW_S + 1
    passcode.verify("đoán bừa", engine)
    assert clock.waits == [1, 2, 4, 1]


def test_failures_are_counted_across_kernels_and_an_attempt_waits_for_an_earlier_failure(
    engine: Engine, clock: Clock, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    passcode.set_passcode(PASSCODE, engine)
    other_kernel = db.create(f"sqlite:///{tmp_path / 'p.sqlite3'}")
    try:
        assert not passcode.verify("đoán bừa", engine)
        assert not passcode.verify("đoán bừa", other_kernel)
        assert clock.waits == [1, 2]
        # another kernel has just failed a third time and is still inside its 4 s wait:
        # even the right passcode, typed now on this page, waits for that wait to end
        with monkeypatch.context() as m:
            m.setattr(passcode, "_sleep", lambda seconds: None)
            passcode._fail(other_kernel)
        assert passcode.verify(PASSCODE, engine)
        assert clock.waits == [1, 2, 4]
    finally:
        other_kernel.dispose()


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

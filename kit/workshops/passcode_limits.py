"""How wrong trainer passcodes and codes are held back (the rules :mod:`kit.workshops.passcode`
applies), counted in the database by :mod:`kit.store.guesses`:

* **per page** (``passcode:page:<page>``; a page is one trainer page's kernel, named by its
  :class:`~kit.workshops.passcode.TrainerGate`): the n-th failure in a row on a page waits
  :data:`WRONG_PASSCODE_DELAY_S` × 2^(n − 1) seconds, at most :data:`MAX_DELAY_S`, on that page
  only; a page's failures are forgotten :data:`FAILURE_WINDOW_S` after its last one;
* **for all pages** (``passcode:all``), wrong passcodes only: every
  :data:`GLOBAL_PAUSE_AFTER`-th one, whichever page it came from, pauses the passcode for
  :data:`GLOBAL_PAUSE_S` on every page (no passcode is checked then, the right one neither), so
  at most :data:`GLOBAL_PAUSE_AFTER` wrong passcodes are checked per pause however many pages
  guess: 40 an hour. They are forgotten :data:`GLOBAL_FORGET_S` after the last one.

Each attempt is counted before the secret is checked (:func:`start`), so pages guessing at once
cannot slip past a limit. A right passcode or code forgets its own page's failures and takes back
its own count for all pages (:func:`succeeded`): it resets nobody else's. An attacker on other
pages never makes the trainer's page wait; the pause is the one thing they can bring about, and
the unlock code lifts it (:func:`lift_pause`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Engine

from kit.core.errors import InputError
from kit.store import guesses

#: The wait after a page's first wrong passcode or code (seconds); it doubles with each failure.
WRONG_PASSCODE_DELAY_S = 1.0
MAX_DELAY_S = 30.0
#: A page's failures this long (seconds) after its last one are forgotten.
FAILURE_WINDOW_S = 15 * 60
#: Every this many wrong passcodes on all pages together pause the passcode for GLOBAL_PAUSE_S.
GLOBAL_PAUSE_AFTER = 10
GLOBAL_PAUSE_S = 15 * 60
#: Wrong passcodes on all pages are forgotten this long (seconds) after the last one.
GLOBAL_FORGET_S = 60 * 60
#: Page counters untouched this long (seconds) are deleted when a failure is counted.
STALE_PAGE_S = 24 * 60 * 60

GLOBAL_COUNTER = "passcode:all"
PAGE_COUNTER = "passcode:page:"


class PasscodePaused(InputError):
    """The passcode is paused for every page after many wrong ones; it was not checked."""


@dataclass(frozen=True)
class Attempt:
    """One passcode or code being checked on a page: what it was charged."""

    page_key: str
    page: guesses.Charge
    everyone: guesses.Charge | None
    clock: guesses.Clock


def delay_for(failures: int) -> float:
    """Seconds a page waits after its ``failures``-th failure in a row (0 for none)."""
    if failures <= 0:
        return 0.0
    return float(min(WRONG_PASSCODE_DELAY_S * 2 ** min(failures - 1, 30), MAX_DELAY_S))


def page_key(page: str) -> str:
    return f"{PAGE_COUNTER}{page[:100]}"


def _global_rule() -> guesses.Rule:
    return guesses.Rule(
        pause_after=GLOBAL_PAUSE_AFTER,
        pause=timedelta(seconds=GLOBAL_PAUSE_S),
        forget_after=timedelta(seconds=GLOBAL_FORGET_S),
    )


def _page_rule() -> guesses.Rule:
    return guesses.Rule(forget_after=timedelta(seconds=FAILURE_WINDOW_S))


def _paused(until: datetime, now: datetime) -> PasscodePaused:
    minutes = max(1, math.ceil((until - now).total_seconds() / 60))
    return PasscodePaused(
        f"Mật khẩu giảng viên đang tạm khóa thêm {minutes} phút vì có nhiều lần nhập sai. "
        "Nếu bạn là giảng viên, hãy nhập mã mở khóa tạo trên máy chủ.",
        f"The trainer passcode is paused for {minutes} more minutes after many wrong tries. "
        "If you are the trainer, enter an unlock code made on the server.",
    )


def start(page: str, clock: guesses.Clock, eng: Engine | None, *, for_all: bool) -> Attempt:
    """Count an attempt on ``page`` (and for all pages when ``for_all``, a passcode) before it
    is checked; :class:`PasscodePaused`, with nothing counted, while the passcode is paused."""
    now = clock.now()
    everyone = None
    if for_all:
        everyone = guesses.charge(GLOBAL_COUNTER, _global_rule(), now, eng)
        if not everyone.allowed:
            raise _paused(everyone.counter.paused_until(now) or now, now)
    key = page_key(page)
    return Attempt(key, guesses.charge(key, _page_rule(), now, eng), everyone, clock)


def succeeded(attempt: Attempt, eng: Engine | None) -> None:
    """The secret was right: forget this page's failures and take back this attempt's count."""
    guesses.clear(attempt.page_key, eng)
    if attempt.everyone is not None:
        guesses.refund(attempt.everyone, eng)


def failed(attempt: Attempt, eng: Engine | None) -> None:
    """The secret was wrong: the page waits for its own count of failures (long-closed pages'
    counters are deleted on the way)."""
    stale = attempt.page.at - timedelta(seconds=STALE_PAGE_S)
    guesses.forget_stale(PAGE_COUNTER, stale, eng)
    attempt.clock.sleep(delay_for(attempt.page.counter.failures))


def lift_pause(eng: Engine | None) -> None:
    """Forget the failures of all pages together (the unlock code, ``kit trainer passcode``)."""
    guesses.clear(GLOBAL_COUNTER, eng)

"""Can the trainer look a trainee up, unlock them and give them a new PIN from the trainer app,
only while the trainer page is open, and get into a page paused by an attacker's guesses with an
unlock code?"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import ipywidgets as w
import pytest

from kit import trainees
from kit.apps.trainer import TrainerView
from kit.apps.ui.identity import IdentityGate
from kit.apps.ui.shell import AppShell
from kit.core.errors import InputError
from kit.core.i18n import t
from kit.workshops import passcode
from kit.workshops import passcode_limits as limits
from tests.test_exercises_app import widget_texts
from tests.test_plans_app import walk

PASSCODE = "hoi-truong-2026"
EVIL = "Lê Văn Tám <b onmouseover=alert(1)>!</b>"
UNIT = "Sở Tư pháp"


@pytest.fixture(autouse=True)
def room(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("KIT_DATA_DIR", str(tmp_path))  # a store of its own
    monkeypatch.setattr(limits, "WRONG_PASSCODE_DELAY_S", 0)
    monkeypatch.setattr(trainees, "WRONG_PIN_DELAY_S", 0)
    monkeypatch.setattr(passcode, "ITERATIONS", 1_000)
    passcode.set_passcode(PASSCODE)
    yield


def open_page(unlocked: bool = True) -> tuple[AppShell, TrainerView]:
    shell = AppShell("trainer", None, lang="vi")
    view = TrainerView(shell)
    shell.mount(view.render)
    if unlocked:
        view.unlock(PASSCODE)
        view.set_mode("trainees")
    return shell, view


def buttons(root: w.Widget) -> list[w.Button]:
    return [n for n in walk(root) if isinstance(n, w.Button)]


def click(shell: AppShell, label: str, nth: int = 0) -> None:
    [b for b in buttons(shell.widget) if b.description == label][nth].click()


def typed(shell: AppShell, placeholder: str, value: str) -> None:
    box = next(n for n in walk(shell.widget) if getattr(n, "placeholder", None) == placeholder)
    box.value = value


def guess_wrong(reg: trainees.Registration, times: int) -> None:
    wrong = f"{(int(reg.pin) + 1) % 10**6:06d}"
    for _ in range(times):
        with pytest.raises(InputError):
            trainees.resume(EVIL, UNIT, wrong, None)


def test_the_trainer_finds_a_locked_trainee_unlocks_them_and_gives_a_new_pin_once() -> None:
    reg = trainees.register(EVIL, UNIT, "A")
    trainees.register("Phạm Thị Khác", "UBND xã An Phú", "B")
    guess_wrong(reg, 5)
    shell, _view = open_page()

    typed(shell, t("trainer.find_field", "vi"), "le van tam")
    click(shell, t("trainer.find", "vi"))
    texts = widget_texts(shell.widget)
    assert shell.error_html == ""
    assert UNIT in texts and "vào lúc" in texts and "tạm khóa đến" in texts
    assert "Phạm Thị Khác" not in texts
    assert "<b onmouseover" not in texts and "&lt;b onmouseover=alert(1)&gt;" in texts

    click(shell, t("trainer.unlock_trainee", "vi"))
    assert "Đã mở khóa cho" in widget_texts(shell.widget) and shell.error_html == ""
    assert trainees.resume(EVIL, UNIT, reg.pin).identity.id == reg.identity.id

    click(shell, t("trainer.new_pin", "vi"))
    shown = re.search(r"Mã PIN mới của .*?: (\d{6})\.", widget_texts(shell.widget))
    assert shown is not None
    new_pin = shown.group(1)
    shell.refresh()
    assert new_pin not in widget_texts(shell.widget)  # shown once only
    assert trainees.resume(EVIL, UNIT, new_pin).identity.id == reg.identity.id
    with pytest.raises(InputError):
        trainees.resume(EVIL, UNIT, reg.pin)

    typed(shell, t("trainer.find_field", "vi"), "Không Ai Tên Này")
    click(shell, t("trainer.find", "vi"))
    assert t("trainer.no_match", "vi") in widget_texts(shell.widget)


def test_a_locked_or_closed_trainer_page_refuses_every_action_on_trainees() -> None:
    reg = trainees.register(EVIL, UNIT, "A")
    guess_wrong(reg, 5)
    locked_shell, locked = open_page(unlocked=False)
    opened_shell, opened = open_page()
    opened.desk.search("tám")
    passcode.set_passcode("mật khẩu mới 2026")  # changed elsewhere: the open page closes
    for shell, view in ((locked_shell, locked), (opened_shell, opened)):
        for action in (
            lambda view=view: view.desk.search("tám"),
            lambda view=view: view.desk.unlock(reg.identity.id),
            lambda view=view: view.desk.new_pin(reg.identity.id),
        ):
            shell.guard(action)()
            assert "đã khóa" in shell.error_html
    found = trainees.find("tám")[0]
    assert found.lock.failures == 5 and found.lock.blocked
    trainees.unlock(reg.identity.id)
    assert trainees.resume(EVIL, UNIT, reg.pin).identity.id == reg.identity.id  # same PIN


def test_an_unlock_code_opens_the_trainer_page_while_wrong_guesses_pause_the_passcode() -> None:
    for n in range(limits.GLOBAL_PAUSE_AFTER):
        passcode.verify("đoán bừa", page=f"attacker-{n}")
    shell, view = open_page(unlocked=False)
    # the browser tests press the button named "Mở khóa": no other button of the form may hold it
    labels = [b.description.casefold() for b in buttons(shell.widget)]
    assert [x for x in labels if "mở khóa" in x] == [t("trainer.unlock", "vi").casefold()]

    shell.guard(view.unlock)(PASSCODE)
    assert "tạm khóa" in shell.error_html and not view.gate.is_open()

    code = passcode.new_unlock_code()
    typed(shell, t("trainer.unlock_code", "vi"), "ABCD-EFGH")
    click(shell, t("trainer.use_code", "vi"))
    assert "Mã mở khóa không đúng" in shell.error_html and not view.gate.is_open()
    typed(shell, t("trainer.unlock_code", "vi"), code)
    click(shell, t("trainer.use_code", "vi"))
    assert view.gate.is_open() and shell.error_html == ""
    assert t("trainer.mode_trainees", "vi") in widget_texts(shell.widget)
    assert passcode.verify(PASSCODE, page="another")  # the pause is lifted for every page


def test_the_resume_form_says_a_forgotten_pin_comes_from_the_trainer() -> None:
    for lang in ("vi", "en"):
        gate = IdentityGate(AppShell("exercises", None, lang=lang), lambda _identity: None)
        assert t("exercises.pin_help", lang) in widget_texts(gate.form(lang))

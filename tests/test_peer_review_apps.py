"""The peer-review screens in the kernel: the trainer's button disabled with its reason until three
trainees answered, a refusal shown next to the control that caused it (nothing stored), a locked
page refused; the trainee's panel shows answers of others without their authors, refuses a forged
answer under its button, and lists the reviews sent."""

from __future__ import annotations

from datetime import date

import pytest

from kit import api, trainees
from kit.apps.trainer import TrainerView
from kit.apps.ui.shell import AppShell
from kit.apps.workshop_review import ReviewPanel
from kit.core.i18n import t
from kit.workshops import peer, peer_reviews, peer_rounds, sessions
from tests.test_exercises_app import widget_texts
from tests.test_plans_app import walk

CAT = api.load_content()
ITEM = "l05-ex-07"
FULL = {r.key: r.top for r in peer.rows_of(CAT.items[ITEM])}


def class_with(answers: int) -> tuple[sessions.WorkshopInfo, list[int]]:
    spec = sessions.validate_spec(
        {
            "title": "Lớp chấm chéo",
            "day": date(2026, 12, 7),
            "track": "B",
            "lessons": ["l05-viet-cho-cong-chung"],
        },
        CAT,
    )
    ws = sessions.create(spec)
    ids = []
    for i in range(answers):
        who = trainees.register(f"Người viết <b>{i}</b>", "Xã Tân Lập", "B").identity
        sessions.join(ws, who.id)
        trainees.record_attempt(who.id, ITEM, f"Bản tin thứ {i} về dự thảo.", 4.0, 10, ws.context())
        ids.append(who.id)
    return ws, ids


def trainer_on(ws: sessions.WorkshopInfo, monkeypatch: pytest.MonkeyPatch) -> TrainerView:
    shell = AppShell("trainer", None)
    view = TrainerView(shell)
    monkeypatch.setattr(view.gate, "is_open", lambda: True)
    shell.mount(view.render)
    view.choose(ws.id)
    view.set_mode("review")
    return view


def buttons(view: TrainerView, label: str) -> list[object]:
    return [b for b in walk(view.shell.widget) if getattr(b, "description", "") == label]


def test_the_open_button_is_disabled_with_its_reason_until_three_answered(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    ws, _ids = class_with(2)
    view = trainer_on(ws, monkeypatch)
    [button] = buttons(view, t("peer.open", "vi"))
    assert button.disabled  # type: ignore[attr-defined]
    assert "hiện có 2" in widget_texts(view.shell.widget)
    view.shell.set_lang("en")
    assert "2 have" in widget_texts(view.shell.widget)


def test_a_forged_calibration_is_refused_next_to_the_button_and_nothing_opens(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    ws, _ids = class_with(3)
    other, _ = class_with(3)
    view = trainer_on(ws, monkeypatch)
    [button] = buttons(view, t("peer.open", "vi"))
    assert not button.disabled  # type: ignore[attr-defined]
    view.review.calibration_id = peer_rounds.candidates(other, ITEM)[0].attempt_id
    view.review.open(ws, FULL)
    assert "bài hiệu chuẩn" in view.review._problem.value
    assert peer_rounds.rounds(ws) == []
    view.review.calibration_id = peer_rounds.candidates(ws, ITEM)[0].attempt_id
    view.review.open(ws, {**FULL, "r0": 7})
    assert "0 đến 3" in view.review._problem.value and peer_rounds.rounds(ws) == []
    button.click()  # type: ignore[attr-defined]
    assert len(peer_rounds.rounds(ws)) == 1
    texts = widget_texts(view.shell.widget)
    assert t("peer.opened", "vi") in texts and "<b>0</b>" not in texts  # names escaped


def test_a_locked_trainer_page_cannot_open_a_round(monkeypatch: pytest.MonkeyPatch) -> None:
    ws, _ids = class_with(3)
    view = trainer_on(ws, monkeypatch)
    monkeypatch.setattr(view.gate, "is_open", lambda: False)
    view.shell.guard(lambda: view.review.open(ws, FULL))()
    assert "đã khóa" in view.shell.error_html and peer_rounds.rounds(ws) == []


def test_the_trainees_panel_refuses_a_forged_answer_and_lists_what_was_sent() -> None:
    ws, ids = class_with(4)
    cands = peer_rounds.candidates(ws, ITEM)
    peer_rounds.open_round(ws, CAT, ITEM, cands[0].attempt_id, FULL, 3)
    me = ids[1]
    shell = AppShell("workshop", None)
    panel = ReviewPanel(shell, CAT, lambda: (ws, me))
    shell.mount(lambda lang: panel.widgets(lang)[0])
    texts = widget_texts(shell.widget)
    assert "Bài 1/" in texts and "Người viết" not in texts  # never an author's name
    assert "Bản tin thứ 1 " not in texts  # never their own answer
    mine = {x.attempt_id for x in peer_reviews.tasks(ws, me)}
    forged = next(c.attempt_id for c in cands if c.attempt_id not in mine)
    panel.send(forged, FULL, "")
    assert "không được giao" in panel._problem.value
    first = peer_reviews.tasks(ws, me)[0]
    panel.send(first.attempt_id, {**FULL, "r1": 1}, "Ổn")
    texts = widget_texts(shell.widget)
    assert "Bài 1: 9/10 điểm" in texts and "Bài 2/" in texts
    assert t("peer.sent", "vi", place=1, total="9", top=10) in texts

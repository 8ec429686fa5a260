"""Does the trainer's dashboard say its statistics in words a trainer can act on: numbers written
as Vietnamese writes them, α explained when it is missing, negative or drawn from few trainees,
Hake's gain explained, and the right workshop followed after a reload?"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from kit.workshops.dashboard import current_workshop
from kit.workshops.gain import Gain, TraineeGain
from kit.workshops.item_stats import ItemStats
from kit.workshops.marks import Response, figure
from kit.workshops.sessions import WorkshopInfo
from kit.workshops.stats import Report, item_statistics
from kit.workshops.stats_words import alpha_words, gain_words


@pytest.mark.parametrize(
    ("value", "lang", "places", "shown"),
    [
        (26.5, "vi", 1, "26,5"),
        (0.78, "vi", 2, "0,78"),
        (0.78, "en", 2, "0.78"),
        (-4.444, "vi", 2, "-4,44"),
        (1234.5, "vi", 1, "1.234,5"),
        (1234.5, "en", 1, "1,234.5"),
        (-0.0001, "vi", 2, "0"),  # never "-0"
        (100.0, "vi", 1, "100"),
        (38.53571428571428, "vi", 1, "38,5"),
    ],
)
def test_figures_are_written_as_the_language_writes_them(
    value: float, lang: str, places: int, shown: str
) -> None:
    assert figure(value, lang, places) == shown


def _item(name: str) -> ItemStats:
    return ItemStats(name, 3, 1.0, 0.5, 50.0, None, "ok")


def _report(alpha: float | None, alpha_n: int, items: int = 4, trainees: int = 0) -> Report:
    cast = tuple(_item(f"q{i}") for i in range(items))
    return Report(cast, alpha, alpha_n, None, None, (), trainees or alpha_n)


@pytest.mark.parametrize(
    ("report", "vi_has", "en_has", "vi_lacks"),
    [
        (
            _report(-4.44, 3),
            ["α = -4,44", "ngoài khoảng 0–1", "kéo ngược nhau", "3 học viên"],
            ["outside 0–1", "pull against each other"],
            ["đạt"],
        ),
        (_report(-0.05, 40), ["-0,05", "ngoài khoảng 0–1"], ["-0.05"], ["Chỉ có"]),
        (
            _report(0.78, 6),
            ["α = 0,78", "(đạt)", "Chỉ có 6 học viên", "dấu hiệu"],
            ["0.78", "satisfactory", "Only 6 trainees"],
            ["0.78"],
        ),
        (_report(0.7, 25), ["α = 0,7", "tạm được"], ["borderline"], ["Chỉ có", "ngoài khoảng"]),
        (
            _report(0.5, 12, trainees=20),
            ["chưa đạt", "12/20 học viên làm đủ"],
            ["12 of 20"],
            ["Chỉ có"],
        ),
        (
            _report(None, 1),
            ["Chưa tính được", "ít nhất 2 học viên", "hiện có 1"],
            ["2 trainees"],
            ["α ="],
        ),
        (_report(None, 5), ["tổng điểm bằng nhau"], ["same total"], ["α ="]),
        (_report(None, 0, items=1), ["ít nhất 2 câu hỏi"], ["2 answered items"], ["α ="]),
    ],
)
def test_alpha_is_explained_in_words_when_it_is_odd_missing_or_from_few_trainees(
    report: Report, vi_has: list[str], en_has: list[str], vi_lacks: list[str]
) -> None:
    said = alpha_words(report)
    for words in vi_has:
        assert words in said.vi
    for words in en_has:
        assert words in said.en
    for words in vi_lacks:
        assert words not in said.vi


def test_a_negative_alpha_from_real_answers_is_said_to_be_not_meaningful() -> None:
    """Three trainees whose answers pull against each other: α comes out below 0."""
    rows = {"An": (1, 0, 1), "Bình": (0, 1, 0), "Chi": (1, 1, 0)}
    responses = [
        Response(who, f"q{i}", float(mark), 1.0)
        for who, marks in rows.items()
        for i, mark in enumerate(marks)
    ]
    report = item_statistics(responses)
    assert report.alpha is not None and report.alpha < 0
    said = alpha_words(report)
    assert "ngoài khoảng 0–1" in said.vi and "3 học viên" in said.vi
    assert "." not in said.vi.split("α = ")[1].split(":")[0]  # the figure has a comma


def _gain(value: float | None, pre: float, post: float, n: int, alone: int = 0) -> Gain:
    trainees = {f"t{i}": TraineeGain(pre, post, value) for i in range(n)}
    trainees |= {f"a{i}": TraineeGain(pre, None, None) for i in range(alone)}
    return Gain(value, pre, post, n, trainees)


@pytest.mark.parametrize(
    ("gain", "vi_has", "en_has"),
    [
        (
            _gain(0.45, 40.0, 67.0, 12),
            [
                "g = 0,45 (trung bình)",
                "45%",
                "40% ở bài đầu vào",
                "67% ở bài cuối khóa",
                "12 học viên",
            ],
            ["0.45 (medium)"],
        ),
        (
            _gain(0.8, 26.5, 85.3, 4, alone=2),
            ["(cao)", "26,5%", "85,3%", "Chỉ có 4 học viên", "2 học viên chỉ làm một"],
            ["sat only one"],
        ),
        (_gain(-0.2, 50.0, 40.0, 15), ["g = -0,2", "thấp hơn đầu vào"], ["negative"]),
        (_gain(None, 100.0, 100.0, 10), ["100% ở bài đầu vào", "không còn chỗ"], ["no room"]),
        (Gain(None, None, None, 0, {}), ["chưa có học viên nào làm cả"], ["no trainee"]),
    ],
)
def test_the_gain_is_explained_in_words(gain: Gain, vi_has: list[str], en_has: list[str]) -> None:
    said = gain_words(gain)
    for words in vi_has:
        assert words in said.vi
    for words in en_has:
        assert words in said.en


def test_without_a_pre_and_post_test_nothing_is_said_about_gain() -> None:
    assert gain_words(None).vi == gain_words(None).en == ""


TODAY = date(2026, 11, 22)
CLOSED = datetime(2026, 11, 22, 17, tzinfo=UTC)


def _ws(wid: int, day: date, closed: bool = False) -> WorkshopInfo:
    return WorkshopInfo(
        wid,
        f"C{wid:05d}",
        f"Lớp {wid}",
        day,
        "",
        "B",
        (),
        (),
        (),
        True,
        0,
        tests_closed_at=CLOSED if closed else None,
    )


@pytest.mark.parametrize(
    ("known", "expected"),
    [
        ([], None),
        ([_ws(1, TODAY)], 1),
        ([_ws(1, date(2026, 11, 20)), _ws(2, TODAY), _ws(3, date(2026, 11, 30))], 2),
        ([_ws(1, TODAY), _ws(2, TODAY)], 2),  # two today: the one opened last
        ([_ws(1, TODAY, closed=True), _ws(2, date(2026, 11, 1))], 2),  # today's closed
        ([_ws(1, date(2026, 12, 5)), _ws(2, date(2026, 11, 25))], 2),  # only ahead: nearest
        ([_ws(1, TODAY, closed=True), _ws(2, date(2026, 1, 1), closed=True)], 1),  # all closed
    ],
)
def test_a_reloaded_trainer_page_follows_the_open_workshop_of_the_day(
    known: list[WorkshopInfo], expected: int | None
) -> None:
    chosen = current_workshop(known, TODAY)
    assert (chosen.id if chosen else None) == expected

"""The automatic score of a writing answer, its checks and its feedback.

Content checks (the required ideas, where and by when to comment) earn nothing when the text
contradicts its brief, takes sides or is degenerate (:mod:`kit.grading.writing.integrity`).
Style checks (sentence length, abbreviations, length) earn points only when every content check
earns at least half of its own: short sentences are worth something only in a text that says
what it must. The first feedback line says the score is provisional when a trainer or a peer
still has to judge accuracy and fairness, which no automatic check can.
"""

from __future__ import annotations

from dataclasses import dataclass

from kit.content.schemas import RubricCheck, Writing
from kit.grading.rubric import STYLE_CHECKS, CheckResult, result, run_style_check
from kit.grading.writing import checks, integrity
from kit.grading.writing.doc import Doc, read
from kit.grading.writing.ideas import find_ideas
from kit.grading.writing.integrity import Problem

CONTENT_KINDS = ("covers_items", "says_where_and_when")
#: share of its points each content check must earn before style points count
CONTENT_PASS = 0.5


@dataclass(frozen=True)
class WritingScore:
    score: float
    auto_max: int
    feedback: list[str]
    checks: list[CheckResult]
    problems: list[Problem]


def line(vi: str, en: str) -> str:
    """One feedback line: Vietnamese, then English."""
    return f"{vi} / {en}"


def _problems(item: Writing, doc: Doc, brief: Doc) -> list[Problem]:
    draft = any(c.draft for c in item.rubric)
    return [
        *integrity.stance_problems(doc, draft),
        *integrity.figure_problems(doc, brief),
        *integrity.one_sided_problems(doc),
        *integrity.degenerate_problems(doc, brief),
    ]


def _content(check: RubricCheck, doc: Doc, brief: Doc) -> tuple[float, str, str, list[Problem]]:
    if check.kind == "covers_items":
        ideas = find_ideas(check, doc, brief)
        denied = [
            Problem(
                "contradiction",
                f"Bài viết phủ định điều đề bài khẳng định ({idea.name}): “{quote}”.",
                f"The text denies what the brief states ({idea.name}): “{quote}”.",
            )
            for idea in ideas
            for quote in idea.denied
        ]
        return (*checks.covers(check, ideas), denied)
    return (*checks.where_and_when(check, doc), [])


def _already_said(denial: Problem, problems: list[Problem]) -> bool:
    """Is the quote of ``denial`` (between “ ”) already in a problem found before?"""
    quote = denial.vi.rsplit("“", 1)[-1].rstrip("”.")
    return any(quote in p.vi for p in problems)


def grade_writing(item: Writing, text: str) -> WritingScore:
    """Score ``text`` against ``item``'s rubric (the trainer's points are not included)."""
    doc = read(text)
    brief = read(item.prompt, doc.bare)
    problems = _problems(item, doc, brief)
    content: dict[int, tuple[float, str, str]] = {}
    for n, check in enumerate(item.rubric):
        if check.kind in CONTENT_KINDS:
            share, vi, en, denied = _content(check, doc, brief)
            problems += [d for d in denied if not _already_said(d, problems)]
            content[n] = (share, vi, en)
    void = bool(problems)
    passed = not void and all(share >= CONTENT_PASS for share, _vi, _en in content.values())
    results = []
    for n, check in enumerate(item.rubric):
        if n in content:
            share, vi, en = content[n]
            if void:  # never say an idea is there when the text voids it
                good = share == 1
                vi = "Chưa tính điểm vì các vấn đề nêu trên." + ("" if good else f" {vi}")
                en = "No points because of the problems above." + ("" if good else f" {en}")
                share = 0
            results.append(result(check, share, vi, en))
        elif check.kind in STYLE_CHECKS and not passed:
            results.append(
                result(
                    check,
                    0,
                    "Điểm trình bày chỉ được tính khi phần nội dung đạt.",
                    "Style points count only once the content checks pass.",
                )
            )
        else:
            results.append(run_style_check(check, text))
    score = round(sum(r.points for r in results), 2)
    auto_max = sum(c.points for c in item.rubric)
    feedback = [
        _provisional(score, auto_max, item.trainer_points),
        *(line(p.vi, p.en) for p in problems),
        *(line(r.note_vi, r.note_en) for r in results),
    ]
    return WritingScore(score, auto_max, feedback, results, problems)


def _provisional(score: float, auto_max: int, trainer: int) -> str:
    vi_score = f"{score:g}".replace(".", ",")
    if not trainer:
        return line(
            f"Điểm tự động: {vi_score}/{auto_max}. Máy chỉ kiểm tra các ý, con số, ngày tháng và"
            " cách trình bày; không đánh giá được bài có chính xác, công bằng hay không.",
            f"Automatic score: {score:g}/{auto_max}. The checks look at the ideas, figures,"
            " dates and presentation; they cannot judge whether the text is accurate and fair.",
        )
    return line(
        f"Điểm tự động, tạm tính: {vi_score}/{auto_max}. Máy chỉ kiểm tra các ý, con số, ngày"
        " tháng và cách trình bày; giảng viên hoặc bạn học sẽ chấm độ chính xác và sự công bằng"
        f" của bài (thêm tối đa {trainer} điểm).",
        f"Provisional automatic score: {score:g}/{auto_max}. The checks look at the ideas,"
        " figures, dates and presentation; a trainer or a peer still judges accuracy and"
        f" fairness (up to {trainer} more points).",
    )

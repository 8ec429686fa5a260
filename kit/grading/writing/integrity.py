"""What voids the content points of a text, whatever words it holds.

- It contradicts its brief: presents a draft as adopted or says it is no longer a draft (when
  the item says the brief is a draft), tells readers not to comment or that commenting is of no
  use, or gives a date, an amount, a percentage or a count the brief does not give and cannot
  be worked out from it (sums, differences and shares of the brief's own figures are fine).
- It takes sides: propaganda formulas, a side dismissed instead of its reasons given, "everyone
  agrees" with no figure in the sentence.
- It is degenerate: mostly fragments or keyword lists, the same sentences or phrases repeated,
  or the prompt copied.

Each problem comes with the words of the text that show it, in Vietnamese then English.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from itertools import permutations
from typing import Literal

from kit.grading.writing.doc import Doc, Tok, find, key_set, pattern_of, runs_at
from kit.grading.writing.figures import Figure
from kit.grading.writing.phrases import PhraseList, writing_phrases

ProblemKind = Literal["contradiction", "one_sided", "degenerate"]

#: (run length, share): the text counts as copied when more than ``share`` of its words lie in
#: runs of ``run length`` words found in the prompt (a summary reuses short runs of its brief;
#: a copy keeps long ones)
COPY_LIMITS = ((6, 0.85), (10, 0.65))
#: share of 4-word sequences already used earlier in the text, above which it is repetition
REPEAT_MAX = 0.2
REPEAT_RUN = 4
#: share of words in clauses that say something, under which the text is fragments or a list
REAL_MIN = 0.55
CLAUSE_MIN_WORDS = 4
#: how far back a negator cancels a phrase inside its clause
NEGATION_REACH = 6
#: tolerance of a figure marked as approximate ("khoảng", "gần"), relative
APPROX = 0.1
#: tolerance of a percentage worked out from the brief's figures, in points
PERCENT_ROUNDING = 1.0


@dataclass(frozen=True)
class Problem:
    kind: ProblemKind
    vi: str
    en: str


def _sentence_of(doc: Doc, i: int) -> str:
    text = doc.sentence_text(doc.toks[i].sentence)
    return text if len(text) <= 160 else text[:157] + "…"


def _hedged(doc: Doc, i: int, j: int) -> bool:
    """A hedge before token ``j`` in its sentence, or a negator shortly before ``i`` in its
    clause or inside the match."""
    neg = writing_phrases().negation
    hedges, negators = key_set(neg.hedges, doc.bare), key_set(neg.negators, doc.bare)
    keys = doc.keys
    sentence = doc.toks[i].sentence
    a = i
    while a > 0 and doc.toks[a - 1].sentence == sentence:
        a -= 1
    if any(runs_at(keys, k, hedges) for k in range(a, j)):
        return True
    clause = doc.toks[i].clause
    start = max(a, i - NEGATION_REACH)
    return any(doc.toks[k].clause == clause and runs_at(keys, k, negators) for k in range(start, j))


def _matches(doc: Doc, phrases: PhraseList) -> Iterable[tuple[int, int]]:
    follow = key_set(phrases.not_followed_by, doc.bare)
    for phrase in phrases.phrases:
        for i, j in find(doc.toks, pattern_of(phrase, doc.bare), phrases.gap):
            if j < len(doc.toks) and runs_at(doc.keys, j, follow):
                continue
            yield i, j


def stance_problems(doc: Doc, draft: bool) -> list[Problem]:
    """A draft presented as adopted (only when ``draft``); readers told not to comment."""
    rules = writing_phrases()
    out: list[Problem] = []
    if draft:
        for i, j in _matches(doc, rules.draft_adopted):
            if not _hedged(doc, i, j):
                out.append(_draft_problem(doc, i, j))
        out += [_draft_problem(doc, i, j) for i, j in _matches(doc, rules.draft_denied)]
    for i, _j in _matches(doc, rules.comment_denied):
        quote = _sentence_of(doc, i)
        out.append(
            Problem(
                "contradiction",
                f"Bài viết bảo người đọc không cần góp ý, hoặc góp ý vô ích: “{quote}”. Đề bài"
                " mời người dân góp ý.",
                f"The text tells readers not to comment, or that commenting is of no use:"
                f" “{quote}”. The brief invites comments.",
            )
        )
    return _unique(out)


def _draft_problem(doc: Doc, i: int, j: int) -> Problem:
    words, quote = doc.quote(i, j), _sentence_of(doc, i)
    return Problem(
        "contradiction",
        f"Bài viết coi văn bản như đã được quyết định (“{words}” trong câu “{quote}”), trong khi"
        " đề bài là dự thảo còn đang lấy ý kiến.",
        f"The text presents it as already decided (“{words}” in “{quote}”), while the brief is a"
        " draft still open to comment.",
    )


def _unique(problems: list[Problem]) -> list[Problem]:
    seen: set[str] = set()
    out = []
    for p in problems:
        if p.vi not in seen:
            seen.add(p.vi)
            out.append(p)
    return out


# ------------------------------------------------------------------------------------ figures


def _close(value: float, allowed: Iterable[float], rel: float = 0.0, points: float = 0.0) -> bool:
    return any(abs(value - a) <= max(abs(a) * rel, points, 1e-6) for a in allowed)


def _worked_out(values: set[float]) -> set[float]:
    """The values, their pairwise sums and (positive) differences."""
    out = set(values)
    for a, b in permutations(values, 2):
        out |= {a + b, abs(a - b)}
    return out


def _shares(values: set[float]) -> set[float]:
    """Percentages between two of the values (or their sums), and changes from one to another."""
    pool = _worked_out(values) - {0.0}
    out = set()
    for a, b in permutations(pool, 2):
        out |= {100 * a / b, 100 * abs(a - b) / b}
    return out


def figure_problems(doc: Doc, brief: Doc) -> list[Problem]:
    """Figures of the text that the brief does not give and that cannot be worked out from it."""
    given = brief.figures
    units: dict[str, set[float]] = {}
    for f in given:
        if f.kind == "count" and f.unit:
            units.setdefault(f.unit, set()).add(f.number)
    percents = {f.number for f in given if f.kind == "percent"}
    percents |= {100 - p for p in percents}
    percents |= _shares({f.number for f in given if f.kind == "amount"})
    for values in units.values():
        percents |= _shares(values)
    allowed = _Allowed(
        amounts=_worked_out({f.number for f in given if f.kind in ("amount", "count")}),
        units={u: _worked_out(v) for u, v in units.items()},
        percents=percents,
        dates={f.date for f in given if f.kind == "date"},
        months={f.date[:2] for f in given if f.kind in ("date", "month")},
        years=_years(given),
    )
    return _unique([_figure_problem(doc, brief, f) for f in doc.figures if not allowed.has(f)])


@dataclass(frozen=True)
class _Allowed:
    """What the brief gives, and what can be worked out from it, by kind of figure."""

    amounts: set[float]
    units: dict[str, set[float]]
    percents: set[float]
    dates: set[tuple[int, int, int]]
    months: set[tuple[int, int]]
    years: set[int]

    def has(self, fig: Figure) -> bool:
        rel = APPROX if fig.approx else 0.0
        y, m, d = fig.date
        match fig.kind:
            case "date":  # a date without a year agrees with any year of the brief's
                return any(
                    (m, d) == (gm, gd) and (y == 0 or gy in (0, y)) for gy, gm, gd in self.dates
                )
            case "month":
                return (y, m) in self.months
            case "year":
                return int(fig.number) in self.years
            case "amount":
                return _close(fig.number, self.amounts, rel)
            case "percent":
                return _close(fig.number, self.percents, points=PERCENT_ROUNDING + 100 * rel / 2)
            case "count":  # a count of something the brief does not count cannot be compared
                return fig.unit not in self.units or _close(fig.number, self.units[fig.unit], rel)
        return True


def _years(given: tuple[Figure, ...]) -> set[int]:
    """Every year the brief names, alone or in a date."""
    years = {f.date[0] for f in given if f.kind in ("date", "month")}
    return (years | {int(f.number) for f in given if f.kind == "year"}) - {0}


def _comparable(fig: Figure, given: Figure) -> bool:
    """Is ``given`` (of the brief) the kind of figure ``fig`` is compared with?"""
    if fig.kind in ("date", "month", "year"):
        return given.kind in ("date", "month", "year")
    if fig.kind == "count":
        return given.kind == "count" and given.unit == fig.unit
    if fig.kind == "amount" and not fig.money and fig.unit:
        return given.kind in ("amount", "count") and given.unit == fig.unit
    return given.kind == fig.kind and not (fig.kind == "amount" and given.money != fig.money)


_WHAT = {
    "year": ("năm", "year"),
    "date": ("ngày", "date"),
    "month": ("tháng", "month"),
    "amount": ("số tiền hay con số", "amount"),
    "percent": ("tỷ lệ", "percentage"),
    "count": ("con số", "figure"),
}


def _figure_problem(doc: Doc, brief: Doc, fig: Figure) -> Problem:
    written = doc.text[fig.start : fig.end].strip()
    same = [g for g in brief.figures if _comparable(fig, g)]
    listed = ", ".join(dict.fromkeys(brief.text[g.start : g.end].strip() for g in same))
    vi, en = _WHAT[fig.kind]
    hint_vi = f" Đề bài cho: {listed}." if listed else ""
    hint_en = f" The brief gives: {listed}." if listed else ""
    return Problem(
        "contradiction",
        f"Bài viết nêu {vi} “{written}”, khác với đề bài.{hint_vi}",
        f"The text gives the {en} “{written}”, which differs from the brief.{hint_en}",
    )


# ------------------------------------------------------------------------------ taking sides


def one_sided_problems(doc: Doc) -> list[Problem]:
    """Propaganda formulas, a side dismissed, wide support claimed with no figure."""
    rules = writing_phrases()
    out = []
    for i, j in _matches(doc, rules.propaganda):
        out.append(
            Problem(
                "one_sided",
                f"Câu tuyên truyền, khen thay cho thông tin: “{doc.quote(i, j)}”. Hãy nêu điều gì"
                " thay đổi và để người đọc tự đánh giá.",
                f"Propaganda phrase, praise instead of information: “{doc.quote(i, j)}”. Say what"
                " changes and let readers judge.",
            )
        )
    for i, j in _matches(doc, rules.dismissive):
        out.append(
            Problem(
                "one_sided",
                f"Bài viết gạt bỏ một phía thay vì nêu lý lẽ của họ: “{doc.quote(i, j)}”.",
                f"The text dismisses one side instead of giving its reasons: “{doc.quote(i, j)}”.",
            )
        )
    out += _support_claims(doc)
    return _unique(out)


def _support_claims(doc: Doc) -> list[Problem]:
    rules = writing_phrases()
    crowd, approval = key_set(rules.crowd, doc.bare), key_set(rules.approval, doc.bare)
    with_figures = {f.sentence for f in doc.figures if f.kind in ("percent", "count", "amount")}
    keys = doc.keys
    out = []
    by_sentence: dict[int, list[int]] = {}
    for n, t in enumerate(doc.toks):
        by_sentence.setdefault(t.sentence, []).append(n)
    for sentence, idx in by_sentence.items():
        if sentence in with_figures:
            continue
        if any(runs_at(keys, k, crowd) for k in idx) and any(
            runs_at(keys, k, approval) for k in idx
        ):
            quote = _sentence_of(doc, idx[0])
            out.append(
                Problem(
                    "one_sided",
                    f"Bài viết nói số đông đồng tình mà không có số liệu: “{quote}”.",
                    f"The text claims wide support with no figure behind it: “{quote}”.",
                )
            )
    return out


# ------------------------------------------------------------------------------- degenerate


def _real_share(doc: Doc) -> float:
    """Share of the words that stand in clauses of some length with a verb."""
    predicates = key_set(writing_phrases().predicates, doc.bare)
    keys = doc.keys
    clauses: dict[int, list[int]] = {}
    for n, t in enumerate(doc.toks):
        clauses.setdefault(t.clause, []).append(n)
    real = sum(
        len(idx)
        for idx in clauses.values()
        if len(idx) >= CLAUSE_MIN_WORDS and any(runs_at(keys, k, predicates) for k in idx)
    )
    return real / max(1, len(doc.toks))


def _repeated_share(toks: tuple[Tok, ...]) -> float:
    keys = [t.key for t in toks]
    runs = [tuple(keys[i : i + REPEAT_RUN]) for i in range(len(keys) - REPEAT_RUN + 1)]
    seen: set[tuple[str, ...]] = set()
    again = 0
    for r in runs:
        again += r in seen
        seen.add(r)
    return again / max(1, len(runs))


def copied_share(doc: Doc, brief: Doc, run: int) -> float:
    """Share of the text's words that lie in runs of ``run`` words found in the brief."""
    source = brief.keys
    grams = {source[i : i + run] for i in range(len(source) - run + 1)}
    keys = doc.keys
    covered = [False] * len(keys)
    for i in range(len(keys) - run + 1):
        if keys[i : i + run] in grams:
            covered[i : i + run] = [True] * run
    return sum(covered) / max(1, len(keys))


def degenerate_problems(doc: Doc, brief: Doc) -> list[Problem]:
    """Fragments or keyword lists, repetition, the prompt copied."""
    out = []
    real = _real_share(doc)
    if real < REAL_MIN:
        out.append(
            Problem(
                "degenerate",
                f"Bài chủ yếu là cụm từ rời hoặc danh sách từ khóa, chưa thành câu có nội dung"
                f" (chỉ {real:.0%} số chữ nằm trong câu trọn vẹn).",
                f"Mostly fragments or a list of keywords, not sentences (only {real:.0%} of the"
                " words stand in full sentences).",
            )
        )
    repeated = _repeated_share(doc.toks)
    if repeated > REPEAT_MAX:
        out.append(
            Problem(
                "degenerate",
                f"Bài lặp lại cùng câu, cùng cụm từ ({repeated:.0%} số cụm từ là lặp lại).",
                f"The text repeats the same sentences or phrases ({repeated:.0%} of it repeated).",
            )
        )
    copied = max(copied_share(doc, brief, run) - limit for run, limit in COPY_LIMITS)
    if copied > 0:
        copied = copied_share(doc, brief, COPY_LIMITS[0][0])
        out.append(
            Problem(
                "degenerate",
                f"Bài chép lại đề bài ({copied:.0%} số chữ chép nguyên văn từ đề), chưa viết lại"
                " cho người đọc.",
                f"The text copies the prompt ({copied:.0%} of its words word for word), not"
                " rewritten for readers.",
            )
        )
    return out

"""Decide many drafts at once: every row of a sheet, with the reason and the basis.

The columns are a contract (``INPUT_HEADERS``, Vietnamese, in template order). A sheet may hold
them in any order, spelled as a person writes them (case, spaces, Unicode form, tone placement),
under a few title rows, with columns of its own, which are kept. Every row but the example comes
back, in order,
with ``Kết luận`` (an outcome label of the rule set, or ``Lỗi dữ liệu`` when a value cannot be
read), ``Lý do`` (why, what is missing, what to check) and ``Căn cứ`` (the rule set, the law in
force, the sources of the failed criteria). A problem with the file itself (not a table, a
required column missing, not UTF-8) is an :class:`~kit.core.errors.InputError`; a problem with a row
only marks that row. The template's example row ("VÍ DỤ", "… xóa dòng này", however spelled; the
markers are data in ``kit/rules/placeholders.yaml``) is never decided: its row number is listed
in ``BatchResult.examples``.

Reading is :mod:`kit.eligibility.batch.reader` (``.xlsx``/``.xlsm``, values not formulas, and
``.csv``); writing the answers back is :mod:`kit.eligibility.batch.workbook`.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from datetime import date
from pathlib import Path, PurePath

from kit.core.errors import ValueProblem
from kit.core.sheets import UNCALCULATED, Uncalculated
from kit.eligibility import engine, values
from kit.eligibility.batch.contract import (
    ERROR,
    FACT_OF,
    ID,
    OUTPUT_HEADERS,
    ROW_KEY,
    SUBMISSION_DATE,
    canonical_header,
    conclusion_labels,
)
from kit.eligibility.batch.model import (
    PROGRESS_MAX_STEP,
    BatchResult,
    BatchRow,
    Progress,
)
from kit.eligibility.batch.reader import (
    read_path,
    read_upload,
)
from kit.eligibility.placeholders import is_example_row
from kit.eligibility.rules import RuleSet, load_rule_set

# ---------------------------------------------------------------------- deciding


_MISS = object()
_SUBMISSION = "(submission date)"  # not a fact of the rule set; read as a date


class _Decider:
    """Per-batch state: the rule set's fixed texts and a memo of cells already read.

    A sheet repeats the same few spellings ("Có", "Toàn tỉnh", a date) thousands of times, so
    each distinct cell is read once per batch; the readers themselves fold the text each call.
    """

    def __init__(self, rule_set: RuleSet) -> None:
        self.rules = rule_set
        facts = {f.id for f in rule_set.facts}
        self.columns = [(h, f) for h, f in FACT_OF.items() if f in facts]
        self.blank: dict[str, object] = {f.id: None for f in rule_set.facts}
        self.memo: dict[tuple[str, type, object], object] = {}
        self.labels = {k: o.label for k, o in rule_set.outcomes.items()}
        self.periods = {p.id: p.title for p in rule_set.law_periods}
        self.questions = {f.id: f.question for f in rule_set.facts}
        self.criterion_of = {e.id: e.criterion for e in rule_set.exclusions}
        self.first, self.last = rule_set.effective_from, rule_set.effective_to

    def read(self, fact: str, raw: object) -> object:
        """The fact's value, or the ValueProblem that reading it raised (memoised)."""
        key = (fact, type(raw), raw)
        try:
            found = self.memo.get(key, _MISS)
        except TypeError:  # an unhashable cell value: read without the memo
            return self._read(fact, raw)
        if found is _MISS:
            found = self.memo[key] = self._read(fact, raw)
        return found

    def _read(self, fact: str, raw: object) -> object:
        try:
            if fact == _SUBMISSION:
                return values.read_date(raw)
            return values.read_fact(self.rules, fact, raw)
        except ValueProblem as exc:
            return exc

    def row(self, given: Mapping[str, object]) -> BatchRow:
        number = given.get(ROW_KEY)
        row_values = {k: v for k, v in given.items() if k != ROW_KEY}
        facts = dict(self.blank)
        problems = [  # a formula saved without its value is not read as blank
            (header, ValueProblem(*UNCALCULATED))
            for header, raw in row_values.items()
            if isinstance(raw, Uncalculated)
        ]
        for header, fact in self.columns:
            raw = row_values.get(header)
            if raw is None or isinstance(raw, Uncalculated):
                continue
            found = self.read(fact, raw)
            if isinstance(found, ValueProblem):
                problems.append((header, found))
            else:
                facts[fact] = found
        submitted = row_values.get(SUBMISSION_DATE)
        submission: object = None
        if submitted is not None and not isinstance(submitted, Uncalculated):
            submission = self.read(_SUBMISSION, submitted)
            if isinstance(submission, ValueProblem):
                problems.append((SUBMISSION_DATE, submission))
                submission = None
        row_number = number if isinstance(number, int) else 0
        if problems:
            return BatchRow(
                values=row_values,
                conclusion=ERROR,
                reason="\n".join(f"Cột '{h}': {p.vi}" for h, p in problems),
                basis="",
                problems=[f"{h}: {p.vi} / {p.en}" for h, p in problems],
                row=row_number,
                submission_date=submission if isinstance(submission, date) else None,
            )
        decision = engine.evaluate(self.rules, facts)
        consulted = facts.get("consultation_date")
        return BatchRow(
            values=row_values,
            conclusion=self.labels[decision.outcome],
            reason=self.reason(
                decision,
                consulted if isinstance(consulted, date) else None,
                submission if isinstance(submission, date) else None,
            ),
            basis=self.basis(decision),
            decision=decision,
            submission_date=submission if isinstance(submission, date) else None,
            row=row_number,
        )

    def reason(
        self, decision: engine.Decision, consulted: date | None, submitted: date | None
    ) -> str:
        lines = [decision.explanation]
        asked = [q for f in decision.missing if (q := self.questions[f]) not in lines[0]]
        if asked:
            lines.append("Cần làm rõ: " + "; ".join(asked))
        for step in decision.trace:
            if step.from_table and step.result != "unknown":
                lines.append(
                    f"Tiêu chí {step.criterion} tra theo loại văn bản và luật áp dụng: "
                    + ("phải" if step.value else "không phải")
                    + " lập đề nghị xây dựng."
                )
        for check in decision.checks_needed:
            criterion, _, note = check.partition(": ")
            lines.append(f"Cần kiểm tra (tiêu chí {criterion}): {note}")
        if consulted and (consulted < self.first or (self.last and consulted > self.last)):
            end = self.last.strftime("%d/%m/%Y") if self.last else "nay"
            lines.append(
                f"Cần kiểm tra: ngày lấy ý kiến nằm ngoài thời gian áp dụng của bộ quy tắc "
                f"({self.first.strftime('%d/%m/%Y')}–{end})."
            )
        if consulted and submitted and submitted < consulted:
            lines.append("Cần kiểm tra: ngày dự kiến trình sớm hơn ngày lấy ý kiến.")
        return "\n".join(lines)

    def basis(self, decision: engine.Decision) -> str:
        lines = [self.rules.title]
        if decision.law_period:
            lines.append(f"Luật áp dụng: {self.periods[decision.law_period]}")
        elif decision.outcome == "insufficient":
            lines.append("Luật áp dụng: chưa xác định (cần ngày lấy ý kiến).")
        if decision.outcome == "out_of_scope":
            seen: set[str] = set()
            for step in decision.trace:
                if step.result != "fail" or step.source in seen:
                    continue
                seen.add(step.source)
                criterion = self.criterion_of.get(step.criterion, step.criterion)
                lines.append(f"Tiêu chí {criterion}: {step.source}")
        return "\n".join(lines)


def _canonical_keys(rows: Sequence[Mapping[str, object]]) -> Iterator[Mapping[str, object]]:
    """Rows keyed by contract headers (rows from ``read_table`` already are)."""
    names: dict[str, str] = {}
    for row in rows:
        if all(k in names and names[k] == k for k in row):
            yield row
            continue
        for k in row:
            if k not in names:
                names[k] = k if k == ROW_KEY else canonical_header(k) or k
        yield {names[k]: v for k, v in row.items()}


def decide_rows(
    rows: Sequence[Mapping[str, object]],
    rule_set: RuleSet | None = None,
    progress: Progress | None = None,
) -> BatchResult:
    """Decide every row (see module docstring); ``progress(done, total)`` every ~1 % of rows.

    Rows are ``{header: value}`` as ``read_table`` gives them; headers may be spelled loosely.
    """
    rule_set = rule_set or load_rule_set()
    decider = _Decider(rule_set)
    total = len(rows)
    step = max(1, min(PROGRESS_MAX_STEP, total // 100))
    out: list[BatchRow] = []
    extras: dict[str, None] = {}
    examples: list[int] = []
    for done, row in enumerate(_canonical_keys(rows), start=1):
        if is_example_row(row, ID):  # the template's "VÍ DỤ" row is never decided
            number = row.get(ROW_KEY)
            examples.append(number if isinstance(number, int) else 0)
            continue
        decided = decider.row(row)
        out.append(decided)
        for k in decided.values:
            if k not in extras and k not in _CONTRACT:
                extras[k] = None
        if progress is not None and (done % step == 0 or done == total):
            progress(done, total)
    counts = {vi: 0 for vi, _ in conclusion_labels(rule_set)}
    for decided in out:
        counts[decided.conclusion] += 1
    return BatchResult(out, counts, rule_set.id, list(extras), examples=examples)


_CONTRACT = frozenset(OUTPUT_HEADERS)


def run_batch(
    data: bytes,
    filename: str,
    rule_set: RuleSet | None = None,
    progress: Progress | None = None,
) -> BatchResult:
    """Read an upload (``.xlsx``/``.csv``) and decide every row; file problems raise InputError."""
    rule_set = rule_set or load_rule_set()
    table = read_upload(data, filename, rule_set)
    result = decide_rows(table.rows, rule_set, progress)
    result.extra_headers = list(dict.fromkeys([*table.extra_headers, *result.extra_headers]))
    result.source = PurePath(filename).name
    result.template_version = table.template_version
    return result


def run_batch_path(
    path: Path, rule_set: RuleSet | None = None, progress: Progress | None = None
) -> BatchResult:
    """``run_batch`` on a file named on the command line."""
    return run_batch(read_path(path), path.name, rule_set, progress)

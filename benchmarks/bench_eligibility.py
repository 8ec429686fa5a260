"""Batch eligibility: 10,000 decisions without file I/O, and a whole 10,000-row XLSX file.

(a) ``decide.decide_rows`` on ``ROWS`` rows built by cycling the training cases, written as a person
fills the template (labels, dd/mm/yyyy text, Có/Không/blank); median of ``RUNS_DECIDE`` runs.
Baseline in the same run: the same rows through ``values.read_facts`` only (reading the values,
no decision). Batch mode reads each distinct cell once per file, so it can beat the baseline; a
second variant gives every row its own consultation date (about 2,000 distinct dates) to show
the cost when cells repeat less.
(b) End to end: ``run_batch`` + ``write_result`` on a ``ROWS``-row XLSX written once to a temporary
folder; median of ``RUNS_FILE`` runs. Baseline: reading the same file with openpyxl (read-only,
values only).

Target: 10,000 decisions in under 1 s on this machine; printed, never asserted.
"""

from __future__ import annotations

import io
import itertools
import os
import platform
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from benchmarks.results import save_results
from kit import api
from kit.eligibility import rules, values
from kit.eligibility.batch import contract, decide, workbook

ROWS = 10_000
RUNS_DECIDE = 5
RUNS_FILE = 3
TARGET_SECONDS = 1.0


def _yes_no(value: bool | None) -> str | None:
    return None if value is None else "Có" if value else "Không"


def build_rows(rule_set: rules.RuleSet, distinct_dates: bool = False) -> list[dict[str, object]]:
    """``ROWS`` input rows cycling the training cases (optionally one date per row)."""
    cases = [c for _, c in sorted(api.load_content().cases.items())]
    rows: list[dict[str, object]] = []
    first = date(2022, 4, 1)
    for i, case in enumerate(itertools.islice(itertools.cycle(cases), ROWS)):
        doc = rule_set.document_type(case.document_type)
        scope = rule_set.scope(case.facts.impact_scope) if case.facts.impact_scope else None
        consulted = first + timedelta(days=i % 2100) if distinct_dates else case.consultation_date
        rows.append(
            {
                contract.ID: f"DT-{i + 1:05d}",
                contract.TITLE: case.title,
                contract.DOCUMENT_TYPE: doc.label if doc else case.document_type,
                contract.DRAFTING_BODY: case.drafting_body,
                contract.CONSULTATION_DATE: consulted.strftime("%d/%m/%Y"),
                contract.SUBMISSION_DATE: (
                    case.submission_date.strftime("%d/%m/%Y") if case.submission_date else None
                ),
                contract.POLICY_PROPOSAL: _yes_no(case.facts.policy_proposal_required),
                contract.STATE_SECRET: _yes_no(case.facts.state_secret),
                contract.RIGHTS: _yes_no(case.facts.direct_rights_obligations),
                contract.CONTESTED: _yes_no(case.facts.difficult_or_contested),
                contract.SCOPE: scope.label if scope else None,
            }
        )
    return rows


def timed(fn: Callable[[], object], runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return times


def write_xlsx(rows: list[dict[str, object]], path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    ws = book.create_sheet("Dự thảo")
    ws.append(list(contract.INPUT_HEADERS))
    for row in rows:
        ws.append([row.get(h) for h in contract.INPUT_HEADERS])
    book.save(path)


def read_xlsx_only(data: bytes) -> int:
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    ws = book.worksheets[0]
    ws.reset_dimensions()
    count = sum(1 for _ in ws.iter_rows(values_only=True))
    book.close()
    return count


def row_figures(name: str, times: list[float], baseline: list[float], base_name: str) -> dict:
    median, base = statistics.median(times), statistics.median(baseline)
    return {
        "measure": name,
        "rows": ROWS,
        "runs": len(times),
        "median_s": round(median, 4),
        "rows_per_s": round(ROWS / median),
        "baseline": base_name,
        "baseline_median_s": round(base, 4),
        "ratio_vs_baseline": round(median / base, 3),
        "raw_s": [round(t, 4) for t in times],
        "baseline_raw_s": [round(t, 4) for t in baseline],
    }


def run(workdir: Path) -> list[dict[str, Any]]:
    rule_set = rules.load_rule_set()
    rows = build_rows(rule_set)
    spread = build_rows(rule_set, distinct_dates=True)
    raw_facts = [{f: row.get(h) for h, f in contract.FACT_OF.items()} for row in rows]
    decide.decide_rows(rows[:200], rule_set)  # warm-up: imports, rule-set lookups

    parsing = timed(lambda: [values.read_facts(rule_set, raw) for raw in raw_facts], RUNS_DECIDE)
    deciding = timed(lambda: decide.decide_rows(rows, rule_set), RUNS_DECIDE)
    spread_deciding = timed(lambda: decide.decide_rows(spread, rule_set), RUNS_DECIDE)

    path = workdir / "du-thao-10000.xlsx"
    write_xlsx(rows, path)
    data = path.read_bytes()

    def end_to_end() -> None:
        result = decide.run_batch(data, path.name, rule_set)
        (workdir / "ket-qua.xlsx").write_bytes(workbook.write_result(result))

    reading = timed(lambda: read_xlsx_only(data), RUNS_FILE)
    whole = timed(end_to_end, RUNS_FILE)
    parse_name = "values.read_facts only"
    return [
        row_figures("decide_rows (cases cycled)", deciding, parsing, parse_name),
        row_figures("decide_rows (distinct dates)", spread_deciding, parsing, parse_name),
        row_figures("xlsx read+decide+write", whole, reading, "openpyxl read only"),
    ]


def report(figures: list[dict[str, Any]]) -> dict[str, Any]:
    header = f"{'measure':<30}{'runs':>5}{'median (s)':>12}{'rows/s':>10}"
    header += f"{'baseline':>26}{'base (s)':>10}{'× base':>8}"
    print(header)
    print("-" * len(header))
    for f in figures:
        print(
            f"{f['measure']:<30}{f['runs']:>5}{f['median_s']:>12.3f}{f['rows_per_s']:>10,}"
            f"{f['baseline']:>26}{f['baseline_median_s']:>10.3f}{f['ratio_vs_baseline']:>8.2f}"
        )
    decided = figures[0]["median_s"]
    met = decided < TARGET_SECONDS
    print(
        f"target: {ROWS:,} decisions < {TARGET_SECONDS:g} s (no file I/O): "
        f"{decided:.3f} s — {'met' if met else 'NOT met'}"
    )
    return {
        "benchmark": "eligibility",
        "cpu_count": os.cpu_count(),
        "python": platform.python_version(),
        "target": {"decisions": ROWS, "seconds": TARGET_SECONDS, "met": met},
        "rows": figures,
    }


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="kit-bench-") as tmp:
        figures = run(Path(tmp))
    summary = report(figures)
    save_results("eligibility", summary)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Self-assessment import: a filled collection template of ``ROWS`` units read and validated.

The workbook is written once with the kit's own template writer (every unit fully answered, as
a person types it: labels, Có/Không, dates; each unit with its own name and texts), to a
temporary folder. Measured: ``read_units`` on it (open, find the columns, read and validate
every row with ``check_answers(mode="complete")``), median of ``RUNS``. Baseline in the same
run: reading the same file with openpyxl alone (read-only, values only, no validation).

Target: at least ``TARGET_ROWS_PER_S`` rows/s; printed, never asserted.
"""

from __future__ import annotations

import io
import json
import os
import platform
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks.results import ROOT, save_results
from kit.assessment.collection.sheets import read_units
from kit.assessment.collection.template import write_template
from kit.assessment.questionnaire.answers import check_answers
from kit.assessment.questionnaire.saved import read_saved

ROWS = 3_000
RUNS = 3
TARGET_ROWS_PER_S = 2_000
FIXTURES = ROOT / "tests" / "fixtures" / "assessment"


def build_units() -> list[dict[str, object]]:
    """``ROWS`` complete units cycling the strong and the weak fixture, each its own unit."""
    bases = []
    for name in ("strong-unit", "weak-unit-no-evidence"):
        data = json.loads((FIXTURES / f"{name}.json").read_text("utf-8"))
        bases.append(check_answers(read_saved(data).raw).answers)
    units = []
    for i in range(ROWS):
        unit = dict(bases[i % len(bases)])
        unit["unit_name"] = f"Ủy ban nhân dân xã Số {i + 1}"
        unit["preparer_name"] = f"Nguyễn Văn {i + 1}"
        unit["difficulties"] = f"{unit['difficulties']} (đơn vị {i + 1})"
        units.append(unit)
    return units


def timed(fn: Callable[[], object], runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return times


def read_only(data: bytes) -> int:
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    ws = book.worksheets[0]
    ws.reset_dimensions()
    count = sum(1 for _ in ws.iter_rows(values_only=True))
    book.close()
    return count


def run(workdir: Path) -> dict[str, Any]:
    path = workdir / f"don-vi-{ROWS}.xlsx"
    path.write_bytes(write_template(build_units()))
    read_units(path)  # warm-up: imports, the questionnaire, compiled rules
    result = read_units(path)
    if len(result.units) != ROWS or result.problems:
        raise RuntimeError(f"expected {ROWS} good units, got {len(result.units)}")
    data = path.read_bytes()
    importing = timed(lambda: read_units(path), RUNS)
    baseline = timed(lambda: read_only(data), RUNS)
    median, base = statistics.median(importing), statistics.median(baseline)
    return {
        "measure": "read_units (xlsx, complete validation)",
        "rows": ROWS,
        "runs": RUNS,
        "file_bytes": len(data),
        "median_s": round(median, 4),
        "rows_per_s": round(ROWS / median),
        "baseline": "openpyxl read only",
        "baseline_median_s": round(base, 4),
        "baseline_rows_per_s": round(ROWS / base),
        "raw_s": [round(t, 4) for t in importing],
        "baseline_raw_s": [round(t, 4) for t in baseline],
    }


def report(figures: dict[str, Any]) -> dict[str, Any]:
    met = figures["rows_per_s"] >= TARGET_ROWS_PER_S
    print(f"{'measure':<42}{'runs':>5}{'median (s)':>12}{'rows/s':>10}")
    print(
        f"{figures['measure']:<42}{figures['runs']:>5}{figures['median_s']:>12.3f}"
        f"{figures['rows_per_s']:>10,}"
    )
    print(
        f"{figures['baseline']:<42}{figures['runs']:>5}{figures['baseline_median_s']:>12.3f}"
        f"{figures['baseline_rows_per_s']:>10,}"
    )
    print(
        f"target: ≥ {TARGET_ROWS_PER_S:,} rows/s: {figures['rows_per_s']:,} rows/s — "
        f"{'met' if met else 'NOT met'}"
    )
    return {
        "benchmark": "assessment-import",
        "cpu_count": os.cpu_count(),
        "load_average": list(os.getloadavg()) if hasattr(os, "getloadavg") else None,
        "python": platform.python_version(),
        "target": {"rows_per_s": TARGET_ROWS_PER_S, "met": met},
        "rows": [figures],
    }


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="kit-bench-") as tmp:
        figures = run(Path(tmp))
    summary = report(figures)
    save_results("assessment-import", summary)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

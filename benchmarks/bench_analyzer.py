"""Report analyzer: how well it reads the corpus of real-shaped review reports.

Over every report of ``tests/fixtures/reports/`` with an expectation file (see
``tests/analyzer_corpus.py``) it prints:

- section finding: precision and recall of "this section is in the report" (found or empty),
- empty sections: precision and recall of the flag "empty" (a refusal or a placeholder),
- reference finding: precision and recall of the report's document numbers found anywhere,
- attribution: precision and recall of (section, document number) pairs,
- the share of sections whose status (found / empty / missing) is exactly the expected one,
- the time to analyse the whole corpus (median of ``RUNS``),

and lists what it got wrong. Quality is printed, never asserted (the tests assert it).
"""

from __future__ import annotations

import statistics
import time
from typing import Any

from benchmarks.results import save_results
from kit.assessment.analyzer.analyze import analyze_file
from tests.analyzer_corpus import Tally, corpus, score

RUNS = 3


def _pr(tally: Tally) -> dict[str, Any]:
    return {
        "precision": round(tally.precision, 3),
        "recall": round(tally.recall, 3),
        "tp": tally.tp,
        "fp": tally.fp,
        "fn": tally.fn,
    }


def main() -> int:
    reports = corpus()
    inputs = [(r.data(), r.file) for r in reports]
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        for data, name in inputs:
            analyze_file(data, name)
        times.append(time.perf_counter() - start)
    result = score(reports)
    summary = {
        "reports": len(reports),
        "sections_judged": result.total,
        "section_finding": _pr(result.sections),
        "empty_sections": _pr(result.empty),
        "reference_finding": _pr(result.references),
        "reference_attribution": _pr(result.attributed),
        "status_exact": round(result.statuses / result.total, 3),
        "seconds_whole_corpus": round(statistics.median(times), 3),
        "misses": result.misses,
    }
    print(f"Report analyzer over {len(reports)} reports ({result.total} sections):")
    for label, key in (
        ("section finding", "section_finding"),
        ("empty sections", "empty_sections"),
        ("reference finding", "reference_finding"),
        ("reference attribution", "reference_attribution"),
    ):
        row = summary[key]
        print(
            f"  {label:<22} precision {row['precision']:.3f}  recall {row['recall']:.3f}"
            f"  (tp {row['tp']}, fp {row['fp']}, fn {row['fn']})"
        )
    print(f"  status exactly right   {summary['status_exact']:.3f}")
    print(f"  whole corpus analysed in {summary['seconds_whole_corpus']:.3f} s (median)")
    for miss in result.misses:
        print(f"  miss: {miss}")
    save_results("analyzer", summary)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

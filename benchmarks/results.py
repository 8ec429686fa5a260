"""Where the benchmarks write their figures: ``bench-results/<name>.json`` below the project."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench-results"


def save_results(name: str, summary: dict[str, Any]) -> Path:
    """Write ``summary`` as ``bench-results/<name>.json`` (UTF-8, indented) and say where."""
    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / f"{name}.json"
    out.write_text(json.dumps(summary, indent=2, ensure_ascii=False), encoding="utf-8")
    print(f"written: {out.relative_to(ROOT)}")
    return out

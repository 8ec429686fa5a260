"""``kit content stats [--json]``: counts of lessons, exercises (by type, track, level; retired
items left out) and cases.

``--json`` prints :func:`kit.content.catalogue.stats` (its keys are a contract).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any, cast

from kit.core.commands import Actions


def add_parser(actions: Actions, parser_class: type[argparse.ArgumentParser]) -> None:
    stats = actions.add_parser("stats", help="số bài học, bài tập, tình huống / counts")
    stats.add_argument("--json", action="store_true")
    stats.add_argument("--root", type=Path, help=argparse.SUPPRESS)


def run(args: argparse.Namespace) -> int:
    from kit.content.catalogue import load_catalogue, stats

    figures = stats(load_catalogue(args.root))
    if args.json:
        print(json.dumps(figures, ensure_ascii=False))
        return 0
    ex = cast("dict[str, Any]", figures["exercises"])
    print(f"Bài học / lessons: {figures['lessons']}")
    print(
        f"Bài tập / exercises: {ex['total']}  (A: {ex['by_track']['A']}, B: {ex['by_track']['B']})"
    )
    print(f"  chỉ nhóm A / track A only: {ex['only_track']['A']}, B: {ex['only_track']['B']}")
    for kind, n in ex["by_type"].items():
        print(f"  {kind}: {n}")
    print("Theo mức / by level: " + ", ".join(f"{k}: {n}" for k, n in ex["by_level"].items()))
    print(f"Tình huống / eligibility cases: {figures['cases']}")
    return 0

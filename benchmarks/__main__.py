"""Run every benchmark: ``python -m benchmarks``; one: ``python -m benchmarks eligibility``."""

import sys
from importlib import import_module

#: benchmark name -> its module (each has ``main() -> int``), in the order they run
MODULES = {
    "eligibility": "benchmarks.bench_eligibility",
    "assessment": "benchmarks.bench_assessment",
    "assessment-import": "benchmarks.bench_assessment_import",
    "apps": "benchmarks.bench_apps",
    "capacity": "benchmarks.bench_capacity",
    "analyzer": "benchmarks.bench_analyzer",
}
NAMES = tuple(MODULES)


def main(argv: list[str]) -> int:
    unknown = [n for n in argv if n not in NAMES]
    if unknown:
        print(f"unknown benchmark(s): {', '.join(unknown)}; choose from {', '.join(NAMES)}")
        return 2
    codes = [import_module(MODULES[name]).main() for name in (argv or NAMES)]
    return max(codes, default=0)


raise SystemExit(main(sys.argv[1:]))

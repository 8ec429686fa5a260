"""Run every benchmark: ``python -m benchmarks``; one: ``python -m benchmarks eligibility``."""

import sys

NAMES = ("eligibility", "apps")


def _run(name: str) -> int:
    if name == "apps":
        from benchmarks import bench_apps

        return bench_apps.main()
    from benchmarks import bench_eligibility

    return bench_eligibility.main()


def main(argv: list[str]) -> int:
    unknown = [n for n in argv if n not in NAMES]
    if unknown:
        print(f"unknown benchmark(s): {', '.join(unknown)}; choose from {', '.join(NAMES)}")
        return 2
    codes = [_run(name) for name in (argv or NAMES)]
    return max(codes, default=0)


raise SystemExit(main(sys.argv[1:]))

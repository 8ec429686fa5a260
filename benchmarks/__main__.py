"""Run every benchmark: ``python -m benchmarks``."""

from benchmarks import bench_apps

raise SystemExit(bench_apps.main())

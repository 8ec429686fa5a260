"""Benchmarks (``make bench``): figures printed as tables and written to ``bench-results/``.

Never part of ``make test``; performance is reported as medians and ratios against a baseline
measured in the same run, not asserted.
"""

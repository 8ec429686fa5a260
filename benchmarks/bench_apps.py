"""Time to first widget in chromium and kernel memory, for every app and for a bare notebook.

Baseline: a bare Voilà notebook holding one Label (``benchmarks/bare/bare.ipynb``), served by plain
``voila`` with its own kernel per page. Each app is measured twice: as users get it (``kit serve``
with preheated pools) and cold (``--no-preheat``: a kernel started for the page, like the bare one).
Memory: resident set of the page's kernel after it renders; the baseline is the bare kernel, which
imports ipywidgets. Medians of ``RUNS`` navigations; ratios app / bare.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import psutil

from benchmarks.results import ROOT, save_results
from devtools import chromium
from devtools.process import ServerProcess, start, start_kit
from kit import registry
from kit.server.kernels import POOLS_READY

RUNS = 7
BARE = ROOT / "benchmarks" / "bare" / "bare.ipynb"
TARGET_TIME_RATIO = 1.25
TARGET_MEMORY_RATIO = 1.5


@dataclass
class Measure:
    name: str
    mode: str
    first_widget_s: list[float]
    kernel_rss_mib: list[float]

    @property
    def time_median(self) -> float:
        return statistics.median(self.first_widget_s)

    @property
    def rss_median(self) -> float:
        return statistics.median(self.kernel_rss_mib)


def kernel_rss_mib(kernel_id: str) -> float:
    """Resident memory of the kernel process whose connection file names ``kernel_id``."""
    for proc in psutil.process_iter(["cmdline"]):
        cmd = " ".join(proc.info.get("cmdline") or [])
        if f"kernel-{kernel_id}.json" in cmd:
            return float(proc.memory_info().rss) / 2**20
    raise RuntimeError(f"no process for kernel {kernel_id}")


def measure(browser: Any, url: str, selector: str, name: str, mode: str, pause: float) -> Measure:
    times: list[float] = []
    rss: list[float] = []
    for _ in range(RUNS):
        context = browser.new_context(viewport={"width": 1280, "height": 800})
        blocked = chromium.block_outside_loopback(context)
        page = context.new_page()
        start_t = time.perf_counter()
        page.goto(url, wait_until="commit")
        page.wait_for_selector(selector, state="visible", timeout=120_000)
        times.append(time.perf_counter() - start_t)
        kernel_id = page.evaluate(
            "JSON.parse(document.getElementById('jupyter-config-data').textContent).kernelId"
        )
        time.sleep(0.5)  # let the kernel settle after the render before reading its memory
        rss.append(kernel_rss_mib(kernel_id))
        context.close()
        if blocked and mode != "bare":  # plain voila's lab page asks a CDN (aborted at once)
            raise RuntimeError(f"{name} asked for outside addresses: {blocked}")
        time.sleep(pause)  # closed page's kernel shuts down; a pool refills
    return Measure(name, mode, times, rss)


def run(workdir: Path) -> list[Measure]:
    from playwright.sync_api import sync_playwright

    results: list[Measure] = []
    servers: list[ServerProcess] = []
    try:
        bare = start(
            [
                sys.executable,
                "-m",
                "voila",
                str(BARE),
                "--port",
                "{port}",
                "--no-browser",
                "--Voila.ip=127.0.0.1",
            ],
            workdir,
        )
        for sub in ("pooled", "cold"):
            (workdir / sub).mkdir()
        pooled = start_kit(workdir / "pooled", expected_users=4)
        cold = start_kit(workdir / "cold", "--no-preheat")
        servers = [bare, pooled, cold]
        bare.wait_ready()
        pooled.wait_ready(log_marker=POOLS_READY)
        cold.wait_ready()
        with sync_playwright() as pw:
            browser = chromium.launch(pw)
            measure(browser, bare.base_url, ".widget-label", "warm-up", "bare", 1)
            results.append(measure(browser, bare.base_url, ".widget-label", "bare", "bare", 1))
            for spec in registry.APPS:
                sel = f".{spec.main_widget}"
                results.append(
                    measure(
                        browser, f"{pooled.base_url}/{spec.url_path}", sel, spec.id, "pooled", 3
                    )
                )
                results.append(
                    measure(browser, f"{cold.base_url}/{spec.url_path}", sel, spec.id, "cold", 1)
                )
            browser.close()
    finally:
        for server in servers:
            server.stop()
    return results


def report(results: list[Measure]) -> dict[str, Any]:
    bare = next(m for m in results if m.name == "bare")
    rows = []
    for m in results:
        rows.append(
            {
                "app": m.name,
                "mode": m.mode,
                "runs": len(m.first_widget_s),
                "first_widget_median_s": round(m.time_median, 3),
                "time_ratio_vs_bare": round(m.time_median / bare.time_median, 3),
                "kernel_rss_median_mib": round(m.rss_median, 1),
                "memory_ratio_vs_bare": round(m.rss_median / bare.rss_median, 3),
                "raw": asdict(m),
            }
        )
    header = f"{'app':<13}{'mode':<8}{'runs':>5}{'first widget (s)':>18}{'× bare':>8}"
    header += f"{'kernel RSS (MiB)':>18}{'× bare':>8}"
    print(header)
    print("-" * len(header))
    for r in rows:
        print(
            f"{r['app']:<13}{r['mode']:<8}{r['runs']:>5}{r['first_widget_median_s']:>18.3f}"
            f"{r['time_ratio_vs_bare']:>8.2f}{r['kernel_rss_median_mib']:>18.1f}"
            f"{r['memory_ratio_vs_bare']:>8.2f}"
        )
    print(f"targets: time ≤ {TARGET_TIME_RATIO}× bare, kernel memory ≤ {TARGET_MEMORY_RATIO}× bare")
    return {
        "benchmark": "apps",
        "cpu_count": psutil.cpu_count(),
        "targets": {"time_ratio": TARGET_TIME_RATIO, "memory_ratio": TARGET_MEMORY_RATIO},
        "rows": rows,
    }


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="kit-bench-") as tmp:
        results = run(Path(tmp))
    summary = report(results)
    save_results("apps", summary)
    return 0

"""The report analyzer's corpus: reports in the shapes they really come in, with what a reviewer
expects the analyzer to find in each (``tests/fixtures/reports/*.expected.yaml``), and how close
the analyzer comes: precision and recall of section finding and of reference finding.

Used by ``tests/test_analyzer_corpus.py`` (one test per report and section) and by the benchmark
``python -m benchmarks analyzer`` (the figures over the whole corpus).

An expectation file names the report (``.docx`` reports are built from ``<name>.docx.txt`` by
``tests/fixtures/reports/build_docx.py``) and, for each of the seven sections, its ``status``
(``found``, ``empty`` or ``missing``), the document numbers it cites (``references``, each once;
the opening paragraph's references belong to the directive-documents section) and, optionally,
the least number of figures it must show (``min_figures``).
"""

from __future__ import annotations

import importlib.util
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Literal

import yaml

from kit.assessment.analyzer.analyze import Analysis, SectionResult, analyze_file
from kit.assessment.analyzer.evidence import Reference
from kit.assessment.analyzer.vocabulary import SECTION_KEYS

REPORTS = Path(__file__).resolve().parent / "fixtures" / "reports"
Status = Literal["found", "empty", "missing"]


@dataclass(frozen=True)
class Expected:
    status: Status
    references: frozenset[str]
    min_figures: int


@dataclass(frozen=True)
class Report:
    name: str  # the expectation file's stem
    file: str  # the report as the analyzer receives it
    level: str
    year: int
    sections: dict[str, Expected]

    def data(self) -> bytes:
        if self.file.endswith(".docx"):
            return _builder().build_file(self.file)
        return (REPORTS / self.file).read_bytes()


@cache
def _builder() -> ModuleType:
    spec = importlib.util.spec_from_file_location("build_docx", REPORTS / "build_docx.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def reference_key(ref: Reference) -> str:
    """How a reference is compared: its number (symbol), else its kind and date."""
    if ref.number:
        return unicodedata.normalize("NFC", ref.number).replace(" ", "")
    return f"{ref.kind} {ref.date}"


def _expected(raw: dict[str, object]) -> Expected:
    refs = raw.get("references") or []
    assert isinstance(refs, list)
    status = raw["status"]
    assert status in ("found", "empty", "missing"), status
    return Expected(
        status,  # type: ignore[arg-type]
        frozenset(unicodedata.normalize("NFC", str(r)) for r in refs),
        int(raw.get("min_figures", 0)),  # type: ignore[call-overload]
    )


@cache
def corpus() -> tuple[Report, ...]:
    """Every report of the corpus with its expectations, by name."""
    out = []
    for path in sorted(REPORTS.glob("*.expected.yaml")):
        raw = yaml.safe_load(path.read_text("utf-8"))
        sections = {key: _expected(raw["sections"][key]) for key in SECTION_KEYS}
        name = path.name.removesuffix(".expected.yaml")
        out.append(Report(name, raw["report"], raw["level"], int(raw["year"]), sections))
    return tuple(out)


@cache
def analysis(name: str) -> Analysis:
    report = next(r for r in corpus() if r.name == name)
    return analyze_file(report.data(), report.file)


def status(section: SectionResult) -> Status:
    if not section.found:
        return "missing"
    return "empty" if "empty" in section.flags else "found"


@dataclass
class Tally:
    """True positives, false positives and false negatives of one kind of finding."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, expected: set[str] | frozenset[str], found: set[str]) -> None:
        self.tp += len(expected & found)
        self.fp += len(found - expected)
        self.fn += len(expected - found)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0


@dataclass
class Score:
    sections: Tally  # a section present (found or empty) where the report has it
    empty: Tally  # a section flagged empty where its content is a refusal or a placeholder
    references: Tally  # the report's document numbers, wherever they are
    attributed: Tally  # (section, document number) pairs
    statuses: int  # sections whose status is exactly the expected one
    total: int  # sections judged
    misses: list[str]  # what went wrong, one line each


def score(reports: tuple[Report, ...] | None = None) -> Score:
    """How the analyzer does on ``reports`` (the whole corpus by default)."""
    s = Score(Tally(), Tally(), Tally(), Tally(), 0, 0, [])
    for report in reports or corpus():
        result = analysis(report.name)
        every_expected: set[str] = set()
        every_found: set[str] = set()
        for key, want in report.sections.items():
            got = result.section(key)
            got_status = status(got)
            present = {key} if want.status != "missing" else set()
            s.sections.add(present, {key} if got_status != "missing" else set())
            s.empty.add(
                {key} if want.status == "empty" else set(),
                {key} if got_status == "empty" else set(),
            )
            s.total += 1
            s.statuses += got_status == want.status
            if got_status != want.status:
                s.misses.append(f"{report.name}: {key} {got_status}, expected {want.status}")
            found = {reference_key(r) for r in got.references}
            s.attributed.add({f"{key} {r}" for r in want.references}, {f"{key} {r}" for r in found})
            every_expected |= want.references
            every_found |= found
            if found != want.references:
                s.misses.append(
                    f"{report.name}: {key} references {sorted(found)}, expected "
                    f"{sorted(want.references)}"
                )
        s.references.add(every_expected, every_found)
    return s

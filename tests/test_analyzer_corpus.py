"""Does the report analyzer read reports in the shapes they really come in?

One test per report and section of the corpus (``tests/fixtures/reports/*.expected.yaml``, see
``tests/analyzer_corpus.py``): its status (found, empty, missing), the document numbers it cites
and the least number of figures it shows. The expectations were written with the reports, before
the analyzer was taught these shapes.
"""

from __future__ import annotations

import re
from collections import Counter
from io import BytesIO

import pytest
from docx import Document

from kit.assessment.analyzer.vocabulary import SECTION_KEYS
from tests.analyzer_corpus import analysis, corpus, reference_key, status

_TYPED_NUMBER = re.compile(r"^\s*(?:[IVX]+|\d+|[a-z])[.)]\s")
CASES = [
    pytest.param(report.name, key, id=f"{report.name}-{key}")
    for report in corpus()
    for key in SECTION_KEYS
]


def _expected(name: str, key: str):  # type: ignore[no-untyped-def]
    return next(r for r in corpus() if r.name == name).sections[key]


@pytest.mark.parametrize(("name", "key"), CASES)
def test_section_status_is_what_a_reviewer_sees(name: str, key: str) -> None:
    assert status(analysis(name).section(key)) == _expected(name, key).status


@pytest.mark.parametrize(("name", "key"), CASES)
def test_section_cites_the_documents_it_supports(name: str, key: str) -> None:
    found = {reference_key(r) for r in analysis(name).section(key).references}
    assert found == _expected(name, key).references


@pytest.mark.parametrize(("name", "key"), CASES)
def test_section_shows_its_figures(name: str, key: str) -> None:
    figures = analysis(name).section(key).figures
    assert len(figures) >= _expected(name, key).min_figures, [f.text for f in figures]


@pytest.mark.parametrize(("name", "key"), CASES)
def test_every_finding_names_the_line_it_came_from(name: str, key: str) -> None:
    section = analysis(name).section(key)
    for finding in [*section.figures, *section.references]:
        assert finding.line is not None and finding.line >= 1
        assert finding.quote and len(finding.quote) <= 160
    for reason in section.flag_reasons:
        if reason["flag"] != "missing":
            assert int(reason["line"]) >= 1 and reason["quote"]


def test_the_corpus_holds_the_shapes_reports_come_in() -> None:
    reports = corpus()
    assert len(reports) >= 12
    assert {r.year for r in reports} >= {2023, 2024, 2025, 2026, 2027}
    levels = Counter(r.level for r in reports)
    assert {"xã", "phường", "huyện", "sở", "tỉnh"} <= set(levels)
    docx = [r for r in reports if r.file.endswith(".docx")]
    assert len(docx) >= 3
    statuses = Counter(e.status for r in reports for e in r.sections.values())
    assert statuses["empty"] >= 8 and statuses["missing"] >= 1


def test_docx_fixtures_number_their_paragraphs_as_word_does_not_in_their_text() -> None:
    """The auto-numbered .docx fixtures keep their numbers in numPr, never in the words."""
    tables = numbered = 0
    for report in (r for r in corpus() if r.file.endswith(".docx")):
        document = Document(BytesIO(report.data()))
        tables += len(document.tables)
        for p in document.paragraphs:
            listed = p._p.pPr is not None and p._p.pPr.numPr is not None
            listed = listed or p.style.name == "List Number"
            numbered += listed
            assert not (listed and _TYPED_NUMBER.match(p.text)), p.text
    assert tables >= 2 and numbered >= 20

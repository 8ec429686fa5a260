"""Does the analyzer app analyse a pasted report and an uploaded .docx, show every section with
its flags and the suggestions, refuse empty or forged input, and escape the report's text?"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from docx import Document

from kit.apps.analyze import AnalyzeView
from kit.apps.ui.shell import AppShell
from kit.core.errors import InputError
from tests.test_exercises_app import widget_texts

REPORTS = Path(__file__).parent / "fixtures" / "reports"


def open_app() -> tuple[AppShell, AnalyzeView]:
    shell = AppShell("analyze", None)
    view = AnalyzeView(shell)
    shell.mount(view.render)
    return shell, view


def test_a_pasted_report_shows_its_sections_scores_flags_and_suggestions() -> None:
    shell, view = open_app()
    view.analyze_pasted((REPORTS / "seed-000-so-ket.txt").read_text("utf-8"))
    assert view.analysis is not None
    assert (view.analysis.completeness, view.analysis.evidence) == (100, 10)
    html = widget_texts(shell.body)
    assert "Mức đầy đủ các mục" in html and "100/100" in html and "10/100" in html
    assert "nêu kết quả nhưng không có số liệu" in html  # the flag, in words
    assert "Kế hoạch số 18/KH-UBND ngày 12/01/2023" in html  # a reference it found
    assert "Nên bổ sung" in html


def test_an_uploaded_docx_is_analysed_and_its_text_escaped() -> None:
    shell, view = open_app()
    doc = Document()
    doc.add_paragraph("BÁO CÁO Sơ kết 01 năm thực hiện Đề án <img src=x onerror=alert(1)>")
    doc.add_paragraph("1.2. Khó khăn, vướng mắc")
    doc.add_paragraph("Không.")
    data = io.BytesIO()
    doc.save(data)
    view.analyze_upload([{"name": "bao-cao.docx", "content": data.getvalue()}])
    assert view.analysis is not None
    assert view.analysis.completeness < 50
    html = widget_texts(shell.body)
    assert "thiếu mục này" in html
    assert "<img src=x" not in html


def test_empty_oversized_and_forged_input_is_refused_and_keeps_the_last_analysis() -> None:
    _, view = open_app()
    view.analyze_pasted((REPORTS / "seed-000-so-ket.txt").read_text("utf-8"))
    kept = view.analysis
    for bad in ("   ", 42, None, "x" * 600_000):
        with pytest.raises(InputError):
            view.analyze_pasted(bad)
    with pytest.raises(InputError):
        view.analyze_upload("not a file list")
    with pytest.raises(InputError):
        view.analyze_upload([{"name": "a.pdf", "content": b"%PDF-1.7"}])
    assert view.analysis is kept

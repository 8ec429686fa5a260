"""Does the roll-up app read many units' files with progress, keep the good rows and name the
bad ones, recompute on a new threshold, open submitted reviews only with the passcode, refuse
forged values, export both files, and escape what units wrote?"""

from __future__ import annotations

import base64
import io
import json
import re
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook

from kit.apps.rollup.app import RollUpView, uploaded_files
from kit.apps.ui.shell import AppShell
from kit.assessment.collection import submissions
from kit.assessment.collection.template import write_template
from kit.assessment.questionnaire.answers import check_answers
from kit.assessment.questionnaire.saved import read_saved, to_saved
from kit.core.errors import InputError
from kit.export.doc_fields import DocumentFields
from kit.workshops import passcode
from tests.test_exercises_app import widget_texts

FIXTURES = Path(__file__).parent / "fixtures" / "assessment"
EVIL = "<img src=x onerror=alert(1)>"


def answers(name: str) -> dict[str, object]:
    saved = read_saved(json.loads((FIXTURES / name).read_text("utf-8")))
    return check_answers(saved.raw, "complete").answers


def sheet() -> bytes:
    strong = answers("strong-unit.json")
    weak = answers("weak-unit-no-evidence.json")
    evil = dict(strong, unit_name=f"Sở {EVIL}", province="Tỉnh Khác")
    bad = dict(weak, unit_name="Xã Sai Số", drafts_in_scope=-4)
    return write_template([strong, weak, evil, bad])


def open_app() -> tuple[AppShell, RollUpView]:
    shell = AppShell("rollup", None)
    view = RollUpView(shell)
    shell.mount(view.render)
    return shell, view


def in_page_order(widget: object) -> str:
    """The widgets' values from the top of the page down (children in order)."""
    value = getattr(widget, "value", None)
    own = value if isinstance(value, str) else ""
    children = getattr(widget, "children", ())
    return " ".join([own, *(in_page_order(child) for child in children)])


def link_bytes(widget: object) -> bytes:
    found = re.search(r"base64,([^'\"]+)", widget.value)  # type: ignore[attr-defined]
    assert found
    return base64.b64decode(found.group(1))


def test_a_sheet_and_a_json_file_are_rolled_up_with_progress_and_the_bad_row_named() -> None:
    shell, view = open_app()
    strong_json = (FIXTURES / "strong-unit.json").read_bytes()
    view.load_files(
        [
            {"name": "tong-hop.xlsx", "content": sheet()},
            {"name": "so-mau.json", "content": strong_json},
        ]
    )
    assert view.rolled is not None
    assert view.rolled.n == 3  # the JSON is the sheet's first unit again: counted once
    assert view.progress.value == view.progress.max
    assert "Đã tổng hợp 3 đơn vị" in view.status.value
    text = widget_texts(shell.body)
    # the bad row, named once in the page's language, above the figures, its reason not repeated
    assert "tong-hop.xlsx, dòng 6</b>: «Số dự thảo thuộc phạm vi Đề án»" in text
    assert "dòng/row" not in text
    shown = in_page_order(shell.body)
    assert shown.index("chưa được tổng hợp") < shown.index("Học hỏi từ đơn vị bạn")
    assert "Dòng 6" not in text
    assert "tong-hop.xlsx, dòng 3</b>: Cùng đơn vị, cùng kỳ báo cáo với so-mau.json" in text
    assert "Học hỏi từ đơn vị bạn" in text and "không phải xếp hạng" in text
    assert EVIL not in text and "&lt;img src=x" in text


def test_a_new_threshold_recomputes_and_a_forged_one_is_refused() -> None:
    _, view = open_app()
    view.load_files([{"name": "tong-hop.xlsx", "content": sheet()}])
    assert view.rolled is not None
    view.set_threshold(100)
    everyone = view.rolled.below_total
    view.set_threshold(0)
    assert view.rolled.below_total == 0 and everyone >= 1
    for forged in (500, -1, "50", None):
        with pytest.raises(InputError):
            view.set_threshold(forged)
    assert view.threshold == 0


def test_forged_upload_values_load_nothing() -> None:
    assert uploaded_files("not a list") == []
    assert uploaded_files([{"name": 3, "content": b"x"}, {"content": b"y"}]) == []
    _, view = open_app()
    with pytest.raises(InputError):
        view.load_files([{"name": "x.xlsx", "content": "text, not bytes"}])
    assert view.rolled is None


def test_a_renamed_file_is_named_with_its_type_and_nothing_is_rolled_up() -> None:
    _, view = open_app()
    view.load_files([{"name": "bao-cao.xlsx", "content": b"%PDF-1.7 not a sheet"}])
    assert view.rolled is None and view.inputs is not None
    assert "PDF" in view.inputs.rejected[0].vi


def test_submitted_reviews_open_only_with_the_trainer_passcode(monkeypatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("KIT_DATA_DIR", str(tmp_path))  # a store of its own (passcode, reviews)
    monkeypatch.setattr(passcode, "_sleep", lambda _seconds: None)
    strong = answers("strong-unit.json")
    submissions.submit(to_saved(strong), source="app")
    passcode.set_passcode("tong-hop-2026")
    _, view = open_app()
    with pytest.raises(InputError):
        view.load_submitted("sai-mat-khau", None)
    assert view.rolled is None
    view.load_submitted("tong-hop-2026", None)
    assert view.rolled is not None and view.rolled.n >= 1


def test_both_exports_carry_the_figures() -> None:
    _, view = open_app()
    view.load_files([{"name": "tong-hop.xlsx", "content": sheet()}])
    view.export("xlsx")
    book = load_workbook(io.BytesIO(link_bytes(view.downloads["xlsx"])))
    assert "Tổng hợp" in book.sheetnames
    assert view.doc_fields.commit() == DocumentFields()  # nothing remembered yet: a draft
    view.export("docx")
    assert docx_text(view.downloads["docx"]).startswith("DỰ THẢO")
    fill(view, FIELDS)
    view.export("docx")
    text = docx_text(view.downloads["docx"])
    assert "SỞ TƯ PHÁP TỈNH MẪU" in text and "BÁO CÁO" in text and "Nguyễn Thị Lan" in text
    assert "DỰ THẢO" not in text and "…" not in text
    name = re.search(r"download=['\"]([^'\"]+)", view.downloads["docx"].value)
    assert name and name.group(1) == "bao-cao-tong-hop-so-tu-phap-tinh-mau.docx"


FIELDS = {
    "issuing_body": "Sở Tư pháp tỉnh Mẫu",
    "parent_body": "",
    "symbol": "BC-STP",
    "place": "Tỉnh Mẫu",
    "authority": "KT. GIÁM ĐỐC",
    "position": "Phó Giám đốc",
    "signer": "Nguyễn Thị Lan",
    "recipients": "UBND tỉnh (để báo cáo)\nBộ Tư pháp (để tổng hợp)",
}


def fill(view: RollUpView, values: dict[str, str]) -> None:
    """Type into the document fields group as a person would (values arrive from the page)."""
    for name, value in values.items():
        view.doc_fields._inputs[name].value = value


def docx_text(link: object) -> str:
    doc = Document(io.BytesIO(link_bytes(link)))
    text = "\n".join(p.text for p in doc.paragraphs)
    text += "\n".join(c.text for t in doc.tables for r in t.rows for c in r.cells)
    return text.replace("\u00a0", " ").replace("\n", " ")


def test_the_report_fields_are_remembered_for_the_next_visit(monkeypatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("KIT_DATA_DIR", str(tmp_path))
    _, view = open_app()
    view.load_files([{"name": "tong-hop.xlsx", "content": sheet()}])
    fill(view, FIELDS)
    view.doc_fields.save()
    assert "Đã lưu" in view.doc_fields.status.value
    _, later = open_app()
    later.load_files([{"name": "tong-hop.xlsx", "content": sheet()}])
    shown = {name: box.value for name, box in later.doc_fields._inputs.items()}
    assert shown == FIELDS
    assert "Đủ thông tin" in later.doc_fields.status.value


@pytest.mark.parametrize(
    ("name", "value", "said"),
    [
        ("symbol", "BC UBND!", "Ký hiệu"),
        ("authority", "Thay mặt UBND", "TM., KT."),
        ("authority", "TM. UBND\nKT. CHỦ TỊCH\nTL. VĂN PHÒNG", "hai dòng"),
    ],
)
def test_a_field_that_cannot_be_used_is_named_and_the_others_are_kept(
    monkeypatch,
    tmp_path,
    name: str,
    value: str,
    said: str,  # type: ignore[no-untyped-def]
) -> None:
    monkeypatch.setenv("KIT_DATA_DIR", str(tmp_path))
    _, view = open_app()
    view.load_files([{"name": "tong-hop.xlsx", "content": sheet()}])
    fill(view, {**FIELDS, name: value})
    assert said in view.doc_fields.status.value  # said as it is typed
    with pytest.raises(InputError):
        view.export("docx")
    assert "docx" not in view.downloads
    assert view.doc_fields._inputs["signer"].value == "Nguyễn Thị Lan"


def test_a_missing_field_is_listed_as_it_is_typed(monkeypatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("KIT_DATA_DIR", str(tmp_path))
    _, view = open_app()
    view.load_files([{"name": "tong-hop.xlsx", "content": sheet()}])
    fill(view, {**FIELDS, "signer": "  ", "place": ""})
    status = view.doc_fields.status.value
    assert "Còn thiếu: địa danh, họ và tên người ký" in status and "DỰ THẢO" in status

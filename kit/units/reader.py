"""Reading a list of units (``.xlsx`` or ``.csv``) into registry entries, row by row.

The header row holds ``Mã đơn vị``, ``Tên đơn vị``, ``Cấp`` and, optionally, ``Tỉnh/thành phố``
(found within the first rows, written in any case, with or without diacritics or spaces; the
English names work too). Each row with a problem is named (its row number, the column, what to
do) and left out; every good row is kept. A code given on two rows is a problem on both: which
of the two is right is for a person to say. Blank rows are skipped. The file is read under the
limits of a sheet of any other kind (:data:`LIMITS`, :mod:`kit.core.limits`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import PurePath

from kit.core.errors import InputError
from kit.core.sheets import (
    DEFAULT_LIMITS,
    UNCALCULATED,
    Uncalculated,
    csv_reader,
    csv_text,
    numbered,
    open_workbook,
    sheet_rows,
)
from kit.units.levels import level_of, levels_help
from kit.units.registry import (
    CODE_MAX,
    CODE_PATTERN,
    NAME_MAX,
    PROVINCE_MAX,
    UnitEntry,
    name_key,
    normal_code,
    normal_text,
)

#: rows looked at for the header row (a title line or two above it is fine)
HEADER_ROWS = 10
#: how much of a unit list is read (a province lists a few hundred units)
LIMITS = DEFAULT_LIMITS


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    header_en: str
    required: bool
    #: other ways people head the column
    aliases: tuple[str, ...] = ()


COLUMNS = (
    Column("code", "Mã đơn vị", "Unit code", True, ("Mã", "Mã ĐV", "Code")),
    Column("name", "Tên đơn vị", "Unit name", True, ("Tên", "Đơn vị", "Name", "Unit")),
    Column("level", "Cấp", "Level", True, ("Cấp đơn vị", "Unit level")),
    Column("province", "Tỉnh/thành phố", "Province", False, ("Tỉnh", "Tỉnh, thành phố", "City")),
)
HEADERS = tuple(c.header for c in COLUMNS)


@dataclass(frozen=True)
class RowProblem:
    """What is wrong in one row: the row number as the sheet shows it, the column, what to do."""

    row: int
    column: str
    vi: str
    en: str

    def message(self, lang: str = "vi") -> str:
        if lang == "en":
            return f"row {self.row}, column «{_en(self.column)}»: {self.en}"
        return f"dòng {self.row}, cột «{self.column}»: {self.vi}"


@dataclass
class UnitList:
    """What a file holds: its good rows, the problems of the others, every code it names."""

    source: str
    entries: list[UnitEntry] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)
    #: every code written in the file, good row or not (a unit listed is never deactivated)
    listed: set[str] = field(default_factory=set)
    #: good rows that look like one unit under two codes (kept; for a person to check)
    warnings: list[RowProblem] = field(default_factory=list)


def _en(header: str) -> str:
    return next((c.header_en for c in COLUMNS if c.header == header), header)


def header_key(text: object) -> str:
    """A header as compared: no parenthesised note, no diacritics, no case, letters only."""
    plain = re.sub(r"\(.*?\)", "", str(text or "")).replace("đ", "d").replace("Đ", "D")
    bare = unicodedata.normalize("NFD", plain)
    return "".join(ch for ch in bare.casefold() if ch.isalnum() and not unicodedata.combining(ch))


_KEYS = {header_key(name): c.key for c in COLUMNS for name in (c.header, c.header_en, *c.aliases)}


def _columns(cells: Sequence[object]) -> dict[str, int]:
    """Where each known column is in a row (the first one wins)."""
    found: dict[str, int] = {}
    for index, cell in enumerate(cells):
        key = _KEYS.get(header_key(cell))
        if key is not None and key not in found:
            found[key] = index
    return found


def _required_found(found: dict[str, int]) -> bool:
    return all(c.key in found for c in COLUMNS if c.required)


def _missing(source: str, best: dict[str, int]) -> InputError:
    gone = [c for c in COLUMNS if c.required and c.key not in best]
    return InputError(
        f"{source}: không tìm thấy cột {', '.join(c.header for c in gone)}. Dòng tiêu đề cần có "
        f"các cột: {', '.join(HEADERS)} (cột tỉnh có thể để trống). Hãy dùng tệp mẫu danh sách "
        "đơn vị (lệnh `kit units template`).",
        f"{source}: no column {', '.join(c.header_en for c in gone)} found. The header row needs "
        f"the columns: {', '.join(HEADERS)} (the province may be blank). Use the unit list "
        "template (`kit units template`).",
    )


def read_units_file(data: bytes, filename: str) -> UnitList:
    """The units of an uploaded ``.xlsx`` or ``.csv`` list (see the module docstring)."""
    source = PurePath(filename).name or filename
    suffix = PurePath(filename).suffix.lower()
    LIMITS.check_size(len(data), source)
    if suffix in (".xlsx", ".xlsm"):
        return _from_rows(_sheet_rows(data, source), source)
    if suffix == ".csv":
        return _from_rows(_csv_rows(data, source), source)
    raise InputError(
        f"{source}: danh sách đơn vị cần là tệp .xlsx hoặc .csv.",
        f"{source}: the unit list must be an .xlsx or .csv file.",
    )


def _sheet_rows(data: bytes, source: str) -> list[tuple[int, list[object]]]:
    """The rows of the first sheet that has the header row (an instructions sheet is passed)."""
    best: dict[str, int] = {}
    with open_workbook(data, source, LIMITS) as book:
        for ws in book.worksheets:
            reading = LIMITS.reading(source)
            rows = [(n, list(r)) for n, r in reading.rows(sheet_rows(book, ws, 1))]
            for _n, cells in rows[:HEADER_ROWS]:
                found = _columns(cells)
                if _required_found(found):
                    return rows
                best = found if len(found) > len(best) else best
    raise _missing(source, best)


def _csv_rows(data: bytes, source: str) -> list[tuple[int, list[object]]]:
    text = csv_text(data, source)
    best: dict[str, int] = {}
    for delimiter in text.delimiters:
        reader = numbered(csv_reader(text, delimiter, source), text.first_line, source)
        rows: list[tuple[int, list[object]]] = [
            (n, list(r)) for n, r in LIMITS.reading(source).rows(reader)
        ]
        for _n, cells in rows[:HEADER_ROWS]:
            found = _columns(cells)
            if _required_found(found):
                return rows
            best = found if len(found) > len(best) else best
    raise _missing(source, best)


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _from_rows(rows: list[tuple[int, list[object]]], source: str) -> UnitList:
    head = next(i for i, (_, cells) in enumerate(rows) if _required_found(_columns(cells)))
    where = _columns(rows[head][1])
    out = UnitList(source)
    checked: list[tuple[UnitEntry, list[RowProblem]]] = []
    for number, cells in rows[head + 1 :]:
        values = {k: cells[i] if i < len(cells) else None for k, i in where.items()}
        if all(_blank(v) for v in values.values()):
            continue
        entry, problems = _check_row(number, values)
        if entry.code:
            out.listed.add(entry.code)
        checked.append((entry, problems))
    _duplicates(checked)
    for entry, problems in checked:
        if problems:
            out.problems += problems
        else:
            out.entries.append(entry)
    out.warnings = _look_alike(out.entries)
    return out


def _check_row(number: int, values: dict[str, object]) -> tuple[UnitEntry, list[RowProblem]]:
    problems: list[RowProblem] = []

    def problem(column: str, vi: str, en: str) -> None:
        problems.append(RowProblem(number, column, vi, en))

    for key, value in values.items():
        if isinstance(value, Uncalculated):  # a formula saved without its value
            header = next(c.header for c in COLUMNS if c.key == key)
            problem(header, f"{UNCALCULATED[0]}.", f"{UNCALCULATED[1]}.")
            values[key] = None

    code = normal_code(values.get("code"))
    if not code:
        problem("Mã đơn vị", "còn trống: ghi mã của đơn vị.", "is blank: write the unit's code.")
    elif len(code) > CODE_MAX or not CODE_PATTERN.match(code):
        problem(
            "Mã đơn vị",
            f"«{code[:60]}» không dùng được: mã dài tối đa {CODE_MAX} ký tự, chỉ gồm chữ, số và "
            "các dấu . _ - /, không có khoảng trắng.",
            f"“{code[:60]}” cannot be used: a code has at most {CODE_MAX} characters, letters, "
            "digits and . _ - / only, no spaces.",
        )
        code = ""
    name = normal_text(values.get("name"))
    if not name:
        problem("Tên đơn vị", "còn trống: ghi tên đầy đủ của đơn vị.", "is blank: write its name.")
    elif len(name) > NAME_MAX:
        problem(
            "Tên đơn vị",
            f"dài quá {NAME_MAX} ký tự: rút gọn tên.",
            f"is over {NAME_MAX} characters: shorten it.",
        )
    given = normal_text(values.get("level"))
    level = level_of(given) if given else None
    if not given:
        problem(
            "Cấp",
            f"còn trống: chọn một trong {levels_help('vi')}.",
            f"is blank: choose one of {levels_help('en')}.",
        )
    elif level is None:
        problem(
            "Cấp",
            f"«{given[:60]}» không phải cấp của bảng hỏi: chọn một trong {levels_help('vi')}.",
            f"“{given[:60]}” is not a level of the questionnaire: choose one of "
            f"{levels_help('en')}.",
        )
    province = normal_text(values.get("province"))
    if len(province) > PROVINCE_MAX:
        problem(
            "Tỉnh/thành phố",
            f"dài quá {PROVINCE_MAX} ký tự: rút gọn.",
            f"is over {PROVINCE_MAX} characters: shorten it.",
        )
    entry = UnitEntry(number, code, name, level.id if level else "", province)
    return entry, problems


def _duplicates(checked: Iterable[tuple[UnitEntry, list[RowProblem]]]) -> None:
    """A code on several rows: a problem on each of them, naming the others."""
    rows: dict[str, list[tuple[UnitEntry, list[RowProblem]]]] = {}
    for entry, problems in checked:
        if entry.code:
            rows.setdefault(entry.code, []).append((entry, problems))
    for code, same in rows.items():
        if len(same) < 2:
            continue
        numbers = ", ".join(str(e.row) for e, _ in same)
        for entry, problems in same:
            problems.append(
                RowProblem(
                    entry.row,
                    "Mã đơn vị",
                    f"mã {code} có ở các dòng {numbers}: mỗi đơn vị một mã; sửa mã hoặc xóa "
                    "dòng thừa rồi nhập lại.",
                    f"the code {code} is on rows {numbers}: one code per unit; correct the code "
                    "or delete the extra row, then import again.",
                )
            )


def _look_alike(entries: Sequence[UnitEntry]) -> list[RowProblem]:
    """Good rows whose names differ only in spelling, at the same level and province, under
    different codes: both are kept (they may be two units); a person should check."""
    first: dict[tuple[str, str, str], UnitEntry] = {}
    out = []
    for e in entries:
        key = (name_key(e.name), e.level, name_key(e.province))
        seen = first.setdefault(key, e)
        if seen is not e:
            out.append(
                RowProblem(
                    e.row,
                    "Tên đơn vị",
                    f"«{e.name}» giống tên «{seen.name}» (mã {seen.code}, dòng {seen.row}): cả "
                    "hai được giữ như hai đơn vị; nếu là một, hãy xóa một dòng.",
                    f"“{e.name}” looks like “{seen.name}” (code {seen.code}, row {seen.row}): "
                    "both are kept as two units; if they are one, delete a row.",
                )
            )
    return out

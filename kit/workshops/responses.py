"""Read a response table (``.csv`` or ``.xlsx``) into :class:`~kit.workshops.marks.Response` rows.

The table has one row per trainee and item, with the columns ``trainee, item, score, max`` and an
optional ``phase`` (``pre``/``post``), so a trainer can type in a paper test. Headers are matched
however they are written (case, spaces, Unicode form, tone placement) and may be Vietnamese:
``học viên, câu, điểm, tối đa, giai đoạn``. The header row is looked for in the first
``HEADER_SEARCH_ROWS`` rows, so a sheet may start with title rows; other columns are ignored.

CSV: UTF-8 with or without BOM; comma, semicolon or tab; Excel's ``sep=;`` line; a decimal comma
(``7,5``) is read as a decimal point. Excel: values, not formulas, from the first sheet that has
the header row (a formula saved without its value is a problem of its row). A file over the limits
of :data:`kit.core.limits.WORKSHOP_RESPONSES` (size, rows, time) is refused whole.

A problem with the file itself (wrong type, not UTF-8, empty, a required column missing) is an
:class:`~kit.core.errors.InputError`. A bad row is left out and reported as a :class:`RowProblem`
with its row number as in the file, while the good rows are used:

* a blank trainee or item, a blank score (taken as "not answered": left out, not counted as
  zero; the rows of a trainee with no score at all, such as a seat of the printed response
  sheet of ``kit exercise paper`` that nobody sat in, are left out without a word), a score or
  max that is not a number, a negative score, a score above the max, a max
  of 0 or less, an unknown phase;
* a row without a phase when other rows have one;
* a row whose max differs from the max most rows give the same item (in the same phase);
* a second row for the same trainee, item and phase (the first one is kept).

When no row is usable, the whole file is an :class:`~kit.core.errors.InputError`.
"""

from __future__ import annotations

import math
import unicodedata
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import chain, islice
from pathlib import Path, PurePath
from typing import Any

from kit.core.errors import InputError
from kit.core.files import read_input
from kit.core.limits import WORKSHOP_RESPONSES, Reading, clip
from kit.core.sheets import (
    UNCALCULATED,
    Uncalculated,
    csv_tables,
    csv_text,
    dense_rows,
    open_workbook,
    sheet_rows,
)
from kit.core.text import fold
from kit.workshops.marks import Response

HEADER_SEARCH_ROWS = 10
REQUIRED = ("trainee", "item", "score", "max")
_ALIASES = {
    "trainee": ("trainee", "học viên", "hoc vien", "họ tên", "họ và tên", "name"),
    "item": ("item", "câu", "cau", "câu hỏi", "cau hoi", "question"),
    "score": ("score", "điểm", "diem", "mark"),
    "max": ("max", "tối đa", "toi da", "điểm tối đa", "diem toi da", "max score"),
    "phase": ("phase", "giai đoạn", "giai doan"),
}
_HEADER_OF = {fold(alias): key for key, aliases in _ALIASES.items() for alias in aliases}
#: rows of a file with the number each has in it
Numbered = Iterator[tuple[int, Sequence[object]]]
_PHASE_OF = {
    fold(word): phase
    for phase, words in {"pre": ("pre", "trước", "truoc"), "post": ("post", "sau")}.items()
    for word in words
}


@dataclass(frozen=True)
class RowProblem:
    """Why one row of the file was left out; ``row`` is its number as in the file."""

    row: int
    vi: str
    en: str

    def __str__(self) -> str:
        return f"dòng {self.row}: {self.vi}\nrow {self.row}: {self.en}"

    def to_json(self) -> dict[str, Any]:
        return {"row": self.row, "vi": self.vi, "en": self.en}


@dataclass(frozen=True)
class ResponseTable:
    """The usable responses of a file and the rows that were left out."""

    responses: tuple[Response, ...]
    problems: tuple[RowProblem, ...]


def read_responses_file(path: Path) -> ResponseTable:
    """:func:`read_responses` of a file named on the command line."""
    return read_responses(read_input(path, WORKSHOP_RESPONSES), path.name)


def read_responses(data: bytes, filename: str) -> ResponseTable:
    """The responses in an ``.xlsx``/``.xlsm`` or ``.csv`` file (see the module docstring)."""
    suffix = PurePath(filename).suffix.lower()
    WORKSHOP_RESPONSES.check_size(len(data), filename)
    reading = WORKSHOP_RESPONSES.reading(filename)
    if suffix in (".xlsx", ".xlsm"):
        numbered = _xlsx_rows(data, filename, reading)
    elif suffix == ".csv":
        numbered = _csv_rows(data, filename, reading)
    else:
        raise InputError(
            f"{filename}: cần tệp .csv hoặc .xlsx (tệp .xls, .ods hãy lưu lại dạng .xlsx).",
            f"{filename}: expected a .csv or .xlsx file (save .xls or .ods files as .xlsx).",
        )
    return _responses(numbered, filename)


# --- the header ---------------------------------------------------------------------------------


def _find_header(head: Sequence[tuple[int, Sequence[object]]]) -> int | None:
    """Index in ``head`` of the header row (two or more known names), or ``None``."""
    for index, (_, row) in enumerate(head):
        if len(_columns(row)) >= 2:
            return index
    return None


def _columns(row: Sequence[object]) -> dict[str, int]:
    """Known column name -> its position in ``row`` (the first one, when a name repeats)."""
    found: dict[str, int] = {}
    for col, cell in enumerate(row):
        if isinstance(cell, str) and (key := _HEADER_OF.get(fold(cell))) is not None:
            found.setdefault(key, col)
    return found


def _check_header(row: Sequence[object], number: int, where: str) -> dict[str, int]:
    columns = _columns(row)
    keys = Counter(_HEADER_OF.get(fold(c)) for c in row if isinstance(c, str))
    repeated = {key for key, n in keys.items() if key is not None and n > 1}
    if repeated:
        shown = ", ".join(sorted(repeated))
        raise InputError(
            f"{where}: cột {shown} có hai lần ở dòng tiêu đề (dòng {number}); giữ một cột.",
            f"{where}: column {shown} appears twice in the header (row {number}); keep one.",
        )
    missing = [key for key in REQUIRED if key not in columns]
    if missing:
        shown = ", ".join(missing)
        raise InputError(
            f"{where}: thiếu cột {shown} ở dòng tiêu đề (dòng {number}). Cần các cột "
            "trainee, item, score, max (hoặc học viên, câu, điểm, tối đa).",
            f"{where}: missing column {shown} in the header (row {number}). The columns "
            "trainee, item, score, max (or học viên, câu, điểm, tối đa) are needed.",
        )
    return columns


def _no_header(where: str) -> InputError:
    return InputError(
        f"{where}: không thấy dòng tiêu đề có các cột trainee, item, score, max (hoặc học viên, "
        f"câu, điểm, tối đa) trong {HEADER_SEARCH_ROWS} dòng đầu.",
        f"{where}: no header row with the columns trainee, item, score, max in the first "
        f"{HEADER_SEARCH_ROWS} rows.",
    )


def _empty(where: str) -> InputError:
    return InputError(f"{where}: tệp trống.", f"{where}: the file is empty.")


# --- the rows -----------------------------------------------------------------------------------


def _responses(numbered: tuple[dict[str, int], Numbered], filename: str) -> ResponseTable:
    columns, rows = numbered
    read: list[tuple[int, Response]] = []
    problems: list[RowProblem] = []
    unmarked: list[tuple[str, list[RowProblem]]] = []
    for number, raw in rows:
        cells = {key: _cell(raw, col) for key, col in columns.items()}
        if all(v is None for v in cells.values()):
            continue
        formulas = [key for key, v in cells.items() if isinstance(v, Uncalculated)]
        if formulas:  # not read as blank: the row is left out, saying why
            vi, en = UNCALCULATED
            problems += [RowProblem(number, f"cột {k}: {vi}.", f"{k}: {en}.") for k in formulas]
            continue
        response, why = _response(cells)
        if response is None and cells["score"] is None:  # told only for a trainee with marks
            unmarked.append((_name(cells["trainee"]), [RowProblem(number, *w) for w in why]))
        elif response is None:
            problems += [RowProblem(number, vi, en) for vi, en in why]
        else:
            read.append((number, response))
    marked = {r.trainee for _, r in read}
    problems += [p for trainee, told in unmarked if trainee in marked for p in told]
    read = _keep_consistent(read, problems)
    if not read:
        listing = "\n".join(str(p) for p in sorted(problems, key=lambda p: p.row)[:10])
        raise InputError(
            f"{filename}: không có dòng nào dùng được.\n{listing}".strip(),
            f"{filename}: no usable row.\n{listing}".strip(),
        )
    problems.sort(key=lambda p: p.row)
    return ResponseTable(tuple(r for _, r in read), tuple(problems))


def _cell(raw: Sequence[object], col: int) -> object:
    cell = raw[col] if col < len(raw) else None
    return None if isinstance(cell, str) and not cell.strip() else cell


def _response(cells: dict[str, object]) -> tuple[Response | None, list[tuple[str, str]]]:
    why: list[tuple[str, str]] = []
    trainee, item = _name(cells["trainee"]), _name(cells["item"])
    if not trainee:
        why.append(("thiếu tên học viên.", "the trainee's name is missing."))
    if not item:
        why.append(("thiếu tên câu hỏi.", "the item's name is missing."))
    score, max_ = _number(cells["score"]), _number(cells["max"])
    if cells["score"] is None:
        why.append(
            (
                "để trống điểm: coi là không trả lời, không tính là 0.",
                "blank score: taken as not answered, not counted as zero.",
            )
        )
    elif score is None:
        shown = clip(repr(cells["score"]))
        why.append((f"điểm {shown} không phải là số.", f"score {shown} is not a number."))
    if max_ is None:
        shown = "để trống" if cells["max"] is None else clip(repr(cells["max"]))
        shown_en = "blank" if cells["max"] is None else clip(repr(cells["max"]))
        why.append(
            (
                f"điểm tối đa ({shown}) phải là một số.",
                f"the max mark ({shown_en}) must be a number.",
            )
        )
    phase_cell = cells.get("phase")
    phase = None if phase_cell is None else _PHASE_OF.get(fold(str(phase_cell)))
    if phase_cell is not None and phase is None:
        why.append(
            (
                f"giai đoạn {clip(repr(str(phase_cell)))} không hợp lệ; dùng pre (trước) hoặc "
                "post (sau).",
                f"unknown phase {clip(repr(str(phase_cell)))}; use pre or post.",
            )
        )
    if why or score is None or max_ is None:
        return None, why
    try:
        return Response(trainee, item, score, max_, phase), []
    except InputError as exc:  # a negative score, a score above the max, a max of 0 or less
        return None, [(exc.vi, exc.en)]


def _name(cell: object) -> str:
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)
    return " ".join(unicodedata.normalize("NFC", str(cell)).split())


def _number(cell: object) -> float | None:
    if cell is None or isinstance(cell, bool):
        return None
    if isinstance(cell, int | float):
        value = float(cell)
    else:
        text = str(cell).strip()
        if text.count(",") == 1 and "." not in text:
            text = text.replace(",", ".")  # a Vietnamese decimal comma
        try:
            value = float(text)
        except ValueError:
            return None
    return value if math.isfinite(value) else None


def _keep_consistent(
    read: list[tuple[int, Response]], problems: list[RowProblem]
) -> list[tuple[int, Response]]:
    """``read`` without the rows that clash with the others; each left out row is reported."""
    if any(r.phase is not None for _, r in read):
        for number, r in read:
            if r.phase is None:
                problems.append(
                    RowProblem(
                        number,
                        "thiếu giai đoạn (pre/post) trong khi các dòng khác có.",
                        "no phase (pre/post) while other rows have one.",
                    )
                )
        read = [(n, r) for n, r in read if r.phase is not None]
    votes: dict[tuple[str, str | None], Counter[float]] = {}
    for _, r in read:
        votes.setdefault((r.item, r.phase), Counter())[r.max] += 1
    usual = {key: counter.most_common(1)[0][0] for key, counter in votes.items()}
    kept: list[tuple[int, Response]] = []
    first: dict[tuple[str, str, str | None], int] = {}
    for number, r in read:
        expected = usual[r.item, r.phase]
        if r.max != expected:
            problems.append(
                RowProblem(
                    number,
                    f"điểm tối đa {r.max:g} khác với {expected:g} ở các dòng khác của câu "
                    f"{clip(repr(r.item))}.",
                    f"max mark {r.max:g} differs from {expected:g} in the other rows of item "
                    f"{clip(repr(r.item))}.",
                )
            )
        elif (seen := first.setdefault((r.trainee, r.item, r.phase), number)) != number:
            problems.append(
                RowProblem(
                    number,
                    f"{clip(repr(r.trainee))}, {clip(repr(r.item))} đã có ở dòng {seen}; giữ "
                    f"dòng {seen}.",
                    f"{clip(repr(r.trainee))}, {clip(repr(r.item))} is already in row {seen}; "
                    f"row {seen} is kept.",
                )
            )
        else:
            kept.append((number, r))
    return kept


# --- the formats --------------------------------------------------------------------------------


def _table(
    numbered: Numbered, where: str, reading: Reading, head: list[tuple[int, Sequence[object]]]
) -> tuple[dict[str, int], Numbered] | None:
    """The column map of the header row among the ``head`` rows and the rows below it (counted
    by ``reading``), or ``None`` without a header."""
    index = _find_header(head)
    if index is None:
        return None
    number, row = head[index]
    return _check_header(row, number, where), reading.rows(chain(head[index + 1 :], numbered))


def _csv_rows(data: bytes, filename: str, reading: Reading) -> tuple[dict[str, int], Numbered]:
    source = csv_text(data, filename)
    if not source.text.strip():
        raise _empty(filename)
    for _, head, records in csv_tables(source, filename, HEADER_SEARCH_ROWS):
        found = _table(records, filename, reading, list(head))
        if found is not None:
            return found
    raise _no_header(filename)


def _xlsx_rows(data: bytes, filename: str, reading: Reading) -> tuple[dict[str, int], Numbered]:
    """The first sheet with a header row, its rows read while the workbook is open."""
    filled = False
    with open_workbook(data, filename, WORKSHOP_RESPONSES) as book:
        for ws in book.worksheets:
            rows = dense_rows(sheet_rows(book, ws, 1), HEADER_SEARCH_ROWS)
            head = list(islice(rows, HEADER_SEARCH_ROWS))
            found = _table(rows, f"{filename} ('{ws.title}')", reading, head)
            if found is not None:
                return found[0], iter(list(found[1]))
            filled = filled or any(reading.row(row) for _, row in sheet_rows(book, ws, 1))
    raise _no_header(filename) if filled else _empty(filename)

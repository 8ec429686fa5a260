"""Reading uploaded tables the way every importer of the kit does.

CSV: UTF-8 with or without a BOM (a clear message otherwise), Excel's ``sep=;`` first line, the
delimiter sniffed then tried in turn, each line at most ``LINE_CHARS`` long (:func:`csv_reader`),
and each record numbered with the line it starts on, for per-row messages. Excel:
:func:`open_workbook` opens an ``.xlsx`` upload read-only, with a message a person can act on when
it is damaged, once the file passed the checks of its :class:`~kit.core.limits.ReadLimits` (size,
zip bomb, XML declarations, rows: :mod:`kit.core.ooxml`); :func:`sheet_rows` reads a sheet's rows
fast, a formula cell saved without its value read as :class:`Uncalculated`. The readers count the
rows they take with :class:`~kit.core.limits.Reading`.
"""

from __future__ import annotations

import contextlib
import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import islice
from typing import TYPE_CHECKING, Any

from kit.core.errors import InputError
from kit.core.limits import LINE_CHARS, ReadLimits, number

if TYPE_CHECKING:
    from openpyxl.workbook.workbook import Workbook

__all__ = [
    "DEFAULT_LIMITS",
    "UNCALCULATED",
    "CsvText",
    "ReadLimits",
    "Uncalculated",
    "csv_reader",
    "csv_tables",
    "csv_text",
    "dense_rows",
    "numbered",
    "open_workbook",
    "sheet_rows",
]


@dataclass(frozen=True)
class CsvText:
    text: str
    #: the delimiters to try, the likeliest first
    delimiters: tuple[str, ...]
    #: the line number of the text's first line in the file (2 after a ``sep=`` line)
    first_line: int


def csv_text(data: bytes, filename: str) -> CsvText:
    """The text of a CSV upload and the delimiters to try; an empty text is left to the caller."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{filename}: tệp CSV không phải mã UTF-8 nên chữ tiếng Việt sẽ bị lỗi. Trong Excel "
            "chọn Lưu thành (Save As) → 'CSV UTF-8 (Comma delimited)', hoặc lưu dạng .xlsx.",
            f"{filename}: the CSV file is not UTF-8, so Vietnamese letters would be garbled. In "
            "Excel use Save As → 'CSV UTF-8 (Comma delimited)', or save as .xlsx.",
        ) from exc
    hinted, first_line = "", 1
    line, _, rest = text.partition("\n")
    if line.strip().lower().startswith("sep=") and len(line.strip()) == 5:
        hinted, text, first_line = line.strip()[4], rest, 2  # Excel's "sep=;" line
    candidates = [hinted] if hinted else []
    with contextlib.suppress(csv.Error):  # no clear delimiter: try each in turn
        candidates.append(csv.Sniffer().sniff(text[:8192], delimiters=",;\t").delimiter)
    return CsvText(text, tuple(dict.fromkeys([*candidates, ";", ",", "\t"])), first_line)


def csv_reader(source: CsvText, delimiter: str, filename: str) -> Any:
    """A ``csv.reader`` of ``source``; a line longer than ``LINE_CHARS`` stops it (a line of a
    million commas would otherwise become a row of a million cells at once)."""
    return csv.reader(_lines(source, filename), delimiter=delimiter)


def csv_tables(
    source: CsvText, filename: str, head_rows: int
) -> Iterator[tuple[str, list[tuple[int, list[str]]], Iterator[tuple[int, list[str]]]]]:
    """For each delimiter to try, the likeliest first: ``(delimiter, the first head_rows
    records, the records after them)``. A delimiter whose first records cannot be read (a
    wrong guess makes a whole line one cell, too long for a cell) is passed over; when none
    is left, the first such error is raised."""
    error: InputError | None = None
    for delimiter in source.delimiters:
        records = numbered(csv_reader(source, delimiter, filename), source.first_line, filename)
        try:
            head = list(islice(records, head_rows))
        except InputError as exc:
            error = error or exc
            continue
        yield delimiter, head, records
    if error is not None:
        raise error


def _lines(source: CsvText, filename: str) -> Iterator[str]:
    for number_, line in enumerate(io.StringIO(source.text, newline=""), start=source.first_line):
        if len(line) > LINE_CHARS:
            raise InputError(
                f"{filename}: dòng {number_} dài hơn {number(LINE_CHARS)} ký tự, quá giới hạn "
                "một dòng của tệp CSV; tệp không được đọc. Hãy kiểm tra tệp có đúng là CSV.",
                f"{filename}: line {number_} is longer than {number(LINE_CHARS, 'en')} "
                "characters, the limit for a CSV line; the file was not read. Check that it is "
                "really a CSV file.",
            )
        yield line


def numbered(reader: Any, first: int, filename: str) -> Iterator[tuple[int, list[str]]]:
    """CSV records with the line each starts on (a quoted cell may span lines)."""
    line = first
    try:
        for record in reader:
            yield line, record
            line = first + reader.line_num
    except csv.Error as exc:
        line = first - 1 + reader.line_num
        raise InputError(
            f"{filename}: tệp CSV bị lỗi ở dòng {line}: {exc}",
            f"{filename}: the CSV file is broken at line {line}: {exc}",
        ) from exc


# --- Excel workbooks -----------------------------------------------------------------------


#: the limits every reader uses unless told otherwise
DEFAULT_LIMITS = ReadLimits()


def _cannot_read(filename: str, exc: Exception) -> InputError:
    return InputError(
        f"{filename}: không đọc được tệp Excel ({type(exc).__name__}). Hãy mở bằng Excel "
        "và lưu lại dạng .xlsx.",
        f"{filename}: cannot read the Excel file ({type(exc).__name__}). Open it in Excel "
        "and save it again as .xlsx.",
    )


def _damaged(filename: str, exc: Exception) -> InputError:
    return InputError(
        f"{filename}: tệp Excel bị hỏng ({type(exc).__name__}).",
        f"{filename}: the Excel file is damaged ({type(exc).__name__}).",
    )


@contextlib.contextmanager
def open_workbook(
    data: bytes, filename: str, limits: ReadLimits = DEFAULT_LIMITS
) -> Iterator[Workbook]:
    """The ``.xlsx`` upload ``data`` opened read-only with computed values, closed on leaving.

    openpyxl raises many kinds of error on a damaged file (zip, XML, key, value errors), some
    only when a sheet's rows are read: one that cannot be opened is "cannot read the Excel file",
    one failing while the block reads it is "the Excel file is damaged" (an :class:`InputError`
    raised by the block itself passes through unchanged).
    """
    from openpyxl import load_workbook

    limits.check_upload(data, filename)
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:
        raise _cannot_read(filename, exc) from exc
    try:
        yield book
    except InputError:
        raise
    except Exception as exc:
        raise _damaged(filename, exc) from exc
    finally:
        book.close()


# --- a sheet's rows ----------------------------------------------------------------------


class Uncalculated(str):
    """A formula cell saved without its value (the file was written by a program and never
    opened in Excel): its text is the formula. A reader reports such a cell as a problem of its
    row (:data:`UNCALCULATED`) rather than read it as blank."""

    __slots__ = ()


#: what a reader says of an :class:`Uncalculated` cell (vi, en)
UNCALCULATED = (
    "ô có công thức chưa được tính — mở tệp trong Excel rồi lưu lại",
    "formula not calculated — open the file in Excel and save it again",
)

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_CELL, _VALUE, _INLINE, _FORMULA = f"{_MAIN}c", f"{_MAIN}v", f"{_MAIN}is", f"{_MAIN}f"


def sheet_rows(book: Workbook, ws: Any, first: int) -> Iterator[tuple[int, Sequence[object]]]:
    """The values of each row from row ``first``, with its number (a row may be shorter than
    the widest one: the cells after its last value are left out).

    openpyxl builds several objects per cell; for sheets of thousands of rows this reads the
    sheet's XML with lxml instead (no entities, no DTD, no network, as for any uploaded XML),
    from the workbook openpyxl opened and with its shared strings and date styles: the same
    values (numbers, dates, text, booleans, cached formula results), in about half the time,
    and a formula saved without its value as :class:`Uncalculated`. Should openpyxl's internals
    differ, its own reader is used (a formula without its value then reads as blank).
    """
    try:
        source = book._archive.open(ws._worksheet_path)
        strings, dates, epoch = ws._shared_strings, book._date_formats, book.epoch
    except (AttributeError, KeyError):  # not the openpyxl 3.1 layout: the slower public way
        yield from enumerate(ws.iter_rows(min_row=first, values_only=True), start=first)
        return
    from lxml import etree

    columns: dict[str, int] = {}
    number_ = 0
    with source:
        rows = etree.iterparse(
            source, tag=f"{_MAIN}row", resolve_entities=False, no_network=True, load_dtd=False
        )
        for _, row in rows:
            number_ = int(row.get("r") or number_ + 1)
            if number_ >= first:
                yield number_, _row_values(row, columns, strings, dates, epoch)
            row.clear()
            while row.getprevious() is not None:  # keep memory flat on long sheets
                del row.getparent()[0]


def dense_rows(
    numbered: Iterable[tuple[int, Sequence[object]]], upto: int
) -> Iterator[tuple[int, Sequence[object]]]:
    """``numbered`` (rows with their numbers, as :func:`sheet_rows` gives them), with each row
    missing among the first ``upto`` given as an empty one: a header is then looked for in rows
    1 to ``upto`` of the sheet, not in its first ``upto`` stored rows."""
    expected = 1
    for number_, row in numbered:
        while expected < number_ and expected <= upto:
            yield expected, ()
            expected += 1
        yield number_, row
        expected = number_ + 1


def _row_values(
    row: Any, columns: dict[str, int], strings: Any, dates: Any, epoch: Any
) -> list[object]:
    from openpyxl.utils.cell import column_index_from_string
    from openpyxl.utils.datetime import from_excel, from_ISO8601

    values: list[object] = []
    col = -1
    for c in row.iterchildren(_CELL):
        ref = c.get("r")
        if ref:
            letters = ref.rstrip("0123456789")
            at = columns.get(letters)
            if at is None:
                at = columns[letters] = column_index_from_string(letters) - 1
            col = at
        else:
            col += 1
        kind = c.get("t", "n")
        value: object = None
        if kind == "inlineStr":
            node = c.find(_INLINE)
            value = None if node is None else "".join(node.itertext())
        else:
            text = c.findtext(_VALUE)
            if c.find(_FORMULA) is not None and (text is None or (not text and kind != "str")):
                value = Uncalculated("=" + (c.findtext(_FORMULA) or ""))
            elif text is None or (not text and kind != "str"):
                pass
            elif kind == "n":
                value = float(text) if "." in text or "E" in text or "e" in text else int(text)
                style = c.get("s")
                if style and int(style) in dates:
                    try:
                        value = from_excel(value, epoch)
                    except (OverflowError, ValueError):
                        value = "#VALUE!"  # as openpyxl: a date out of range
            elif kind == "s":
                value = strings[int(text)]
            elif kind == "b":
                value = text == "1"
            elif kind == "d":
                value = from_ISO8601(text)
            else:
                value = text
        if value is None:
            continue
        if col >= len(values):
            values.extend([None] * (col - len(values)))
            values.append(value)
        else:
            values[col] = value
    return values

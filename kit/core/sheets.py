"""Reading uploaded tables the way every importer of the kit does.

CSV: UTF-8 with or without a BOM (a clear message otherwise), Excel's ``sep=;`` first line, the
delimiter sniffed then tried in turn, and each record numbered with the line it starts on, for
per-row messages. Excel: :func:`open_workbook` opens an ``.xlsx`` upload read-only, with a message
a person can act on when it is damaged, under the :class:`ReadLimits` every reader shares.
"""

from __future__ import annotations

import contextlib
import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from kit.core.errors import InputError

if TYPE_CHECKING:
    from openpyxl.workbook.workbook import Workbook


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


@dataclass(frozen=True)
class ReadLimits:
    """How much of an upload a reader may take on: the one place where bounds on what is read
    (file size, uncompressed size, rows, time) are to be set, for every reader at once.

    None is set yet: the default reads a workbook whole, as the kit always has.
    """

    def check_upload(self, data: bytes, filename: str) -> None:
        """Refuse, before anything is parsed, an upload beyond these limits (none yet)."""


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

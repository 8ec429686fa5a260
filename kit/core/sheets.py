"""Reading CSV uploads the way every importer of the kit does: UTF-8 with or without a BOM (a
clear message otherwise), Excel's ``sep=;`` first line, the delimiter sniffed then tried in turn,
and each record numbered with the line it starts on, for per-row messages."""

from __future__ import annotations

import contextlib
import csv
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from kit.core.errors import InputError


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

"""How much of a file a person gives the kit it reads: the one table of limits, for the command
line and the apps alike (the apps check an upload's size against the same numbers).

Every reader of a user's file (a sheet, a Word report, a text, a JSON file) refuses a file over a
limit whole, before doing the work, with a message naming the limit and what to do; nothing is
ever cut silently. A reader checks, in this order:

* the file's size (``megabytes``);
* for ``.xlsx``/``.docx`` (zip packages, :mod:`kit.core.ooxml`), before any XML parser sees them:
  the number of parts, their uncompressed size in all (``unzipped_mb``, ``xml_mb``) and each large
  part's compression ratio (``RATIO``: a zip bomb), a DOCTYPE or entity declaration in any XML
  part (refused: no entity can be expanded), then the rows of each sheet or the paragraphs of a
  document, counted in the raw XML;
* while reading (:class:`Reading`): the rows holding a value (``rows``), every row stored in the
  file, blank ones included (``stored_rows``), the columns and the time spent (``seconds``);
* JSON: the nesting depth (``depth``) before the parser runs;
* a report: the characters and the lines of text the analyzer would read (``chars``, ``lines``).

The apps' own upload constants are these numbers (``tests/test_limits.py`` checks it), below the
most one upload may carry (:mod:`kit.core.uploads`). Measured figures at each limit:
``python -m benchmarks.bench_limits``.

A value a person typed is quoted back in a message at most :data:`QUOTE_CHARS` characters long
(:func:`clip`).
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TypeVar

from kit.core.errors import InputError
from kit.core.ooxml import PARTS, RATIO, RATIO_FLOOR, check_package
from kit.core.quoting import MB, QUOTE_CHARS, clip, number

__all__ = [
    "ASSESSMENT_JSON",
    "ASSESSMENT_SHEET",
    "ELIGIBILITY_SHEET",
    "JSON_FILE",
    "MB",
    "PARTS",
    "PASTED_REPORT",
    "PLAN_JSON",
    "QUOTE_CHARS",
    "RATIO",
    "RATIO_FLOOR",
    "REPORT_DOCX",
    "REPORT_TEXT",
    "TABLE",
    "WORKSHOP_RESPONSES",
    "ReadLimits",
    "Reading",
    "clip",
    "number",
]

#: nesting levels of a JSON file (the kit's own files use 5)
JSON_DEPTH = 64
#: columns holding a value in a sheet (Excel allows 16,384; the kit's widest sheet has 70)
COLUMNS = 1_000
#: characters in one line of a CSV file (a cell holds at most 32,767 in Excel)
LINE_CHARS = 1_000_000
#: every row stored in a sheet, blank formatted ones included, as a multiple of ``rows``
STORED_ROWS_FACTOR = 5
_TIME_EVERY = 256  # rows between two looks at the clock

#: a row as readers pass it on: its number in the file and its cells
Row = TypeVar("Row", bound=tuple[int, Sequence[object]])


@dataclass(frozen=True)
class ReadLimits:
    """The limits of one kind of file; the defaults are those of a sheet of any other kind."""

    vi: str = "bảng tính"
    en: str = "sheet"
    megabytes: int = 20
    #: rows holding at least one value (0: the file is not a table)
    rows: int = 50_000
    #: zip packages: every part uncompressed, and the XML parts alone (0: same as unzipped_mb)
    unzipped_mb: int = 200
    xml_mb: int = 0
    #: Word documents: paragraphs, table cells' included
    paragraphs: int = 0
    #: text: characters once read, and lines holding text (what the report analyzer reads)
    chars: int = 0
    lines: int = 0
    #: time to read the file (a sheet: its rows, checked as they are read)
    seconds: int = 120
    depth: int = JSON_DEPTH
    columns: int = COLUMNS

    @property
    def max_bytes(self) -> int:
        return self.megabytes * MB

    @property
    def stored_rows(self) -> int:
        return self.rows * STORED_ROWS_FACTOR

    def check_upload(self, data: bytes, filename: str) -> None:
        """Refuse, before anything is parsed, a file beyond these limits: its size, then for a
        zip package (``.xlsx``, ``.docx``) what :func:`kit.core.ooxml.check_package` checks."""
        self.check_size(len(data), filename)
        if data.startswith(b"PK"):
            check_package(data, filename, self)

    def check_size(self, size: int, filename: str) -> None:
        if size > self.max_bytes:
            raise self.refuse(
                filename,
                (f"tệp nặng {number(size / MB)} MB", f"the file is {number(size / MB, 'en')} MB"),
                (f"{self.megabytes} MB", f"{self.megabytes} MB"),
                ("Hãy chia thành nhiều tệp nhỏ hơn.", "Split it into smaller files."),
            )

    def check_chars(self, size: int, filename: str = "") -> None:
        if self.chars and size > self.chars:
            raise self.refuse(
                filename,
                (
                    f"văn bản dài {number(size)} ký tự",
                    f"the text is {number(size, 'en')} characters long",
                ),
                (f"{number(self.chars)} ký tự", f"{number(self.chars, 'en')} characters"),
                ("Hãy rút gọn văn bản.", "Shorten the text."),
            )

    def check_lines(self, count: int, filename: str = "") -> None:
        if self.lines and count > self.lines:
            raise self.refuse(
                filename,
                (
                    f"văn bản có {number(count)} đoạn có chữ",
                    f"the text has {number(count, 'en')} paragraphs or lines",
                ),
                (f"{number(self.lines)} đoạn", f"{number(self.lines, 'en')} paragraphs"),
                (
                    "Hãy chỉ giữ phần báo cáo cần phân tích.",
                    "Keep only the part of the report to analyse.",
                ),
            )

    def too_many_rows(self, filename: str, found: int | None = None) -> InputError:
        vi = f"tệp có {number(found)} dòng dữ liệu" if found else "tệp có nhiều dòng dữ liệu hơn"
        en = f"the file has {number(found, 'en')} data rows" if found else "the file has more rows"
        limit = number(self.rows)
        return self.refuse(
            filename,
            (vi, en),
            (f"{limit} dòng dữ liệu", f"{number(self.rows, 'en')} data rows"),
            (
                f"Hãy chia thành nhiều tệp, mỗi tệp không quá {limit} dòng.",
                f"Split it into files of at most {number(self.rows, 'en')} rows each.",
            ),
        )

    def too_many_stored_rows(self, filename: str, found: int | None = None) -> InputError:
        limit_vi, limit_en = number(self.stored_rows), number(self.stored_rows, "en")
        return self.refuse(
            filename,
            (
                f"bảng lưu {number(found) if found else 'hơn ' + limit_vi} dòng, kể cả dòng trống",
                f"the sheet stores {number(found, 'en') if found else 'over ' + limit_en} rows, "
                "blank ones included",
            ),
            (f"{limit_vi} dòng lưu trong bảng", f"{limit_en} stored rows"),
            (
                "Hãy xóa các dòng trống đã định dạng bên dưới dữ liệu (chọn cả dòng, Xóa dòng) "
                "rồi lưu lại, hoặc chép dữ liệu sang tệp mới.",
                "Delete the blank formatted rows below the data (select whole rows, Delete) and "
                "save again, or copy the data into a new file.",
            ),
        )

    def refuse(
        self,
        filename: str,
        found: tuple[str, str],
        limit: tuple[str, str],
        todo: tuple[str, str],
    ) -> InputError:
        """The message of a file over a limit: what was found, the limit, what to do (without
        a ``filename``: of a text pasted in a page)."""
        if not filename:
            return InputError(
                f"{found[0][:1].upper()}{found[0][1:]}, quá giới hạn {limit[0]} của {self.vi}; "
                f"văn bản không được đọc. {todo[0]}",
                f"{found[1][:1].upper()}{found[1][1:]}, over the limit of {limit[1]} for a "
                f"{self.en}; the text was not read. {todo[1]}",
            )
        return InputError(
            f"{filename}: {found[0]}, quá giới hạn {limit[0]} của {self.vi}; tệp không được "
            f"đọc. {todo[0]}",
            f"{filename}: {found[1]}, over the limit of {limit[1]} for a {self.en}; the file was "
            f"not read. {todo[1]}",
        )

    def reading(self, filename: str) -> Reading:
        return Reading(self, filename)


class Reading:
    """The rows and the time of one file being read, against its limits.

    :meth:`rows` passes rows on, counting them: more rows holding a value than ``rows``, more
    rows stored than ``stored_rows``, a value beyond ``columns`` or more than ``seconds`` spent
    stop the reading with an :class:`InputError` (the whole file is refused).
    """

    def __init__(self, limits: ReadLimits, filename: str) -> None:
        self.limits, self.filename = limits, filename
        self.filled = 0
        self.stored = 0
        self.started = time.monotonic()

    def rows(self, numbered: Iterable[Row]) -> Iterator[Row]:
        """``numbered`` (rows below a header), each counted as it passes."""
        for item in numbered:
            self.row(item[1])
            yield item

    def row(self, cells: Sequence[object]) -> bool:
        """Count one row; whether it holds a value."""
        limits = self.limits
        self.stored += 1
        if self.stored % _TIME_EVERY == 0:
            self.check_time()
        if limits.rows and self.stored > limits.stored_rows:
            raise limits.too_many_stored_rows(self.filename)
        filled = [i for i, c in enumerate(cells) if not _blank(c)]
        if not filled:
            return False
        if filled[-1] >= limits.columns:
            raise limits.refuse(
                self.filename,
                (f"có giá trị ở cột thứ {filled[-1] + 1}", f"a value in column {filled[-1] + 1}"),
                (f"{number(limits.columns)} cột", f"{number(limits.columns, 'en')} columns"),
                ("Hãy xóa các cột thừa.", "Delete the extra columns."),
            )
        self.filled += 1
        if limits.rows and self.filled > limits.rows:
            raise limits.too_many_rows(self.filename)
        return True

    def check_time(self) -> None:
        spent = time.monotonic() - self.started
        if spent > self.limits.seconds:
            seconds = number(self.limits.seconds)
            raise self.limits.refuse(
                self.filename,
                (f"đọc quá {seconds} giây", f"reading took over {seconds} seconds"),
                (f"{seconds} giây", f"{seconds} seconds"),
                ("Hãy chia thành nhiều tệp nhỏ hơn.", "Split it into smaller files."),
            )


def _blank(cell: object) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


# ---------------------------------------------------------------------- the table of limits

#: a list of draft policies to decide (``kit eligibility batch``, the eligibility and plan apps)
ELIGIBILITY_SHEET = ReadLimits(
    "bảng danh sách dự thảo", "drafts sheet", megabytes=20, rows=20_000, unzipped_mb=100
)
#: self-assessments of many units (``kit assess score|report|rollup``, the roll-up app)
ASSESSMENT_SHEET = ReadLimits(
    "bảng tự đánh giá",
    "self-assessment sheet",
    megabytes=50,
    rows=50_000,
    unzipped_mb=300,
    seconds=300,
)
#: a workshop's responses, one row per trainee and item (``kit workshop stats``)
WORKSHOP_RESPONSES = ReadLimits(
    "bảng điểm trả lời", "response table", megabytes=20, rows=20_000, unzipped_mb=100
)
#: a unit's narrative report (``kit assess analyze``, the analyzer app)
REPORT_DOCX = ReadLimits(
    "báo cáo Word (.docx)",
    "Word report (.docx)",
    megabytes=10,
    rows=0,
    unzipped_mb=60,
    xml_mb=50,
    paragraphs=200_000,
    chars=1_000_000,
    lines=20_000,
    seconds=60,
)
REPORT_TEXT = ReadLimits(
    "báo cáo dạng văn bản", "text report", megabytes=10, rows=0, chars=1_000_000, lines=20_000
)
#: a report pasted in the analyzer app (a long report is some 50,000 characters)
PASTED_REPORT = ReadLimits("báo cáo dán vào", "pasted report", megabytes=2, rows=0, chars=500_000)
#: the file the self-assessment app saves, PLAN.json, a JSON file given to a command
ASSESSMENT_JSON = ReadLimits("tệp tự đánh giá (.json)", "self-assessment file (.json)", 5, rows=0)
PLAN_JSON = ReadLimits("kế hoạch (PLAN.json)", "plan (PLAN.json)", 5, rows=0)
JSON_FILE = ReadLimits("tệp JSON", "JSON file", 5, rows=0)
#: one load of the roll-up app: many files at once, each within its own limits
ROLLUP_LOAD_MB = 200

#: every limit above, for the README and the tests: (name, limits)
TABLE: tuple[tuple[str, ReadLimits], ...] = (
    ("ELIGIBILITY_SHEET", ELIGIBILITY_SHEET),
    ("ASSESSMENT_SHEET", ASSESSMENT_SHEET),
    ("WORKSHOP_RESPONSES", WORKSHOP_RESPONSES),
    ("REPORT_DOCX", REPORT_DOCX),
    ("REPORT_TEXT", REPORT_TEXT),
    ("PASTED_REPORT", PASTED_REPORT),
    ("ASSESSMENT_JSON", ASSESSMENT_JSON),
    ("PLAN_JSON", PLAN_JSON),
    ("JSON_FILE", JSON_FILE),
)

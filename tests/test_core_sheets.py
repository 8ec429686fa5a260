"""Does the one workbook opener read an upload, explain a damaged one, and close what it opened?"""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook

from kit.core.errors import InputError
from kit.core.sheets import DEFAULT_LIMITS, ReadLimits, open_workbook


def xlsx(rows: list[list[object]]) -> bytes:
    book = Workbook()
    ws = book.active
    assert ws is not None
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_a_workbook_is_read_with_its_values() -> None:
    with open_workbook(xlsx([["Mã", "Loại"], ["a", 1]]), "du-thao.xlsx") as book:
        rows = list(book.worksheets[0].iter_rows(values_only=True))
    assert rows == [("Mã", "Loại"), ("a", 1)]


@pytest.mark.parametrize("data", [b"not a zip at all", b"PK\x03\x04 truncated zip", b""])
def test_a_file_that_cannot_be_opened_is_explained_in_both_languages(data: bytes) -> None:
    with pytest.raises(InputError) as exc, open_workbook(data, "hong.xlsx"):
        pass
    assert exc.value.vi.startswith("hong.xlsx: không đọc được tệp Excel")
    assert exc.value.en.startswith("hong.xlsx: cannot read the Excel file")
    assert "lưu lại dạng .xlsx" in exc.value.vi and "save it again as .xlsx" in exc.value.en


def test_a_failure_while_reading_is_a_damaged_file_and_an_input_error_passes_through() -> None:
    data = xlsx([["a"]])
    with pytest.raises(InputError) as exc, open_workbook(data, "x.xlsx"):
        raise KeyError("sheet1.xml")  # what openpyxl raises on some damaged sheets
    assert exc.value.vi == "x.xlsx: tệp Excel bị hỏng (KeyError)."
    assert exc.value.en == "x.xlsx: the Excel file is damaged (KeyError)."
    own = InputError("thiếu cột", "missing column")
    with pytest.raises(InputError) as caught, open_workbook(data, "x.xlsx"):
        raise own
    assert caught.value is own


def test_the_workbook_is_closed_however_the_block_ends(monkeypatch: pytest.MonkeyPatch) -> None:
    from openpyxl.workbook.workbook import Workbook as Book

    closed: list[bool] = []
    monkeypatch.setattr(Book, "close", lambda self: closed.append(True))
    data = xlsx([["a"]])
    with open_workbook(data, "x.xlsx"):
        pass
    with pytest.raises(InputError), open_workbook(data, "x.xlsx"):
        raise ValueError("bad XML")
    assert closed == [True, True]


def test_the_limits_are_checked_before_anything_is_parsed() -> None:
    seen: list[tuple[int, str]] = []

    class Counting(ReadLimits):
        def check_upload(self, data: bytes, filename: str) -> None:
            seen.append((len(data), filename))

    assert ReadLimits() == DEFAULT_LIMITS
    with pytest.raises(InputError), open_workbook(b"xx", "a.xlsx", Counting()):
        pass
    assert seen == [(2, "a.xlsx")]

"""The one way the kit writes a value into a spreadsheet it exports: a formula never.

Text a person typed (a trainee's name, a unit's name, an answer) may begin with ``=``, ``+``,
``-``, ``@``, a tab or a carriage return, the characters a spreadsheet program reads as the start
of a formula (OWASP, "CSV Injection"). ``put`` writes every text as a text cell, whatever it
begins with, and drops the control characters Excel refuses; numbers, dates and booleans stay
what they are. ``csv_text`` is the same rule for a CSV cell: such a text gets a leading ``'``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from openpyxl.cell.cell import Cell
    from openpyxl.worksheet.worksheet import Worksheet

#: what a spreadsheet program takes as the start of a formula
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
#: control characters an XLSX cell cannot hold (openpyxl's ILLEGAL_CHARACTERS_RE)
_ILLEGAL = re.compile(r"[\000-\010]|[\013-\014]|[\016-\037]")
_NUMBER = re.compile(r"[+-]?(\d+([.,]\d*)?|[.,]\d+)([eE][+-]?\d+)?")


def put(ws: Worksheet, row: int, col: int, value: object) -> Cell:
    """Write ``value`` at (``row``, ``col``): text as text, never as a formula."""
    if isinstance(value, str):
        value = _ILLEGAL.sub("", value)
    cell: Any = ws.cell(row=row, column=col, value=value)
    if isinstance(value, str):
        cell.data_type = "s"
    return cell


def append(ws: Worksheet, values: Sequence[object]) -> int:
    """Write ``values`` as the next row of ``ws`` (as :func:`put` does); return its number.

    The next row is the one openpyxl's own ``append`` would take (after the last row written,
    an empty ``values`` included), so a sheet lays out the same whichever is called."""
    current = getattr(ws, "_current_row", None)
    if not isinstance(current, int):  # not the openpyxl 3.1 layout
        current = ws.max_row if ws.max_row > 1 or ws.cell(1, 1).value is not None else 0
    row = current + 1
    for col, value in enumerate(values, start=1):
        put(ws, row, col, value)
    if hasattr(ws, "_current_row"):
        ws._current_row = max(row, ws._current_row)
    return row


def csv_text(value: object) -> str:
    """``value`` for a CSV cell: a text that a spreadsheet would run as a formula gets a leading
    ``'`` (a number written as text, such as ``-5``, is left as it is)."""
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_STARTS) and not _NUMBER.fullmatch(text):
        return "'" + text
    return text

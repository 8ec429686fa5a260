"""Files a person gives the kit or asks it to write, with one clear message per failure.

``read_input`` reads a file named on the command line, never more than its limit allows (a
device or a pipe that never ends included); ``load_json`` parses JSON after checking its size,
its encoding and its nesting depth (so that no JSON, however deep, ends in a RecursionError);
``read_json`` reads a JSON file given on the command line (``-`` is standard input);
``write_output`` is the one writer of every file a command produces: the file is written whole or
not at all (a temporary file beside it, then a move), and a failure is a :class:`KitError` in
Vietnamese and English naming the file.
"""

from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path

from kit.core.errors import InputError, KitError
from kit.core.limits import JSON_FILE, ReadLimits, number

_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"')
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")


def read_input(path: Path, limits: ReadLimits) -> bytes:
    """The bytes of the file at ``path``; a file over ``limits.megabytes`` is refused unread."""
    try:
        with path.open("rb") as handle:
            data = handle.read(limits.max_bytes + 1)
    except OSError as exc:
        raise InputError(
            f"Không mở được tệp {path}: {exc.strerror or exc}",
            f"Cannot open {path}: {exc.strerror or exc}",
        ) from exc
    if len(data) > limits.max_bytes:
        raise limits.refuse(
            str(path),
            (f"tệp nặng hơn {limits.megabytes} MB", f"the file is over {limits.megabytes} MB"),
            (f"{limits.megabytes} MB", f"{limits.megabytes} MB"),
            ("Hãy chia thành nhiều tệp nhỏ hơn.", "Split it into smaller files."),
        )
    return data


def json_depth(text: str, limit: int = JSON_FILE.depth) -> int:
    """How deep ``text`` nests arrays and objects, counted no further than ``limit + 1``
    (brackets inside strings do not count; nothing is parsed, nothing recurses)."""
    depth = deepest = 0
    for ch in _NOT_BRACKET.sub("", _STRING.sub("", text)):
        depth += 1 if ch in "[{" else -1
        if depth > deepest:
            deepest = depth
            if deepest > limit:
                break
    return deepest


def json_text(data: bytes | str, name: str, limits: ReadLimits = JSON_FILE) -> str:
    """The text of a JSON file within ``limits`` (size, UTF-8, nesting depth), not yet parsed."""
    size = len(data)
    if isinstance(data, str) and 4 * size > limits.max_bytes:
        size = len(data.encode("utf-8", "surrogatepass"))
    limits.check_size(size, name)
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise InputError(
                f"{name}: tệp không phải mã UTF-8.", f"{name}: the file is not UTF-8."
            ) from exc
    if json_depth(data, limits.depth) > limits.depth:
        deep = number(limits.depth)
        raise limits.refuse(
            name,
            (f"dữ liệu lồng nhau sâu hơn {deep} cấp", f"the data nests deeper than {deep} levels"),
            (f"{deep} cấp lồng nhau", f"{deep} nesting levels"),
            (
                "Hãy dùng tệp do bộ công cụ hoặc ứng dụng xuất ra.",
                "Use a file the kit or its apps exported.",
            ),
        )
    return data


def load_json(data: bytes | str, name: str, limits: ReadLimits = JSON_FILE) -> object:
    """The parsed content of JSON ``data`` named ``name`` (see :func:`json_text`)."""
    text = json_text(data, name, limits)
    try:
        return json.loads(text)
    except (ValueError, RecursionError) as exc:
        raise InputError(
            f"{name} không phải JSON hợp lệ: {exc}", f"{name} is not valid JSON: {exc}"
        ) from exc


def read_json(path: Path, limits: ReadLimits = JSON_FILE) -> object:
    """The parsed content of ``path`` (``-`` reads stdin); UTF-8, with or without a BOM."""
    if str(path) == "-":
        return load_json(sys.stdin.read(limits.max_bytes + 1), "-", limits)
    return load_json(read_input(path, limits), str(path), limits)


def write_output(path: Path, data: bytes | str) -> None:
    """Write ``data`` (text is written as UTF-8) to ``path`` whole or not at all."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    part = path.with_name(f".{path.name}.{os.getpid()}.part")
    try:
        part.write_bytes(raw)
        os.replace(part, path)
    except OSError as exc:
        part.unlink(missing_ok=True)
        raise KitError(
            f"Không ghi được tệp {path}: {exc.strerror or exc}",
            f"Cannot write {path}: {exc.strerror or exc}",
        ) from exc

"""Files a person gives the kit or asks it to write, with one clear message per failure.

``read_json`` reads a JSON file given on the command line (``-`` is standard input);
``write_output`` is the one writer of every file a command produces: the file is written whole or
not at all (a temporary file beside it, then a move), and a failure is a :class:`KitError` in
Vietnamese and English naming the file.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from kit.core.errors import InputError, KitError


def read_json(path: Path) -> object:
    """The parsed content of ``path`` (``-`` reads stdin); UTF-8, with or without a BOM."""
    try:
        text = sys.stdin.read() if str(path) == "-" else path.read_text(encoding="utf-8-sig")
        return json.loads(text)
    except OSError as exc:
        raise InputError(
            f"Không mở được tệp {path}: {exc.strerror or exc}",
            f"Cannot open {path}: {exc.strerror or exc}",
        ) from exc
    except (ValueError, UnicodeDecodeError) as exc:
        raise InputError(
            f"{path} không phải JSON hợp lệ (UTF-8): {exc}", f"{path} is not valid JSON: {exc}"
        ) from exc


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

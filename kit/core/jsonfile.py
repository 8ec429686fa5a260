"""Reading a JSON file a person gives the command line, with one clear message per failure."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from kit.core.errors import InputError


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

"""Files a page uploads (a FileUpload value): checked in the kernel, since the page may send
anything — only ``(name, bytes)`` pairs are kept, within a size limit.

:data:`MAX_BYTES` is the most the server takes in one upload (:mod:`kit.core.uploads`); an app
may set a lower limit of its own, never a higher one.
"""

from __future__ import annotations

from kit.core import uploads
from kit.core.errors import InputError

#: the most one upload may carry, all its files together: what the server's websocket takes
MAX_BYTES = uploads.MAX_BYTES


def uploaded_files(value: object, max_bytes: int) -> list[tuple[str, bytes]]:
    """``(name, bytes)`` of a FileUpload value; too many bytes in all is an error (vi, en)."""
    files: list[tuple[str, bytes]] = []
    for item in value if isinstance(value, list | tuple) else ():
        name = item.get("name") if isinstance(item, dict) else getattr(item, "name", None)
        content = item.get("content") if isinstance(item, dict) else getattr(item, "content", None)
        if isinstance(name, str) and isinstance(content, bytes | bytearray | memoryview):
            files.append((name[:200], bytes(content)))
    if sum(len(data) for _, data in files) > max_bytes:
        mb = max_bytes // 2**20
        raise InputError(
            f"Tệp quá lớn cho một lần tải (tối đa {mb} MB); hãy chia thành nhiều lần.",
            f"The files are too large for one load ({mb} MB at most); load them in parts.",
        )
    return files

"""Learn the page's query string in a preheated kernel, without importing ``voila.utils``.

A pooled kernel runs the notebook before anyone asks for the page; Voilà hands the request's
details (``QUERY_STRING`` among them) to the kernel over a small websocket when the page is
requested. ``voila.utils.get_query_string`` does this too, but importing ``voila.utils`` pulls in
jupyter_server and nbconvert and costs a kernel about 65 MiB, more than the whole app: this
client uses tornado, which the kernel has already loaded.
"""

from __future__ import annotations

import json
import os


def _ws_url() -> str:
    protocol = os.environ.get("VOILA_WS_PROTOCOL", "ws")
    host = os.environ.get("VOILA_APP_IP", "127.0.0.1")
    port = os.environ.get("VOILA_APP_PORT", "8866")
    base = os.environ.get("VOILA_WS_BASE_URL", os.environ.get("VOILA_SERVER_URL", "/"))
    kernel_id = os.environ.get("VOILA_KERNEL_ID", "")
    return f"{protocol}://{host}:{port}{base}voila/query/{kernel_id}"


async def _receive(url: str, connect_timeout: float) -> dict[str, str] | None:
    from tornado.websocket import websocket_connect

    try:
        conn = await websocket_connect(url, connect_timeout=connect_timeout)
    except OSError:
        return None
    try:
        message = await conn.read_message()
    finally:
        conn.close()
    if not isinstance(message, str):
        return None
    data = json.loads(message)
    return data if isinstance(data, dict) else None


async def query_string(connect_timeout: float = 5) -> str | None:
    """Wait until the page is requested; its query string (``QUERY_STRING`` outside a pool,
    ``None`` when the server cannot be reached)."""
    if os.environ.get("VOILA_PREHEAT", "False") != "True":
        return os.environ.get("QUERY_STRING")
    info = await _receive(_ws_url(), connect_timeout)
    if info is None:
        return None
    return str(info.get("QUERY_STRING", ""))

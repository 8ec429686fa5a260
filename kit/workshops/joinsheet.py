"""The printable join sheet of a workshop: the address on the hall's network, the code in large
letters and a QR code (drawn locally by segno: nothing is fetched)."""

from __future__ import annotations

import os
import socket
from html import escape

from kit.workshops.sessions import WorkshopInfo

APP_PATH = "voila/render/workshop.ipynb"


def lan_address() -> str:
    """This machine's address on the local network (no packet is sent; loopback as a fallback)."""
    probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        probe.connect(("10.255.255.255", 1))
        return str(probe.getsockname()[0])
    except OSError:
        return "127.0.0.1"
    finally:
        probe.close()


def join_url(code: str, host: str | None = None, port: str | None = None) -> str:
    host = host or lan_address()
    port = port or os.environ.get("VOILA_APP_PORT", "8866")
    return f"http://{host}:{port}/{APP_PATH}?code={code}"


def qr_svg(text: str) -> str:
    import segno

    return str(segno.make(text, error="m").svg_inline(scale=5, dark="#000", light="#fff"))


def join_sheet_html(workshop: WorkshopInfo, url: str) -> str:
    code = f"{workshop.code[:3]}-{workshop.code[3:]}"
    return (
        "<div class='kit-join-sheet'>"
        f"<h2>{escape(workshop.title)}</h2>"
        f"<p>{workshop.day:%d/%m/%Y}"
        + (f" · {escape(workshop.place)}" if workshop.place else "")
        + "</p><p>Kết nối Wi-Fi của hội trường, rồi mở địa chỉ"
        " / Join the hall's Wi-Fi, then open:</p>"
        f"<p class='kit-join-url'><b>{escape(url)}</b></p>"
        f"<p>Mã lớp / Workshop code:</p><p class='kit-join-big'>{escape(code)}</p>"
        f"<div class='kit-qr'>{qr_svg(url)}</div>"
        "<button class='kit-print' onclick='window.print()'>"
        "In tờ hướng dẫn / Print the join sheet</button></div>"
    )

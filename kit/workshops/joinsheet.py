"""The printable join sheet of a workshop: an address the server answers on from the hall's
network (:mod:`kit.core.network`), the code in large letters and a QR code (drawn locally by
segno: nothing is fetched)."""

from __future__ import annotations

from html import escape

from kit.core.network import served_base_urls
from kit.workshops.sessions import WorkshopInfo

APP_PATH = "voila/render/workshop.ipynb"


def join_url(code: str, base: str | None = None) -> str:
    """The address a trainee opens to join the workshop ``code``; ``base`` is one of
    :func:`join_bases` (default: the first, the most likely hall address)."""
    base = (base or served_base_urls()[0]).rstrip("/")
    return f"{base}/{APP_PATH}?code={code}"


def join_bases() -> list[str]:
    """Every address of this server a phone could open, the most likely first."""
    return served_base_urls()


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

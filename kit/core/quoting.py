"""How a message shows a size or a count (``20.000`` in Vietnamese, ``20,000`` in English) and
quotes a value a person typed: at most :data:`QUOTE_CHARS` characters, cut with "…", so that a
megabyte answer is never echoed whole."""

from __future__ import annotations

MB = 2**20
#: the most characters of a person's value quoted back in a message
QUOTE_CHARS = 80


def number(value: float, lang: str = "vi") -> str:
    """``20.000`` (vi) / ``20,000`` (en); ``1,5`` / ``1.5``."""
    text = f"{value:,.1f}".rstrip("0").rstrip(".") if value % 1 else f"{int(value):,}"
    return text.translate(str.maketrans(",.", ".,")) if lang == "vi" else text


def clip(value: object, size: int = QUOTE_CHARS) -> str:
    """``value`` as text of at most ``size`` characters, cut with "…" (a value quoted back)."""
    text = str(value)
    return text if len(text) <= size else text[: size - 1] + "…"

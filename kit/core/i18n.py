"""UI strings from message catalogues (``kit/messages/vi.yaml`` and ``en.yaml``).

Vietnamese is the first language; English is the second. Every key exists in both catalogues
(a test checks it). ``t("home.title", "en")`` returns the English text; ``{name}`` fields are
filled from keyword arguments.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Final

import yaml

LANGS: Final = ("vi", "en")
DEFAULT_LANG: Final = "vi"


def normalise_lang(value: object) -> str:
    """``"en"`` for any spelling of English, else Vietnamese (the default)."""
    text = str(value or "").strip().lower()
    return "en" if text in {"en", "en-us", "en-gb", "english", "eng"} else DEFAULT_LANG


def _flatten(tree: dict[str, object], prefix: str = "") -> dict[str, str]:
    flat: dict[str, str] = {}
    for key, value in tree.items():
        full = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(_flatten(value, f"{full}."))
        else:
            flat[full] = str(value)
    return flat


@cache
def catalogue(lang: str) -> dict[str, str]:
    """All strings of one language, keyed ``section.name``."""
    text = resources.files("kit").joinpath("messages", f"{lang}.yaml").read_text("utf-8")
    return _flatten(yaml.safe_load(text) or {})


def t(key: str, lang: str = DEFAULT_LANG, **fields: object) -> str:
    """The string ``key`` in ``lang``; falls back to Vietnamese, then to the key itself."""
    text = catalogue(normalise_lang(lang)).get(key) or catalogue(DEFAULT_LANG).get(key) or key
    return text.format(**fields) if fields else text

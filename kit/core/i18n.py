"""UI strings from message catalogues (``kit/messages/vi.yaml`` and ``en.yaml``).

Vietnamese is the first language; English is the second. Every key exists in both catalogues
(a test checks it). An area may keep its strings in its own pair of files,
``kit/messages/vi/<area>.yaml`` and ``kit/messages/en/<area>.yaml``; they are merged into the
catalogue, and a key given in two files is an error. ``t("home.title", "en")`` returns the
English text; ``{name}`` fields are filled from keyword arguments.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
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


def catalogue_files(lang: str) -> list[Traversable]:
    """The files of one language's catalogue: the main file, then each area's file by name."""
    folder = resources.files("kit").joinpath("messages")
    files = [folder.joinpath(f"{lang}.yaml")]
    area = folder.joinpath(lang)
    if area.is_dir():
        files += sorted(
            (f for f in area.iterdir() if f.name.endswith(".yaml")), key=lambda f: f.name
        )
    return files


@cache
def catalogue(lang: str) -> dict[str, str]:
    """All strings of one language, keyed ``section.name``."""
    merged: dict[str, str] = {}
    for file in catalogue_files(lang):
        flat = _flatten(yaml.safe_load(file.read_text("utf-8")) or {})
        twice = sorted(set(flat) & set(merged))
        if twice:
            raise ValueError(f"{lang}/{file.name}: keys given twice {twice}")
        merged.update(flat)
    return merged


def t(key: str, lang: str = DEFAULT_LANG, **fields: object) -> str:
    """The string ``key`` in ``lang``; falls back to Vietnamese, then to the key itself."""
    text = catalogue(normalise_lang(lang)).get(key) or catalogue(DEFAULT_LANG).get(key) or key
    return text.format(**fields) if fields else text

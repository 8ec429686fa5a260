"""The levels a registered unit can be at: the choices of the questionnaire's ``unit_level`` field
(``kit/rules/tu-danh-gia-questionnaire.yaml``), read from that file so the registry and the
review always name a level the same way. The questionnaire itself is loaded and validated by the
self-assessment (a layer above); this reads only the one list, and a test keeps the two equal.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources

from kit.core import yamlfile
from kit.core.errors import ContentError, Problem
from kit.core.text import words_key

QUESTIONNAIRE_FILE = "tu-danh-gia-questionnaire.yaml"
LEVEL_FIELD = "unit_level"


@dataclass(frozen=True)
class Level:
    id: str
    label: str
    label_en: str

    def text(self, lang: str = "vi") -> str:
        return self.label_en if lang == "en" else self.label


@cache
def unit_levels() -> tuple[Level, ...]:
    """The levels in questionnaire order."""
    text = resources.files("kit").joinpath("rules", QUESTIONNAIRE_FILE).read_text("utf-8")
    data = yamlfile.load(text).data
    for section in data.get("sections", ()) if isinstance(data, dict) else ():
        for field in section.get("fields", ()) if isinstance(section, dict) else ():
            if isinstance(field, dict) and field.get("id") == LEVEL_FIELD:
                return tuple(
                    Level(str(c["id"]), str(c["label"]), str(c["label_en"]))
                    for c in field.get("choices", ())
                )
    raise ContentError(
        [Problem(f"kit/rules/{QUESTIONNAIRE_FILE}", 1, f"no field {LEVEL_FIELD} with choices")]
    )


def level_of(value: str) -> Level | None:
    """The level ``value`` names: its id (in any case), or its label in Vietnamese or English
    written loosely (case, tone placement, spacing, punctuation); None when it names none."""
    text = value.strip()
    key = words_key(text)
    for level in unit_levels():
        if text.lower() == level.id or key in (words_key(level.label), words_key(level.label_en)):
            return level
    return None


def level_label(level_id: str, lang: str = "vi") -> str:
    """The label of a level id (the id itself for an id the questionnaire no longer has)."""
    return next((lv.text(lang) for lv in unit_levels() if lv.id == level_id), level_id)


def levels_help(lang: str = "vi") -> str:
    """The ids to choose from, for a message: ``xa_phuong_dac_khu (Xã, phường, đặc khu), …``."""
    return ", ".join(f"{lv.id} ({lv.text(lang)})" for lv in unit_levels())

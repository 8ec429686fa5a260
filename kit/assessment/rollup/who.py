"""Who submitted each unit a roll-up reads, and which registered unit a name read from a file may
be.

:class:`Submitter` is what the roll-up shows in its "Người nộp" column: the hint of the unit's
access code, the trainer, or the file the unit came from (or the app, for a review submitted
before any unit was registered). :class:`Suggestion` lists the registered units a unit's name
may be (:func:`kit.units.matching.match_unit`): a name never decides, so these wait for a person
to confirm (:func:`kit.assessment.rollup.sources.confirm`), and until then the unit is rolled up
as its file names it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePath

from kit.units.matching import Candidate

#: (vi, en) of each kind of submitter; ``{detail}`` is the code's hint or the file's name
LABELS: dict[str, tuple[str, str]] = {
    "code": ("mã đơn vị …{detail}", "unit code …{detail}"),
    "trainer": ("giảng viên", "trainer"),
    "file": ("tệp {detail}", "file {detail}"),
    "": ("ứng dụng, chưa có danh sách đơn vị", "app, before the unit list"),
}


@dataclass(frozen=True)
class Submitter:
    """Who made a unit's version: ``by`` is "code", "trainer", "file" or "" (the app before any
    unit was registered); ``detail`` the access code's hint or the file's name."""

    by: str
    detail: str = ""

    def label(self, lang: str = "vi") -> str:
        vi, en = LABELS.get(self.by, LABELS[""])
        return (en if lang == "en" else vi).format(detail=self.detail)

    @classmethod
    def of_file(cls, source: str) -> Submitter:
        """The file a source names ("tong-hop.xlsx «Đơn vị» dòng/row 5" → "tong-hop.xlsx")."""
        name = source.split(" «", 1)[0].split(" dòng/row ", 1)[0]
        return cls("file", PurePath(name).name or name)


def submitter_label(submitters: dict[str, Submitter], source: str, lang: str = "vi") -> str:
    """The label of the unit read from ``source`` (a file's, when nobody else is known)."""
    who = submitters.get(source) or Submitter.of_file(source)
    return who.label(lang)


@dataclass(frozen=True)
class Suggestion:
    """Registered units the unit read from ``source`` (named ``typed`` there) may be."""

    source: str
    typed: str
    candidates: tuple[Candidate, ...]

"""Where a roll-up's units come from: files (paths for the command line, uploaded bytes for the
app) or the self-assessments submitted in the app. Every good unit is kept and scored; every
file or sheet row left out is named with its reasons (vi, en). The same unit and period given
twice counts once: the later one is kept and the earlier one named as replaced."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePath

from kit.assessment.rollup.model import ScoredUnit
from kit.core.errors import KitError

Progress = Callable[[int, int], None]
#: steps a file counts for in the progress (so a long sheet moves the bar as its rows are read)
STEPS_PER_FILE = 100


@dataclass(frozen=True)
class Rejected:
    """A file (or a sheet row) left out of the roll-up, and why: (vi, en) per reason."""

    source: str
    reasons: tuple[tuple[str, str], ...]

    @property
    def vi(self) -> str:
        return "; ".join(vi for vi, _ in self.reasons)

    @property
    def en(self) -> str:
        return "; ".join(en for _, en in self.reasons)


@dataclass
class Inputs:
    units: list[ScoredUnit] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)


Valid = list[tuple[dict[str, object], str]]


def row_name(name: str, sheet: str, row: int) -> str:
    """ "tong-hop.xlsx «Đơn vị» dòng/row 5": where a unit of a sheet comes from."""
    return f"{PurePath(name).name}{f' «{sheet}»' if sheet else ''} dòng/row {row}"


def _one_file(name: str, data: bytes, progress: Progress | None) -> tuple[Valid, list[Rejected]]:
    from kit.assessment.collection.sheets import read_units_data

    imported = read_units_data(data, name, progress)
    one = imported.kind == "json"
    good = [(u.answers, name if one else row_name(name, u.sheet, u.row)) for u in imported.units]
    reasons: dict[tuple[str, int], list[tuple[str, str]]] = {}
    for p in imported.problems:
        reasons.setdefault((p.sheet, p.row), []).append((p.message("vi"), p.message("en")))
    bad = [
        Rejected(name if one else row_name(name, *where), tuple(why))
        for where, why in sorted(reasons.items())
    ]
    return good, bad


def read_files(files: Sequence[tuple[str, bytes]], progress: Progress | None = None) -> Inputs:
    """Every usable unit of the files ``(name, bytes)``, scored; ``progress(done, total)`` moves
    as files and their rows are read. Nothing is written."""
    found = Inputs()
    valid: Valid = []
    total = len(files) * STEPS_PER_FILE
    for index, (name, data) in enumerate(files):
        base = index * STEPS_PER_FILE

        def rows(done: int, count: int, base: int = base) -> None:
            if progress is not None and count:
                progress(base + done * (STEPS_PER_FILE - 1) // count, total)

        try:
            good, bad = _one_file(name, data, rows)
        except KitError as exc:
            good, bad = [], [Rejected(name, ((exc.vi, exc.en),))]
        valid += good
        found.rejected += bad
        if progress is not None:
            progress(base + STEPS_PER_FILE, total)
    found.units = _scored(valid, found.rejected)
    return found


def read_paths(paths: Sequence[Path], progress: Progress | None = None) -> Inputs:
    """:func:`read_files` for files on disk (a file that cannot be read is named, not raised)."""
    files: list[tuple[str, bytes]] = []
    unreadable: list[Rejected] = []
    for path in paths:
        try:
            files.append((str(path), path.read_bytes()))
        except OSError as exc:
            why = (f"không đọc được tệp ({exc.strerror})", f"cannot read the file ({exc.strerror})")
            unreadable.append(Rejected(str(path), (why,)))
    found = read_files(files, progress)
    found.rejected = unreadable + found.rejected
    return found


def read_submitted(period: int | None = None) -> Inputs:
    """The newest submitted version of every unit (of the year ``period``, when given)."""
    from kit.assessment.collection import submissions
    from kit.assessment.questionnaire.answers import check_answers
    from kit.assessment.questionnaire.saved import read_saved

    found = Inputs()
    valid: Valid = []
    for sub in submissions.latest_per_unit(period):
        source = f"{sub.unit_name} v{sub.version}"
        saved = read_saved(json.loads(sub.data), source)
        checked = check_answers(saved.raw, "complete")
        if checked.ok and not saved.problems:
            valid.append((checked.answers, source))
        else:  # stored before a questionnaire change: named, not hidden
            problems = [*saved.problems, *checked.problems]
            found.rejected.append(Rejected(source, tuple((p.vi, p.en) for p in problems)))
    found.units = _scored(valid, found.rejected)
    return found


def _scored(valid: Valid, rejected: list[Rejected]) -> list[ScoredUnit]:
    from kit.assessment.rollup.model import score_units

    return score_units(_latest(valid, rejected))


def _latest(valid: Valid, rejected: list[Rejected]) -> Valid:
    """One submission per unit and period: a later one (a resubmission) replaces an earlier one,
    which is named in ``rejected`` so that no unit counts twice."""
    from kit.assessment.collection.sheets import unit_identity

    last: dict[str, int] = {unit_identity(a).key: i for i, (a, _) in enumerate(valid)}
    kept = set(last.values())
    for i, (a, source) in enumerate(valid):
        if i not in kept:
            by = valid[last[unit_identity(a).key]][1]
            why = (
                f"cùng đơn vị, cùng kỳ báo cáo với {by}: dùng bản ở {by}",
                f"same unit and period as {by}: the one in {by} is used",
            )
            rejected.append(Rejected(source, (why,)))
    return [v for i, v in enumerate(valid) if i in kept]

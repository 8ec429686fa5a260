"""Where a roll-up's units come from: files (paths for the command line, uploaded bytes for the
app) or the self-assessments submitted in the app. Every good unit is kept and scored; every
file or sheet row left out is named with its reasons (vi, en). The same unit and period given
twice counts once: the later one is kept and the earlier one named as replaced.

Each unit's submitter is kept (:class:`~kit.assessment.rollup.who.Submitter`). Given the
registry of units, a file's unit whose name cell holds a unit code is that unit; any other name
only gets suggestions (:class:`~kit.assessment.rollup.who.Suggestion`) that a person confirms
(:func:`confirm`). Without a registry, files are read as they always were. A submitted review of
a registered unit is that unit (its id, not its name, tells it from another).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePath
from typing import TYPE_CHECKING

from kit.assessment.rollup.model import ScoredUnit
from kit.assessment.rollup.who import Submitter, Suggestion
from kit.core.errors import KitError, UsageError

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from kit.units.registry import RegisteredUnit

Progress = Callable[[int, int], None]
_FAULT = (
    "bộ công cụ gặp lỗi khi đọc tệp này (đã ghi vào nhật ký); các tệp khác vẫn được tổng hợp",
    "the kit failed reading this file (logged); the other files are still rolled up",
)
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
    #: who submitted the unit read from each source
    submitters: dict[str, Submitter] = field(default_factory=dict)
    #: registered units the names of some units may be, for a person to confirm
    suggestions: list[Suggestion] = field(default_factory=list)


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


def read_files(
    files: Sequence[tuple[str, bytes]],
    progress: Progress | None = None,
    registry: Sequence[RegisteredUnit] | None = None,
) -> Inputs:
    """Every usable unit of the files ``(name, bytes)``, scored; ``progress(done, total)`` moves
    as files and their rows are read; ``registry``, when given, is matched (see the module
    docstring). Nothing is written."""
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
        except Exception:  # a fault of the kit on one file must not lose the others: named, logged
            logging.getLogger(__name__).exception("kit: the roll-up could not read %s", name)
            good, bad = [], [Rejected(name, (_FAULT,))]
        valid += good
        found.rejected += bad
        if progress is not None:
            progress(base + STEPS_PER_FILE, total)
    found.submitters = {source: Submitter.of_file(source) for _, source in valid}
    if registry:
        valid = _match(valid, registry, found)
    found.units = _scored(valid, found.rejected)
    return found


def _match(valid: Valid, registry: Sequence[RegisteredUnit], found: Inputs) -> Valid:
    """A unit whose name cell holds a unit code becomes that unit; the other names get
    suggestions (nothing changes until a person confirms one)."""
    from kit.units.matching import match_unit

    out: Valid = []
    for answers, source in valid:
        name = str(answers.get("unit_name") or "")
        level, province = str(answers.get("unit_level") or ""), str(answers.get("province") or "")
        match = match_unit(name, registry, level=level, province=province)
        if match.exact is not None:
            answers = _as_registered(answers, match.exact)
        elif match.candidates:
            found.suggestions.append(Suggestion(source, name, match.candidates))
        out.append((answers, source))
    return out


def _as_registered(answers: Mapping[str, object], unit: RegisteredUnit) -> dict[str, object]:
    named = {"unit_name": unit.name, "unit_level": unit.level, "province": unit.province}
    return {**answers, **{k: v for k, v in named.items() if v}}


def confirm(inputs: Inputs, suggestion: Suggestion, unit: RegisteredUnit) -> Inputs:
    """A person confirmed that the unit read from ``suggestion.source`` is ``unit``: it takes
    the registered name, level and province (and, with them, may replace another version of the
    same unit and period). Only a unit the suggestion offered can be confirmed."""
    if suggestion not in inputs.suggestions or all(c.unit != unit for c in suggestion.candidates):
        raise UsageError(
            "Không có gợi ý này để xác nhận.", "There is no such suggestion to confirm."
        )
    units = [
        ScoredUnit.of(_as_registered(u.answers, unit), u.source)
        if u.source == suggestion.source
        else u
        for u in inputs.units
    ]
    rejected = list(inputs.rejected)
    keys = [_identity_key(u.answers) for u in units]
    kept = _keep_last(keys, [u.source for u in units], rejected)
    left = [s for s in inputs.suggestions if s is not suggestion]
    return replace(inputs, units=[units[i] for i in kept], rejected=rejected, suggestions=left)


def read_paths(paths: Sequence[Path], progress: Progress | None = None) -> Inputs:
    """:func:`read_files` for files on disk (a file that cannot be read is named, not raised)."""
    files: list[tuple[str, bytes]] = []
    unreadable: list[Rejected] = []
    from kit.core.limits import ASSESSMENT_SHEET

    for path in paths:
        try:  # never more than a file may hold (one byte more tells it is over): not /dev/zero
            with path.open("rb") as handle:
                files.append((str(path), handle.read(ASSESSMENT_SHEET.max_bytes + 1)))
        except OSError as exc:
            why = (f"không đọc được tệp ({exc.strerror})", f"cannot read the file ({exc.strerror})")
            unreadable.append(Rejected(str(path), (why,)))
    found = read_files(files, progress)
    found.rejected = unreadable + found.rejected
    return found


def read_submitted(
    period: int | None = None,
    registry: Sequence[RegisteredUnit] | None = None,
    eng: Engine | None = None,
) -> Inputs:
    """The newest submitted version of every unit (of the year ``period``, when given). A
    registered unit's review is known by the unit; one submitted before the registry by its
    name (matched to ``registry``, when given, as a file's is)."""
    from kit.assessment.collection import submissions
    from kit.assessment.questionnaire.answers import check_answers
    from kit.assessment.questionnaire.saved import read_saved

    found = Inputs()
    registered: Valid = []
    registered_keys: list[str] = []
    before: Valid = []
    for sub in submissions.latest_per_unit(period, eng):
        code = f" [{sub.unit_code}]" if sub.unit_code else ""
        source = f"{sub.unit_name}{code} v{sub.version}"
        saved = read_saved(json.loads(sub.data), source)
        checked = check_answers(saved.raw, "complete")
        if not checked.ok or saved.problems:  # stored before a questionnaire change: named
            problems = [*saved.problems, *checked.problems]
            found.rejected.append(Rejected(source, tuple((p.vi, p.en) for p in problems)))
            continue
        detail = sub.code_hint if sub.submitted_by == "code" else sub.source
        found.submitters[source] = Submitter(sub.submitted_by, detail)
        if sub.unit_code:
            registered.append((checked.answers, source))
            registered_keys.append(sub.unit_key)
        else:
            before.append((checked.answers, source))
    if registry:
        before = _match(before, registry, found)
    # a review from before the registry, of a name and period a registered unit submitted
    # under (the same name, not a look-alike), is replaced by the registered one
    claimed = {_identity_key(a): k for (a, _), k in zip(registered, registered_keys, strict=True)}
    keys = [claimed.get(_identity_key(a), _identity_key(a)) for a, _ in before]
    valid = before + registered
    kept = _keep_last(keys + registered_keys, [s for _, s in valid], found.rejected)
    from kit.assessment.rollup.model import score_units

    found.units = score_units(valid[i] for i in kept)
    return found


def _scored(valid: Valid, rejected: list[Rejected]) -> list[ScoredUnit]:
    from kit.assessment.rollup.model import score_units

    return score_units(_latest(valid, rejected))


def _identity_key(answers: Mapping[str, object]) -> str:
    from kit.assessment.collection.sheets import unit_identity

    return unit_identity(answers).key


def _latest(valid: Valid, rejected: list[Rejected]) -> Valid:
    """One submission per unit and period: a later one (a resubmission) replaces an earlier one,
    which is named in ``rejected`` so that no unit counts twice."""
    keys = [_identity_key(a) for a, _ in valid]
    return [valid[i] for i in _keep_last(keys, [s for _, s in valid], rejected)]


def _keep_last(keys: Sequence[str], sources: Sequence[str], rejected: list[Rejected]) -> list[int]:
    """The positions to keep, one per key (the last); each other one is named in ``rejected``."""
    last: dict[str, int] = {k: i for i, k in enumerate(keys)}
    for i, key in enumerate(keys):
        if last[key] != i:
            by = sources[last[key]]
            why = (
                f"cùng đơn vị, cùng kỳ báo cáo với {by}: dùng bản ở {by}",
                f"same unit and period as {by}: the one in {by} is used",
            )
            rejected.append(Rejected(sources[i], (why,)))
    return sorted(set(last.values()))

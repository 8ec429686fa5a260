"""Load every content file into a :class:`Catalogue` and list every problem found on the way."""

from __future__ import annotations

import logging
import unicodedata
import weakref
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from kit.content.cases import Case, CaseBank
from kit.content.lessons import Lesson, load_lesson, validation_problems
from kit.content.schemas import LEVEL_OF_V1_ITEM, LEVELS, Course, ExerciseBank, Item, untagged_items
from kit.core import paths as _paths
from kit.core import yamlfile as _yaml
from kit.core.errors import ContentError, InputError, Problem


@dataclass(frozen=True)
class LoadedCaseBank:
    """A case file: where it is, its rule set (and the line naming it), its valid cases with the
    line of each case's expectation."""

    path: str
    rule_set: str
    rule_set_line: int
    cases: tuple[tuple[Case, int], ...]


@dataclass
class Catalogue:
    """Everything under ``lessons/`` and ``exercises/``, validated."""

    root: Path
    course: Course | None = None
    lessons: dict[str, Lesson] = field(default_factory=dict)
    banks: dict[str, ExerciseBank] = field(default_factory=dict)
    items: dict[str, Item] = field(default_factory=dict)
    item_bank: dict[str, str] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    #: what ``kit check`` reports without failing (a version-1 bank read through its migration)
    warnings: list[Problem] = field(default_factory=list)
    lesson_files: set[str] = field(default_factory=set)
    course_lines: dict[str, int] = field(default_factory=dict)
    #: eligibility training cases (``exercises/eligibility/*.yaml``), by id
    cases: dict[str, Case] = field(default_factory=dict)
    case_rule_set: dict[str, str] = field(default_factory=dict)
    case_lesson: dict[str, str] = field(default_factory=dict)
    #: each case file as read, for checks that need more than the content (``kit check``)
    case_banks: list[LoadedCaseBank] = field(default_factory=list)

    def ordered_lessons(self) -> list[Lesson]:
        order = self.course.lessons if self.course else sorted(self.lessons)
        return [self.lessons[i] for i in order if i in self.lessons]

    def served(self) -> dict[str, Item]:
        """The items that may be served (every item but the retired ones), by id."""
        return {i: item for i, item in self.items.items() if not item.retired}

    def exercises(self, track: str | None = None, lesson: str | None = None) -> list[Item]:
        """The served items in course order, filtered by track and lesson (retired items are
        never listed: :meth:`item` still finds them for the history)."""
        order = {lesson.id: i for i, lesson in enumerate(self.ordered_lessons())}
        items = [
            item
            for item in self.served().values()
            if (track is None or track in item.tracks) and (lesson is None or item.lesson == lesson)
        ]
        return sorted(items, key=lambda it: (order.get(it.lesson, 999), it.id))

    def item(self, item_id: str) -> Item:
        """The exercise ``item_id``, retired or not (stored attempts name it); an
        :class:`InputError` when there is none."""
        item = self.items.get(item_id.strip())
        if item is None:
            raise InputError(
                f"Không có bài tập mã '{item_id}'. Xem danh sách: kit exercise list",
                f"No exercise with id '{item_id}'. See: kit exercise list",
            )
        return item

    def raise_for_problems(self) -> None:
        if self.problems:
            raise ContentError(self.problems)


def _display(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def _read(path: Path, display: str, problems: list[Problem]) -> _yaml.LocatedYaml | None:
    text = path.read_text(encoding="utf-8")
    if unicodedata.normalize("NFC", text) != text:
        problems.append(Problem(display, 1, "văn bản chưa chuẩn hoá NFC / text is not NFC"))
    try:
        return _yaml.load(text)
    except _yaml.YamlSyntaxError as exc:
        problems.append(Problem(display, exc.line, exc.what))
        return None


def load_catalogue(root: Path | None = None) -> Catalogue:
    """Load and cross-check all content under ``root`` (default: the content served,
    :func:`kit.core.paths.content_root`; such a catalogue is followed by
    :func:`refresh_loaded`)."""
    served = root is None
    root = root or _paths.content_root()
    signature = content_signature(root) if served else ()
    cat = Catalogue(root=root)
    _load_lessons(cat)
    _load_banks(cat)
    _load_cases(cat)
    _cross_check(cat)
    cat.problems.sort()
    if served:
        _FOLLOWED[:] = [(ref, sig) for ref, sig in _FOLLOWED if ref() is not None]
        _FOLLOWED.append((weakref.ref(cat), signature))
    return cat


#: the catalogues of this process read from the served content, with the signature of the
#: files they were read from
_FOLLOWED: list[tuple[weakref.ref[Catalogue], tuple[object, ...]]] = []
_log = logging.getLogger("kit.content")


def content_signature(root: Path) -> tuple[object, ...]:
    """Where the content is and the name, size and time of each of its files: it changes when
    a bank is saved (or the content folder starts being served)."""
    files: list[tuple[str, int, int]] = []
    for folder in (_paths.lessons_dir(root), _paths.exercises_dir(root)):
        for path in sorted([*folder.glob("*.*"), *folder.glob("*/*.*")]):
            try:
                st = path.stat()
            except OSError:
                continue
            files.append((path.relative_to(root).as_posix(), st.st_size, st.st_mtime_ns))
    return (str(root), tuple(files))


def refresh_loaded() -> bool:
    """Reload, in place, every catalogue :func:`load_catalogue` read from the served content
    when that content changed since (a bank saved from the trainer app, in another kernel):
    a page built in advance (a preheated kernel) then shows the saved content. A content with
    problems is not taken (the catalogue stays as it was, and the log says why). True when a
    catalogue changed."""
    changed = False
    if not _FOLLOWED:
        return False
    root = _paths.content_root()
    now = content_signature(root)
    kept: list[tuple[weakref.ref[Catalogue], tuple[object, ...]]] = []
    for ref, signature in _FOLLOWED:
        cat = ref()
        if cat is None:
            continue
        if signature != now:
            fresh = load_catalogue(root)
            if fresh.problems:
                _log.warning("kit: content at %s not reloaded: %s", root, fresh.problems[:3])
            else:
                for name in cat.__dataclass_fields__:
                    setattr(cat, name, getattr(fresh, name))
                signature, changed = now, True
        kept.append((ref, signature))
    _FOLLOWED[:] = kept
    return changed


def _load_lessons(cat: Catalogue) -> None:
    folder = _paths.lessons_dir(cat.root)
    course_path = folder / "course.yaml"
    if course_path.is_file():
        shown = _display(course_path, cat.root)
        located = _read(course_path, shown, cat.problems)
        if located is not None:
            try:
                cat.course = Course.model_validate(located.data)
            except ValidationError as exc:
                cat.problems += validation_problems(shown, located, exc)
            else:
                cat.course_lines = {
                    lesson_id: located.line_of(["lessons", i])
                    for i, lesson_id in enumerate(cat.course.lessons)
                }
    elif folder.is_dir():
        cat.problems.append(
            Problem(_display(course_path, cat.root), 1, "thiếu tệp thứ tự bài học / missing")
        )
    for path in sorted(folder.glob("*.md")) if folder.is_dir() else []:
        if path.name.lower() == "readme.md":
            continue
        cat.lesson_files.add(path.stem)
        lesson, problems = load_lesson(path, _display(path, cat.root))
        cat.problems += problems
        if lesson is None:
            continue
        if lesson.id in cat.lessons:
            cat.problems.append(
                Problem(_display(path, cat.root), 2, f"mã bài lặp lại: {lesson.id}")
            )
        cat.lessons[lesson.id] = lesson


def _load_banks(cat: Catalogue) -> None:
    folder = _paths.exercises_dir(cat.root)
    for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else []:
        shown = _display(path, cat.root)
        located = _read(path, shown, cat.problems)
        if located is None:
            continue
        try:
            bank = ExerciseBank.model_validate(located.data)
        except ValidationError as exc:
            cat.problems += validation_problems(shown, located, exc)
            continue
        if bank.bank != path.stem:
            cat.problems.append(Problem(shown, 1, f"bank phải trùng tên tệp '{path.stem}'"))
        untagged = untagged_items(located.data)
        if untagged:
            cat.warnings.append(
                Problem(
                    shown,
                    located.line_of(["schema_version"]),
                    f"ngân hàng phiên bản 1: {len(untagged)} câu chưa ghi 'level', tạm tính là"
                    f" '{LEVEL_OF_V1_ITEM}'; hãy ghi mức của từng câu rồi đặt schema_version: 2"
                    f" / version-1 bank: {len(untagged)} item(s) without 'level', read as"
                    f" '{LEVEL_OF_V1_ITEM}'; tag each item's level, then set schema_version: 2",
                )
            )
        cat.banks[bank.bank] = bank
        for index, item in enumerate(bank.items):
            if item.id in cat.items:
                line = located.line_of(["items", index, "id"])
                cat.problems.append(
                    Problem(shown, line, f"mã bài tập lặp lại / repeated item id: {item.id}")
                )
                continue
            cat.items[item.id] = item
            cat.item_bank[item.id] = shown


def _load_cases(cat: Catalogue) -> None:
    """Each case is validated on its own, so one bad case does not hide the others."""
    folder = _paths.exercises_dir(cat.root) / "eligibility"
    for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else []:
        shown = _display(path, cat.root)
        located = _read(path, shown, cat.problems)
        if located is None:
            continue
        try:
            bank = CaseBank.model_validate(located.data)
        except ValidationError as exc:
            cat.problems += validation_problems(shown, located, exc)
            continue
        if cat.lesson_files and bank.lesson not in cat.lesson_files:
            line = located.line_of(["lesson"])
            cat.problems.append(
                Problem(shown, line, f"không có bài học / no lesson '{bank.lesson}'")
            )
        good: list[tuple[int, Case]] = []
        for index, raw in enumerate(bank.cases):
            try:
                good.append((index, Case.model_validate(raw)))
            except ValidationError as exc:
                cat.problems += validation_problems(shown, located, exc, ("cases", index))
        cat.case_banks.append(
            LoadedCaseBank(
                shown,
                bank.rule_set,
                located.line_of(["rule_set"]),
                tuple((c, located.line_of(["cases", i, "expected"])) for i, c in good),
            )
        )
        for index, case in good:
            if case.id in cat.cases or case.id in cat.items:
                line = located.line_of(["cases", index, "id"])
                cat.problems.append(Problem(shown, line, f"mã lặp lại / repeated id: {case.id}"))
                continue
            cat.cases[case.id] = case
            cat.case_rule_set[case.id] = bank.rule_set
            cat.case_lesson[case.id] = bank.lesson


def _cross_check(cat: Catalogue) -> None:
    if cat.course is not None:
        for lesson_id in cat.course.lessons:
            if lesson_id not in cat.lesson_files:
                line = cat.course_lines.get(lesson_id, 1)
                cat.problems.append(
                    Problem(
                        "lessons/course.yaml", line, f"không có bài học / no lesson '{lesson_id}'"
                    )
                )
        for lesson_id, lesson in cat.lessons.items():
            if lesson_id not in cat.course.lessons:
                shown = _display(lesson.path, cat.root)
                cat.problems.append(
                    Problem(shown, 2, "bài học chưa có trong course.yaml / not in the course order")
                )
    rule_ids = _counting_rule_ids()
    for item_id, item in cat.items.items():
        compute = getattr(item, "compute", None)
        if compute is not None and compute.rule not in rule_ids:
            cat.problems.append(
                Problem(cat.item_bank[item_id], 1, f"{item_id}: không có quy tắc '{compute.rule}'")
            )
        if cat.lesson_files and item.lesson not in cat.lesson_files:
            cat.problems.append(
                Problem(cat.item_bank[item_id], 1, f"{item_id}: không có bài học '{item.lesson}'")
            )
    for lesson in cat.lessons.values():
        for ref in lesson.exercise_ids:
            shown = _display(lesson.path, cat.root)
            if ref not in cat.items:
                cat.problems.append(Problem(shown, 1, f"không có bài tập / no exercise '{ref}'"))
            elif cat.items[ref].retired:
                cat.problems.append(
                    Problem(shown, 1, f"bài tập đã ngừng dùng / retired exercise '{ref}'")
                )


def _counting_rule_ids() -> set[str]:
    from kit.calendar.deadlines import calendar_data

    return {r.id for r in calendar_data().rules}


def stats(cat: Catalogue) -> dict[str, object]:
    """The figures ``kit content stats --json`` prints (its keys are a contract). Retired items
    and the eligibility cases are not counted among the exercises."""
    items = list(cat.served().values())
    by_type = Counter(item.type for item in items)
    by_track = Counter(t for item in items for t in item.tracks)
    by_level: Counter[str] = Counter(item.level for item in items)
    only = Counter(item.tracks[0] for item in items if len(set(item.tracks)) == 1)
    return {
        "lessons": len(cat.lessons),
        "exercises": {
            "total": len(items),
            "by_type": dict(sorted(by_type.items())),
            "by_track": {"A": by_track.get("A", 0), "B": by_track.get("B", 0)},
            "by_level": {level: by_level.get(level, 0) for level in LEVELS},
            "only_track": {"A": only.get("A", 0), "B": only.get("B", 0)},
        },
        "cases": len(cat.cases),
    }

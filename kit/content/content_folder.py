"""The content folder a trainer's edits are saved into; the installed kit is never written.

Where a saved bank goes:

* ``KIT_CONTENT_DIR`` set: into that folder (the trainer's own copy);
* otherwise into ``<data folder>/content``. The first save makes it: a copy of the shipped
  ``lessons/`` and ``exercises/`` is put together beside it and moved into place whole, with the
  mark :data:`kit.core.paths.DATA_CONTENT_MARK` written last, so a half-made copy is never served.
  From then on the server and the command line serve it (:func:`kit.core.paths.content_root`).

Every save keeps the bank it replaces in ``.backups/<bank>-<time>.yaml`` of the content folder,
writes the new bank whole or not at all, and is checked first against the whole content (the rules
of ``kit check``: a bank's items may not take another bank's ids, a lesson may not point at a
missing or retired item). Removed items that attempts, workshops or lessons still name are kept,
retired (never served again, still found for the history), instead of being deleted.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from kit.content.catalogue import Catalogue, load_catalogue
from kit.core import paths as _paths
from kit.core.errors import InputError, KitError
from kit.core.files import write_output

BACKUPS = ".backups"
#: a bank's id is its file name: lower-case letters, digits and dashes
BANK_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,79}$")
#: the content a save copies (the notebooks are the kit's code and stay with it)
COPIED = ("lessons", "exercises")


@dataclass(frozen=True)
class Saved:
    """Where a bank was written, the backup of the bank it replaced (None for a new bank) and
    whether this save made the content folder in the data folder."""

    path: Path
    backup: Path | None
    made_folder: bool


def where_saved() -> str:
    """``override`` (KIT_CONTENT_DIR), ``data`` (the data folder's copy is served) or
    ``shipped`` (nothing saved yet: the first save makes the copy)."""
    if _paths.content_override() is not None:
        return "override"
    return "data" if _paths.data_content_in_use() else "shipped"


def check_bank_id(bank_id: str) -> str:
    if not BANK_ID.match(bank_id):
        raise InputError(
            f"Tên ngân hàng '{bank_id[:80]}' không hợp lệ (chữ thường, số, dấu gạch ngang).",
            f"Bank name '{bank_id[:80]}' is not valid (lower-case letters, digits, dashes).",
        )
    return bank_id


def writable_root() -> tuple[Path, bool]:
    """The folder saves go into, made from the shipped content when it does not exist yet;
    ``(folder, made now)``."""
    override = _paths.content_override()
    if override is not None:
        return override, False
    target = _paths.data_content_dir()
    if (target / _paths.DATA_CONTENT_MARK).is_file():
        return target, False
    return _make_copy(target), True


def _make_copy(target: Path) -> Path:
    source = _paths.shipped_root()
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".content-", dir=target.parent))
        for name in COPIED:
            if (source / name).is_dir():
                shutil.copytree(source / name, staging / name, ignore=_ignore)
        (staging / _paths.DATA_CONTENT_MARK).write_text(
            f"copied from {source} on {datetime.now():%Y-%m-%d %H:%M:%S}\n", encoding="utf-8"
        )
        if target.exists():  # an unfinished copy (no mark), or another page made it first
            if (target / _paths.DATA_CONTENT_MARK).is_file():
                shutil.rmtree(staging, ignore_errors=True)
                return target
            shutil.rmtree(target)
        os.replace(staging, target)
    except OSError as exc:
        raise KitError(
            f"Không tạo được thư mục nội dung {target}: {exc.strerror or exc}.",
            f"Cannot make the content folder {target}: {exc.strerror or exc}.",
        ) from exc
    return target


def _ignore(folder: str, names: list[str]) -> set[str]:
    return {n for n in names if n.startswith(".") or n == "__pycache__"}


def staged_catalogue(texts: dict[str, str]) -> Catalogue:
    """The content as it would be with ``texts`` as the banks they name (bank id -> YAML), read
    from a copy in a temporary folder: nothing served is touched."""
    source = _paths.content_root()
    with tempfile.TemporaryDirectory(prefix="kit-stage-") as tmp:
        stage = Path(tmp)
        for name in COPIED:
            if (source / name).is_dir():
                shutil.copytree(source / name, stage / name, ignore=_ignore)
        (stage / "exercises").mkdir(exist_ok=True)
        for bank_id, text in texts.items():
            (stage / "exercises" / f"{check_bank_id(bank_id)}.yaml").write_text(
                text, encoding="utf-8"
            )
        return load_catalogue(stage)


def bank_problems(texts: dict[str, str]) -> list[tuple[str, str]]:
    """What ``kit check`` would say of the content with these banks, each problem once and
    without file names, as (Vietnamese, English): empty when they may be saved."""
    cat = staged_catalogue(texts)
    return [_both(what) for what in dict.fromkeys(p.what for p in cat.problems)]


def _both(what: str) -> tuple[str, str]:
    """A check's "tiếng Việt / English" message as its two halves (the same twice when it has
    one language only)."""
    vi, _, en = what.partition(" / ")
    return vi, en or vi


def referenced_ids(ids: Iterable[str], cat: Catalogue) -> set[str]:
    """Those of ``ids`` that something keeps: a lesson names it, a stored attempt answered it,
    a workshop tests it."""
    wanted = set(ids)
    if not wanted:
        return set()
    found = {ref for lesson in cat.lessons.values() for ref in lesson.exercise_ids} & wanted
    return found | (_stored_references() & wanted)


def _stored_references() -> set[str]:
    import json

    from sqlalchemy import select

    from kit.store import db
    from kit.store.models import Attempt, Workshop

    names: set[str] = set()
    with db.session() as s:
        names.update(str(x) for x in s.scalars(select(Attempt.item_id).distinct()))
        for pre, post in s.execute(select(Workshop.pre_items, Workshop.post_items)):
            for raw in (pre, post):
                try:
                    listed = json.loads(raw or "[]")
                except ValueError:
                    continue
                names.update(str(x) for x in listed if isinstance(x, str))
    return names


def save_banks(texts: dict[str, str], now: datetime | None = None) -> list[Saved]:
    """Write each of ``texts`` (bank id -> YAML) as its bank in the content folder (made first
    when needed), keeping each bank it replaces as a backup. The caller has checked them
    (:func:`bank_problems`)."""
    for bank_id in texts:
        check_bank_id(bank_id)
    root, made = writable_root()
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
    saved: list[Saved] = []
    for bank_id, text in texts.items():
        path = _paths.exercises_dir(root) / f"{bank_id}.yaml"
        backup = _keep_previous(root / BACKUPS, path, stamp) if path.is_file() else None
        path.parent.mkdir(parents=True, exist_ok=True)
        write_output(path, text)
        saved.append(Saved(path, backup, made))
    return saved


def _keep_previous(folder: Path, path: Path, stamp: str) -> Path:
    """Copy the bank at ``path`` into ``folder`` as ``<bank>-<stamp>.yaml`` (a number added when
    that name is taken); its new path."""
    backup, n = folder / f"{path.stem}-{stamp}.yaml", 1
    while backup.exists():
        n += 1
        backup = folder / f"{path.stem}-{stamp}-{n}.yaml"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, backup)
    except OSError as exc:
        raise KitError(
            f"Không giữ được bản cũ của ngân hàng {path.stem}: {exc.strerror or exc}.",
            f"Cannot keep the previous bank {path.stem}: {exc.strerror or exc}.",
        ) from exc
    return backup


# --- an upload of a lesson's questions: what it changes, bank by bank ----------------------------


@dataclass(frozen=True)
class Change:
    """One item an upload changes. ``kind``: ``added``, ``changed`` (``fields`` names which),
    ``retired`` (removed from the file but named by attempts, workshops or a lesson: kept,
    never served again) or ``deleted`` (removed, named by nothing)."""

    item_id: str
    kind: str
    fields: tuple[str, ...]
    bank: str
    prompt: str


@dataclass(frozen=True)
class UploadPlan:
    """What saving an upload of ``lesson`` does: the changes, the bank files to write (bank id ->
    YAML) and what refuses it (empty: it may be saved)."""

    lesson: str
    changes: tuple[Change, ...]
    texts: dict[str, str]
    #: (Vietnamese, English)
    problems: tuple[tuple[str, str], ...]
    unchanged: int


def lesson_banks(cat: Catalogue, lesson: str) -> list[str]:
    """The banks holding items of ``lesson``, the lesson's own bank (named as it) first; a new
    item goes to the first one (the lesson's id when no bank holds its items yet)."""
    held = list(
        dict.fromkeys(
            Path(cat.item_bank[i]).stem for i, it in cat.items.items() if it.lesson == lesson
        )
    )
    own = [lesson] if lesson in cat.banks or not held else []
    return own + [b for b in held if b != lesson]


def plan_upload(cat: Catalogue, lesson: str, new: list[dict[str, Any]]) -> UploadPlan:
    """What saving ``new`` (the items read from an upload of ``lesson``'s questions) as the
    lesson's questions does. An id another lesson or a training case holds is refused."""
    from kit.content.authoring.importer import bank_yaml, diff_items, dump_item

    banks = lesson_banks(cat, lesson)
    old = {i: it for i, it in cat.items.items() if it.lesson == lesson}
    taken = sorted(
        {str(it["id"]) for it in new}
        & ({i for i, it in cat.items.items() if it.lesson != lesson} | set(cat.cases))
    )
    problems = _item_problems(new)
    if taken:
        problems.append(
            (
                f"mã câu đã dùng ở bài học khác: {', '.join(taken)}",
                f"ids used by another lesson: {', '.join(taken)}",
            )
        )
    diff = diff_items([dump_item(it) for it in old.values()], new)
    removed = [c.item_id for c in diff if c.kind == "removed"]
    kept = referenced_ids(removed, cat)
    by_id = {str(it["id"]): it for it in new}
    home = {i: Path(cat.item_bank[i]).stem for i in old}
    lists: dict[str, list[dict[str, Any]]] = {b: [] for b in banks}
    for bank_id in banks:
        for item in cat.banks[bank_id].items if bank_id in cat.banks else []:
            if item.lesson != lesson:
                lists[bank_id].append(dump_item(item))
            elif item.id in by_id:
                lists[bank_id].append(by_id[item.id])
            elif item.id in kept:
                lists[bank_id].append({**dump_item(item), "retired": True})
    lists[banks[0]] += [it for i, it in by_id.items() if i not in old]
    changes = tuple(
        Change(
            c.item_id,
            ("retired" if c.item_id in kept else "deleted") if c.kind == "removed" else c.kind,
            c.fields,
            home.get(c.item_id, banks[0]),
            _prompt(by_id.get(c.item_id) or dump_item(old[c.item_id])),
        )
        for c in diff
    )
    touched = {c.bank for c in changes}
    texts: dict[str, str] = {}
    for bank_id in banks:
        if bank_id not in touched:
            continue
        if not lists[bank_id]:
            problems.append(
                (
                    f"ngân hàng {bank_id} sẽ không còn câu nào; hãy giữ ít nhất một câu",
                    f"bank {bank_id} would have no item left; keep at least one",
                )
            )
            continue
        bank = cat.banks.get(bank_id)
        texts[bank_id] = bank_yaml(
            bank_id,
            lesson,
            lists[bank_id],
            title=bank.title if bank else None,
            title_en=bank.title_en if bank else None,
        )
    if texts and not problems:
        problems += bank_problems(texts)
    unchanged = len(new) - sum(c.kind in ("added", "changed") for c in changes)
    return UploadPlan(lesson, changes, texts, tuple(problems), unchanged)


def _item_problems(new: list[dict[str, Any]]) -> list[tuple[str, str]]:
    """Each item the bank's schema refuses, named by its id, in a trainer's words."""
    from pydantic import ValidationError

    from kit.content.authoring.importer import explain, item_adapter

    found: list[tuple[str, str]] = []
    for raw in new:
        try:
            item_adapter().validate_python(raw)
        except ValidationError as exc:
            vi, en = explain(exc)
            name = str(raw.get("id", "?"))[:80]
            found.append((f"câu {name}: {vi}", f"item {name}: {en}"))
    return found


def _prompt(item: dict[str, Any]) -> str:
    text = " ".join(str(item.get("prompt", "")).split())
    return text if len(text) <= 120 else text[:119] + "…"

"""Lesson files: YAML front matter, then Markdown with a closed set of fenced blocks."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from kit.content.schemas import BLOCK_KINDS, EXERCISE_TYPES, LessonMeta
from kit.core import yamlfile as _yaml
from kit.core.errors import Problem
from kit.core.schema import located_problems

_FENCE_OPEN = re.compile(r"^:::\s*([A-Za-z][\w-]*)\s*$")
_FENCE_CLOSE = re.compile(r"^:::\s*$")
_UNION_TAGS = set(EXERCISE_TYPES)


@dataclass(frozen=True)
class Block:
    """A piece of the lesson body: plain Markdown (``kind == "markdown"``) or a fenced block."""

    kind: str
    text: str
    line: int


@dataclass(frozen=True)
class Lesson:
    meta: LessonMeta
    blocks: tuple[Block, ...]
    path: Path
    exercise_ids: tuple[str, ...] = field(default=())

    @property
    def id(self) -> str:
        return self.meta.id


def split_front_matter(text: str) -> tuple[str, str, int]:
    """Return (front matter, body, line where the body starts). Raises ValueError if absent."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        raise ValueError("thiếu phần đầu YAML '---' / missing '---' front matter")
    for i in range(1, len(lines)):
        if lines[i].strip() == "---":
            return "\n".join(lines[1:i]), "\n".join(lines[i + 1 :]), i + 2
    raise ValueError("phần đầu YAML chưa đóng bằng '---' / front matter is not closed")


def parse_blocks(body: str, first_line: int) -> tuple[list[Block], list[tuple[int, str]]]:
    """Split the body into blocks; return (blocks, [(line, problem)])."""
    blocks: list[Block] = []
    problems: list[tuple[int, str]] = []
    buf: list[str] = []
    kind = "markdown"
    start = first_line
    for offset, raw in enumerate(body.split("\n")):
        line_no = first_line + offset
        opening = _FENCE_OPEN.match(raw)
        if kind == "markdown" and opening:
            if "".join(buf).strip():
                blocks.append(Block("markdown", "\n".join(buf).strip("\n"), start))
            name = opening.group(1)
            if name not in BLOCK_KINDS:
                allowed = ", ".join(BLOCK_KINDS)
                problems.append(
                    (
                        line_no,
                        f"loại khối không hợp lệ '{name}' / unknown block kind (dùng: {allowed})",
                    )
                )
            kind, buf, start = name, [], line_no
        elif kind != "markdown" and _FENCE_CLOSE.match(raw):
            blocks.append(Block(kind, "\n".join(buf).strip("\n"), start))
            kind, buf, start = "markdown", [], line_no + 1
        elif kind != "markdown" and opening:
            problems.append((line_no, "khối lồng trong khối / nested block: close ':::' first"))
        else:
            buf.append(raw)
    if kind != "markdown":
        problems.append((start, f"khối '{kind}' chưa đóng bằng ':::' / block is not closed"))
    elif "".join(buf).strip():
        blocks.append(Block("markdown", "\n".join(buf).strip("\n"), start))
    return blocks, problems


def exercise_ids_in(blocks: list[Block]) -> tuple[str, ...]:
    ids: list[str] = []
    for b in blocks:
        if b.kind == "exercises":
            ids += [
                ln.strip()[1:].strip() for ln in b.text.split("\n") if ln.strip().startswith("-")
            ]
    return tuple(ids)


def load_lesson(path: Path, display: str) -> tuple[Lesson | None, list[Problem]]:
    """Read one lesson; problems carry ``display`` as their path."""
    text = path.read_text(encoding="utf-8")
    problems: list[Problem] = []
    if unicodedata.normalize("NFC", text) != text:
        problems.append(Problem(display, 1, "văn bản chưa chuẩn hoá NFC / text is not NFC"))
    try:
        front, body, body_line = split_front_matter(text)
    except ValueError as exc:
        return None, [*problems, Problem(display, 1, str(exc))]
    try:
        located = _yaml.load(front, line_offset=1)
    except _yaml.YamlSyntaxError as exc:
        return None, [*problems, Problem(display, exc.line, exc.what)]
    blocks, block_problems = parse_blocks(body, body_line)
    block_found = [Problem(display, ln, what) for ln, what in block_problems]
    try:
        meta = LessonMeta.model_validate(located.data)
    except ValidationError as exc:
        return None, problems + validation_problems(display, located, exc) + block_found
    if path.stem != meta.id:
        problems.append(
            Problem(display, 2, f"tên tệp phải là '{meta.id}.md' / file name must match the id")
        )
    return Lesson(meta, tuple(blocks), path, exercise_ids_in(blocks)), problems + block_found


def validation_problems(
    display: str,
    located: _yaml.LocatedYaml,
    exc: ValidationError,
    prefix: tuple[str | int, ...] = (),
) -> list[Problem]:
    """One problem per validation error (:func:`kit.core.schema.located_problems`, the exercise
    types that tag a union dropped from locations); ``prefix`` locates a part validated on its
    own."""
    return located_problems(display, exc, located, prefix, drop=_UNION_TAGS)

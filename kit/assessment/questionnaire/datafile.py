"""Reading the packaged YAML data files of the self-assessment (the questionnaire, the rubric, the
roll-up themes) into their schemas, with every problem located at ``file:line``.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from importlib import resources
from typing import TypeAlias, TypeVar

from pydantic import BaseModel, ValidationError

from kit.core import yamlfile as _yaml
from kit.core.errors import ContentError, Problem
from kit.core.schema import located_problems

#: where a value is in a data file: the keys and list indexes that lead to it
Loc: TypeAlias = tuple[str | int, ...]
M = TypeVar("M", bound=BaseModel)


def parse_data(
    text: str,
    model: type[M],
    shown: str,
    semantic: Callable[[M], list[tuple[Loc, str]]] | None = None,
) -> M:
    """Parse a YAML data file into ``model``; every problem is a :class:`Problem` at its line.

    ``semantic`` checks what the schema cannot (ids that must exist, placeholders, …) and returns
    ``(location, what)`` pairs.
    """
    problems: list[Problem] = []
    if unicodedata.normalize("NFC", text) != text:
        problems.append(Problem(shown, 1, "văn bản chưa chuẩn hoá NFC / text is not NFC"))
    try:
        located = _yaml.load(text)
    except _yaml.YamlSyntaxError as exc:
        raise ContentError([*problems, Problem(shown, exc.line, exc.what)]) from exc
    try:
        parsed = model.model_validate(located.data)
    except ValidationError as exc:
        raise ContentError([*problems, *located_problems(shown, exc, located)]) from exc
    if semantic is not None:
        problems += [
            Problem(shown, located.line_of(list(loc)), f"{'.'.join(map(str, loc))}: {what}")
            for loc, what in semantic(parsed)
        ]
    if problems:
        raise ContentError(sorted(problems))
    return parsed


def read_rules_file(name: str) -> str:
    """The text of a packaged data file in ``kit/rules`` (never from the working directory)."""
    return resources.files("kit").joinpath("rules", name).read_text("utf-8")

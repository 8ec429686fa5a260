"""The base of every schema the kit reads, and one way to turn a schema's refusal into problems a
person can act on.

``Strict`` refuses unknown keys and freezes values. ``field_errors`` turns a pydantic
``ValidationError`` into :class:`FieldError` (where, what); ``located_problems`` gives them as
``path:line: what`` :class:`~kit.core.errors.Problem` for a file read with line numbers.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from pydantic import BaseModel, ConfigDict, ValidationError

from kit.core.errors import Problem
from kit.core.yamlfile import LocatedYaml

#: where an error is when it concerns the whole file or object
WHOLE = "(tệp / file)"


class Strict(BaseModel):
    """A schema that refuses unknown keys and whose values cannot be changed after reading."""

    model_config = ConfigDict(extra="forbid", frozen=True)


@dataclass(frozen=True)
class FieldError:
    """One refusal of a schema: the location of the value and what is wrong with it."""

    loc: tuple[str | int, ...]
    message: str

    def where(self, sep: str = ".") -> str:
        return sep.join(str(p) for p in self.loc) or WHOLE

    def line(self, sep: str = ".") -> str:
        return f"{self.where(sep)}: {self.message}"


def field_errors(
    exc: ValidationError,
    prefix: tuple[str | int, ...] = (),
    drop: Collection[str] = (),
) -> list[FieldError]:
    """Every error of ``exc``; ``prefix`` locates a part validated on its own, ``drop`` names
    location steps that are not fields (the tags of a tagged union)."""
    out = []
    for err in exc.errors():
        loc = tuple(p for p in err["loc"] if isinstance(p, int) or (p not in drop))
        out.append(FieldError((*prefix, *loc), str(err["msg"])))
    return out


def located_problems(
    display: str,
    exc: ValidationError,
    located: LocatedYaml | None = None,
    prefix: tuple[str | int, ...] = (),
    drop: Collection[str] = (),
) -> list[Problem]:
    """One ``display:line: where: what`` problem per error (line 1 without a located source)."""
    return [
        Problem(display, located.line_of(list(e.loc)) if located else 1, e.line())
        for e in field_errors(exc, prefix, drop)
    ]

"""The kit's exception tree. Every message is one a user can act on, in Vietnamese and English.

::

    KitError                  base: carries ``vi`` and ``en`` messages
    ├── UsageError            the caller asked for something the command cannot do (exit 2)
    ├── ContentError          a lesson, exercise, rule or rubric file is broken; holds Problems
    ├── ConfigError           a setting (data folder, database URL, port…) is unusable
    ├── StoreError            the database could not be opened, migrated or written
    └── InputError            a user's value or file was rejected; nothing was stored

Code that catches a ``KitError`` shows ``err.message(lang)``; anything else is a bug: it is
logged with its traceback and the user sees a short generic message instead.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


class KitError(Exception):
    """Base of every error the kit raises on purpose."""

    exit_code = 1

    def __init__(self, vi: str, en: str | None = None) -> None:
        super().__init__(vi)
        self.vi = vi
        self.en = en or vi

    def message(self, lang: str = "vi") -> str:
        """The message in ``lang`` (``"vi"`` or ``"en"``)."""
        return self.en if lang == "en" else self.vi


class UsageError(KitError):
    """Wrong usage of a command or function."""

    exit_code = 2


class ConfigError(KitError):
    """A setting cannot be used as given."""


class StoreError(KitError):
    """The database could not be opened, migrated or written."""


class InputError(KitError):
    """A value or file supplied by a user was rejected, and nothing was stored."""


@dataclass(frozen=True, order=True)
class Problem:
    """One problem in a content file, printed as ``path:line: what``."""

    path: str
    line: int
    what: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.what}"


class ContentError(KitError):
    """One or more content files are invalid."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = list(problems)
        listing = "\n".join(str(p) for p in self.problems)
        super().__init__(
            f"Nội dung có {len(self.problems)} lỗi:\n{listing}",
            f"Content has {len(self.problems)} problem(s):\n{listing}",
        )


class ValueProblem(ValueError):
    """A value that cannot be read; carries the message in both languages."""

    def __init__(self, vi: str, en: str) -> None:
        super().__init__(vi)
        self.vi, self.en = vi, en

    def message(self, lang: str = "vi") -> str:
        return self.en if lang == "en" else self.vi

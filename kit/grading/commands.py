"""``kit exercise ACTION``: the exercise bank from the command line (see
:mod:`kit.core.commands`)."""

from __future__ import annotations

from kit.core.commands import CommandGroup

EXERCISE = CommandGroup(
    "exercise",
    "ngân hàng bài tập / the exercise bank",
    {
        "grade": "kit.grading.grade_cli",
        "list": "kit.grading.list_cli",
    },
)

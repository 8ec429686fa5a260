"""``kit exercise ACTION``: the exercise bank from the command line (see
:mod:`kit.core.commands`)."""

from __future__ import annotations

from kit.core.commands import CommandGroup

EXERCISE = CommandGroup(
    "exercise",
    "ngân hàng bài tập / the exercise bank",
    {
        "export": "kit.content.authoring.export_cli",
        "grade": "kit.grading.grade_cli",
        "import": "kit.content.authoring.import_cli",
        "list": "kit.grading.list_cli",
        "paper": "kit.export.paper_cli",
    },
)

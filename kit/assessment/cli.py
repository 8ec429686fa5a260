"""``kit assess ACTION``: self-assessment from the command line (see :mod:`kit.cli_group`)."""

from __future__ import annotations

from kit.cli_group import CommandGroup

GROUP = CommandGroup(
    "assess",
    "tự đánh giá / self-assessment",
    {
        "analyze": "kit.assessment.analyze_cli",
        "report": "kit.assessment.report_cli",
        "rollup": "kit.assessment.rollup_cli",
        "score": "kit.assessment.score_cli",
        "template": "kit.assessment.template_cli",
    },
)
add_parser = GROUP.add_parser
run = GROUP.run

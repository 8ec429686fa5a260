"""``kit assess ACTION``: self-assessment from the command line (see :mod:`kit.core.commands`)."""

from __future__ import annotations

from kit.core.commands import CommandGroup

ASSESS = CommandGroup(
    "assess",
    "tự đánh giá / self-assessment",
    {
        "analyze": "kit.assessment.analyzer.analyze_cli",
        "report": "kit.assessment.report.report_cli",
        "rollup": "kit.assessment.rollup.rollup_cli",
        "score": "kit.assessment.questionnaire.score_cli",
        "submit": "kit.assessment.collection.submit_cli",
        "template": "kit.assessment.collection.template_cli",
    },
)

"""The placeholders left in a plan: every text of the plan (header, basis, sections, tasks, drafts,
reporting, distribution list, signature) read with the placeholder grammar kept as data
(:mod:`kit.eligibility.placeholders`, ``kit/rules/placeholders.yaml``). Each placeholder is one
item with the path of its field; the checker turns them into located problems."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from kit.eligibility import placeholders
from kit.plans.model import Plan

_HEADER_TEXTS = ("issuing_body", "parent_body", "number", "place", "title")
_TASK_TEXTS = ("name", "description", "group", "lead", "timing", "output", "funding")
_DRAFT_TEXTS = ("code", "title", "document_type", "drafting_body")
_REPORTING_TEXTS = ("to", "due", "text")


@dataclass(frozen=True)
class Blank:
    """One placeholder: the field's path (as the checker writes it) and the text left in it."""

    where: str
    text: str


def texts(plan: Plan) -> Iterator[tuple[str, str, str]]:
    """(path, field name, text) for every text field of ``plan``, in document order."""
    h = plan.header
    for name in _HEADER_TEXTS:
        yield f"header/{name}", name, getattr(h, name)
    for i, line in enumerate(h.basis):
        yield f"header/basis/{i}", "basis", line
    for section in plan.sections:
        base = f"sections/{section.id}"
        yield f"{base}/title", "title", section.title
        for j, paragraph in enumerate(section.paragraphs):
            yield f"{base}/paragraphs/{j}", "paragraphs", paragraph
        for t, task in enumerate(section.tasks):
            for name in _TASK_TEXTS:
                yield f"{base}/tasks/{t}/{name}", name, getattr(task, name)
            for k, body in enumerate(task.coordinating):
                yield f"{base}/tasks/{t}/coordinating/{k}", "coordinating", body
    for d, draft in enumerate(plan.drafts):
        for name in _DRAFT_TEXTS:
            yield f"drafts/{d}/{name}", name, getattr(draft, name)
        for a, activity in enumerate(draft.activities):
            yield f"drafts/{d}/activities/{a}/name", "name", activity.name
            yield f"drafts/{d}/activities/{a}/lead", "lead", activity.lead
    for r, entry in enumerate(plan.reporting):
        for name in _REPORTING_TEXTS:
            yield f"reporting/{r}/{name}", name, getattr(entry, name)
    for k, recipient in enumerate(plan.recipients):
        yield f"recipients/{k}", "recipients", recipient
    sign = plan.signature
    for k, (_prefix, body) in enumerate(sign.authority):
        yield f"signature/authority/{k}", "authority", body
    yield "signature/position", "position", sign.position
    yield "signature/name", "name", sign.name


def blanks(plan: Plan) -> list[Blank]:
    """Every placeholder of ``plan``, once each, in document order."""
    return [
        Blank(where, found.text)
        for where, name, text in texts(plan)
        if text
        for found in placeholders.find(text, name)
    ]

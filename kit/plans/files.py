"""Reading and writing PLAN.json, with problems explained (never a traceback)."""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import ValidationError

from kit.core.errors import InputError
from kit.core.files import json_text, read_input
from kit.core.limits import PLAN_JSON
from kit.core.schema import field_errors
from kit.plans.model import Plan


def parse_plan(text: str | bytes, name: str = "PLAN.json") -> Plan:
    """The plan in ``text``, within the limits of a PLAN.json (size, nesting depth)."""
    text = json_text(text, name, PLAN_JSON)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(
            f"{name}: JSON không hợp lệ ở dòng {exc.lineno}, cột {exc.colno}: {exc.msg}.",
            f"{name}: invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}.",
        ) from exc
    try:
        return Plan.model_validate(data)
    except ValidationError as exc:
        listing = "\n".join(f"  {err.line('/')}" for err in field_errors(exc))
        raise InputError(
            f"{name} không đúng cấu trúc kế hoạch (xem: kit plan schema):\n{listing}",
            f"{name} does not match the plan structure (see: kit plan schema):\n{listing}",
        ) from exc


def load_plan(path: Path) -> Plan:
    return parse_plan(read_input(path, PLAN_JSON), path.name)


def dump_plan(plan: Plan) -> str:
    return plan.model_dump_json(indent=2, exclude_defaults=False) + "\n"

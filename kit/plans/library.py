"""Where a new plan starts: a template for the unit's level, or one of the seed plans (real plans
kept as training material, "critique this real plan")."""

from __future__ import annotations

from importlib import resources
from typing import Literal

from kit.core import paths as _paths
from kit.core.errors import UsageError
from kit.plans.files import parse_plan
from kit.plans.model import Plan

TemplateLevel = Literal["province", "department", "commune"]
TEMPLATES: tuple[TemplateLevel, ...] = ("province", "department", "commune")
#: seed plan id -> file in exercises/plans
SEEDS: dict[str, str] = {
    "seed-004": "seed-004-lang-son.json",
    "seed-002": "seed-002-chanh-lo.json",
}


def template(level: object) -> Plan:
    """The template for a province, a provincial department or a commune/ward."""
    if level not in TEMPLATES:
        raise UsageError(
            f"Không có mẫu kế hoạch '{level}' (có: {', '.join(TEMPLATES)}).",
            f"No plan template '{level}' (known: {', '.join(TEMPLATES)}).",
        )
    text = resources.files("kit").joinpath("plans", "templates", f"{level}.json").read_text("utf-8")
    return parse_plan(text, f"{level}.json")


def seed(seed_id: object) -> Plan:
    """One of the real seed plans."""
    name = SEEDS.get(str(seed_id))
    if name is None:
        raise UsageError(f"Không có kế hoạch mẫu '{seed_id}'.", f"No seed plan '{seed_id}'.")
    path = _paths.exercises_dir() / "plans" / name
    return parse_plan(path.read_text("utf-8"), name)

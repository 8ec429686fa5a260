"""Does every registered app have a thin notebook, a build_app() and titles in both languages?"""

from __future__ import annotations

import ast
import importlib
import json
from pathlib import Path

import pytest

from kit import docs, registry
from kit.core import paths as _paths
from kit.core.i18n import catalogue

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted(_paths.notebooks_dir().glob("*.ipynb"))


@pytest.mark.parametrize("spec", registry.APPS, ids=lambda s: s.id)
def test_app_has_notebook_factory_and_catalogue_texts(spec: registry.AppSpec) -> None:
    assert (_paths.notebooks_dir() / spec.notebook).is_file()
    module = importlib.import_module(spec.module)
    assert callable(module.build_app)
    for lang in ("vi", "en"):
        assert spec.title_key in catalogue(lang)
        assert spec.description_key in catalogue(lang)


def test_every_notebook_is_registered() -> None:
    registered = {spec.notebook for spec in registry.APPS}
    assert {nb.name for nb in NOTEBOOKS} == registered


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_one_import_and_one_build_app_call(path: Path) -> None:
    nb = json.loads(path.read_text(encoding="utf-8"))
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    assert len(code) == 1, "one code cell"
    tree = ast.parse("".join(code[0]["source"]))
    kinds = [type(node).__name__ for node in tree.body]
    assert kinds == ["ImportFrom", "Expr"]
    call = tree.body[1].value  # type: ignore[attr-defined]
    assert isinstance(call, ast.Call) and getattr(call.func, "id", "") == "build_app"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_keeps_a_plain_text_summary_for_nbval(path: Path) -> None:
    nb = json.loads(path.read_text(encoding="utf-8"))
    outputs = [o for c in nb["cells"] for o in c.get("outputs", [])]
    texts = ["".join(o.get("data", {}).get("text/plain", "")) for o in outputs]
    app_id = next(s.id for s in registry.APPS if s.notebook == path.name)
    assert any(text.startswith(f"[kit:{app_id}] ") for text in texts)


def test_pool_size_grows_with_expected_users_and_never_drops_below_one() -> None:
    for spec in registry.APPS:
        sizes = [spec.pool_size(n) for n in (0, 1, 10, 20, 40, 400)]
        assert sizes == sorted(sizes)
        assert min(sizes) >= 1 and spec.pool_size(40) <= 40


def test_forty_expected_users_get_forty_exercise_kernels_ready() -> None:
    assert registry.get("exercises").pool_size(40) == 40
    assert registry.get("workshop").pool_size(40) == 40
    assert registry.get("trainer").pool_size(40) == 1


def test_readme_apps_table_matches_the_registry() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert docs.with_table(readme) == readme, "run `kit readme --write`"

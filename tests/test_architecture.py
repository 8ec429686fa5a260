"""Does importing the kit do no work, and is the public surface complete?"""

from __future__ import annotations

import ast
import inspect
import subprocess
import sys
from pathlib import Path

import pytest

import kit
import kit.api
from devtools.imports import Import, cycles, imports, layer_violations, module_names, unit_of


def test_api_all_lists_every_public_function() -> None:
    public = {
        name
        for name, obj in vars(kit.api).items()
        if inspect.isfunction(obj) and obj.__module__ == "kit.api" and not name.startswith("_")
    }
    assert public == set(kit.api.__all__)


def test_importing_the_kit_and_its_apps_reads_no_data_and_loads_no_heavy_library(
    tmp_path: Path,
) -> None:
    data = tmp_path / "never-created"
    code = (
        "import sys, kit, kit.api, kit.cli, kit.apps.home, kit.server.launch\n"
        "heavy = [m for m in ('pandas', 'docx', 'openpyxl', 'sqlalchemy', 'alembic', 'voila')"
        " if m in sys.modules]\n"
        "print(','.join(heavy))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=60,
        env={"KIT_DATA_DIR": str(data), "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ""
    assert not data.exists()


# ------------------------------------------------------------------ layers (see kit/__init__.py)

KIT = Path(kit.__file__).parent
TOP = ("apps", "cli", "api", "server")
MAX_LINES = 450


def kit_imports() -> list[Import]:
    return imports(KIT)


def test_every_part_of_the_kit_is_in_the_layer_drawing() -> None:
    drawn = {unit for _name, units in kit.LAYERS for unit in units}
    parts = {unit_of(m) for m in module_names(KIT)} - {"kit"}
    assert parts - drawn == set(), "add these to kit.LAYERS and the drawing in kit/__init__.py"
    assert drawn - parts == set(), "the drawing names parts that do not exist"
    doc = kit.__doc__ or ""
    for name, units in kit.LAYERS:
        line = next((ln for ln in doc.splitlines() if ln.strip().startswith(f"{name} ")), "")
        assert line.split()[1:] == [p for u in units for p in (u, "·")][:-1], (name, line)


def test_the_package_root_imports_nothing_of_the_kit() -> None:
    assert [i for i in kit_imports() if i.source == "kit"] == []


def test_no_import_goes_up_a_layer() -> None:
    assert layer_violations(kit_imports(), kit.LAYERS) == []


def test_nothing_below_the_front_imports_apps_cli_api_or_server() -> None:
    upward = [
        f"{i.path}:{i.line}: {i.source} imports {i.target}"
        for i in kit_imports()
        if unit_of(i.target) in TOP and unit_of(i.source) not in (*TOP, "__main__")
    ]
    assert upward == []


def test_no_two_packages_import_each_other() -> None:
    edges = {
        (unit_of(i.source), unit_of(i.target))
        for i in kit_imports()
        if unit_of(i.source) != unit_of(i.target)
    }
    assert cycles(edges) == []


def test_no_two_modules_import_each_other() -> None:
    assert cycles((i.source, i.target) for i in kit_imports()) == []


def test_no_module_of_the_kit_is_over_450_lines() -> None:
    long = {
        path.relative_to(KIT.parent).as_posix(): n
        for path in KIT.rglob("*.py")
        if (n := len(path.read_text("utf-8").splitlines())) > MAX_LINES
    }
    assert long == {}


def test_the_kit_never_imports_development_or_test_tools() -> None:
    """What the wheel ships runs without devtools/ and the test extras."""
    forbidden = {"devtools", "playwright", "pytest", "hypothesis", "nbval"}
    found = []
    for path in KIT.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            names = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom) and not node.level
                else []
            )
            found += [f"{path}:{node.lineno}: {n}" for n in names if n.split(".")[0] in forbidden]
    assert found == []


def _write_package(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")
    return root / "pkg"


LAYERED = (("top", ("api",)), ("low", ("low",)), ("base", ("base",)))


@pytest.mark.parametrize(
    ("case", "source"),
    [
        ("at module level", "from pkg.api import f\n"),
        ("inside a function", "def g() -> None:\n    from pkg import api\n"),
        (
            "under TYPE_CHECKING",
            "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    import pkg.api.sub\n",
        ),
        ("relative", "from ..api import f\n"),
    ],
)
def test_the_checks_catch_an_upward_import_however_it_is_written(
    tmp_path: Path, case: str, source: str
) -> None:
    root = _write_package(
        tmp_path,
        {
            "pkg/__init__.py": "",
            "pkg/api/__init__.py": "from pkg.low import mod\n\ndef f() -> None: ...\n",
            "pkg/api/sub.py": "",
            "pkg/low/__init__.py": "",
            "pkg/low/mod.py": source,
            "pkg/base.py": "",
        },
    )
    found = imports(root)
    violations = layer_violations(found, LAYERED)
    assert len(violations) == 1 and "pkg.low.mod (low) imports pkg.api" in violations[0], case
    edges = {(unit_of(i.source), unit_of(i.target)) for i in found}
    assert cycles(e for e in edges if e[0] != e[1]) == [["api", "low"]], case


def test_a_downward_import_is_no_violation_and_no_cycle(tmp_path: Path) -> None:
    root = _write_package(
        tmp_path,
        {
            "pkg/__init__.py": "",
            "pkg/api/__init__.py": "from pkg.low import mod\n",
            "pkg/low/__init__.py": "",
            "pkg/low/mod.py": "from pkg import base\n",
            "pkg/base.py": "",
        },
    )
    found = imports(root)
    assert layer_violations(found, LAYERED) == []
    assert cycles((i.source, i.target) for i in found) == []

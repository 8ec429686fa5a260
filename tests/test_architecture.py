"""Does importing the kit do no work, and is the public surface complete?"""

from __future__ import annotations

import inspect
import subprocess
import sys
from pathlib import Path

import kit.api


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

"""Is the store SQLite in WAL mode with foreign keys on, migrated by Alembic to match the models?"""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text

from kit.core import config
from kit.core.errors import StoreError
from kit.store import db
from kit.store.models import Base


@pytest.fixture
def engine(tmp_path: Path):  # type: ignore[no-untyped-def]
    eng = db.create(f"sqlite:///{tmp_path / 'test.sqlite3'}")
    db.upgrade(eng)
    yield eng
    eng.dispose()


def test_migrations_create_every_table_of_the_models(engine) -> None:  # type: ignore[no-untyped-def]
    assert set(Base.metadata.tables) <= set(db.tables(engine))


def test_models_and_migrations_do_not_drift(engine) -> None:  # type: ignore[no-untyped-def]
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == [], "models changed without a migration"


def test_sqlite_runs_in_wal_mode_with_foreign_keys_and_busy_timeout(engine) -> None:  # type: ignore[no-untyped-def]
    with engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert conn.execute(text("PRAGMA busy_timeout")).scalar() == db.BUSY_TIMEOUT_MS


def test_upgrade_twice_is_harmless_and_reports_head(engine) -> None:  # type: ignore[no-untyped-def]
    assert db.upgrade(engine) == db.upgrade(engine) != ""


def test_settings_round_trip_and_overwrite(engine) -> None:  # type: ignore[no-untyped-def]
    db.put_setting("k", "một", engine)
    db.put_setting("k", "hai", engine)
    assert db.get_setting("k", engine) == "hai"
    assert db.get_setting("missing", engine) is None


def test_database_url_env_selects_another_database(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    url = f"sqlite:///{tmp_path / 'other.sqlite3'}"
    monkeypatch.setenv(config.DATABASE_URL_ENV, url)
    assert config.database_url() == url


def test_default_database_lives_in_the_data_dir(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.delenv(config.DATABASE_URL_ENV, raising=False)
    monkeypatch.setenv(config.DATA_DIR_ENV, str(tmp_path / "d"))
    assert config.database_url() == f"sqlite:///{tmp_path / 'd' / 'kit.sqlite3'}"
    assert (tmp_path / "d").is_dir()


def test_a_bad_database_url_gives_a_bilingual_store_error() -> None:
    with pytest.raises(StoreError) as exc:
        db.create("not a url")
    assert "không hợp lệ" in exc.value.vi and "Invalid" in exc.value.en


def test_an_unwritable_data_dir_gives_a_config_error(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv(config.DATA_DIR_ENV, str(blocker / "sub"))
    with pytest.raises(config.ConfigError):
        config.data_dir()


def test_head_revision_constant_matches_alembics_head() -> None:
    from alembic.script import ScriptDirectory

    cfg = db._alembic_config(db.create("sqlite://"))
    assert ScriptDirectory.from_config(cfg).get_current_head() == db.HEAD_REVISION


def test_a_migrated_database_is_used_without_loading_alembic(tmp_path: Path) -> None:
    import subprocess
    import sys

    url = f"sqlite:///{tmp_path / 'm.sqlite3'}"
    db.upgrade(db.create(url))
    code = "import sys; from kit.store import db; db.engine(); print('alembic' in sys.modules)"
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=60,
        env={"KIT_DATABASE_URL": url, "PATH": "/usr/bin:/bin"},
    )
    assert out.stdout.strip() == "False", out.stderr

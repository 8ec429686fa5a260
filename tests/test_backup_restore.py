"""Is a backup restored row for row into an empty database of either kind, a non-empty database
or a damaged file refused with nothing changed, and do scheduled backups keep only the newest?"""

from __future__ import annotations

import io
import json
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from kit import trainees
from kit.core.errors import InputError, StoreError
from kit.server.backups import BackupSchedule, backups_in, parse_every
from kit.store import db
from kit.store.backup import backup_to
from kit.store.restore import restore_from

pytest_plugins = ["tests.pg_fixture"]


def filled(url: str) -> db.Engine:  # type: ignore[name-defined]
    eng = db.create(url)
    db.upgrade(eng)
    for i in range(3):
        reg = trainees.register(f"Nguyễn Văn {i} “trích”", "Sở Tư pháp", "AB"[i % 2], eng)
        trainees.record_attempt(
            reg.identity.id, f"l01-ex-{i:02d}", "đáp án\nhai dòng", 0.5, 1, "practice", eng
        )
    db.put_setting("ghi-chú", "giá trị ✓", eng)
    return eng


def _same(value: object) -> str:
    """A value as text; a time in UTC whether the database kept its zone (PostgreSQL) or not."""
    if isinstance(value, datetime):
        return (value if value.tzinfo else value.replace(tzinfo=UTC)).astimezone(UTC).isoformat()
    return str(value)


def rows(eng: db.Engine) -> dict[str, list[tuple[object, ...]]]:  # type: ignore[name-defined]
    from kit.store.backup import tables_in_order

    with eng.connect() as conn:
        return {
            t.name: sorted(tuple(_same(v) for v in r) for r in conn.execute(select(t)))
            for t in tables_in_order(conn)
        }


def test_the_restored_rows_equal_the_backed_up_ones_and_new_rows_still_get_ids(
    db_url: str, tmp_path: Path
) -> None:
    source = filled(f"sqlite:///{tmp_path / 'src.sqlite3'}")
    backup = tmp_path / "b.zip"
    summary = backup_to(backup, source)
    assert summary.rows >= 7
    target = db.create(db_url)
    restore_from(backup, target)
    want, got = rows(source), rows(target)
    assert {k: len(v) for k, v in got.items()} == {k: len(v) for k, v in want.items()}
    assert got["attempts"] == want["attempts"] and got["settings"] == want["settings"]
    new = trainees.register("Người mới", "Sở Nội vụ", "A", target)  # ids move on past the restored
    assert new.identity.id == 4


def test_a_database_that_holds_data_is_refused_and_left_as_it_was(tmp_path: Path) -> None:
    source = filled(f"sqlite:///{tmp_path / 'src.sqlite3'}")
    backup_to(tmp_path / "b.zip", source)
    target = filled(f"sqlite:///{tmp_path / 'dst.sqlite3'}")
    before = rows(target)
    with pytest.raises(StoreError) as exc:
        restore_from(tmp_path / "b.zip", target)
    assert "trống" in exc.value.vi and "empty" in exc.value.en
    assert rows(target) == before


def _zip(parts: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return out.getvalue()


GOOD = {"format": "kit407-backup", "format_version": 1, "schema_revision": db.HEAD_REVISION}


@pytest.mark.parametrize(
    "content",
    [
        b"not a zip at all",
        _zip({"x.txt": b"hello"}),
        _zip({"manifest.json": b"{broken"}),
        _zip({"manifest.json": json.dumps({**GOOD, "format": "other", "tables": []}).encode()}),
        _zip(
            {
                "manifest.json": json.dumps(
                    {**GOOD, "schema_revision": "9999", "tables": []}
                ).encode()
            }
        ),
        _zip(
            {
                "manifest.json": json.dumps(
                    {**GOOD, "tables": [{"name": "nope", "file": "t", "rows": 0}]}
                ).encode()
            }
        ),
        _zip(
            {
                "manifest.json": json.dumps(
                    {**GOOD, "tables": [{"name": "settings", "file": "s.jsonl", "rows": 2}]}
                ).encode(),
                "s.jsonl": b'{"key": "a", "value": "b", "updated_at": "2025-01-01T00:00"}\n',
            }
        ),
        _zip(
            {"manifest.json": json.dumps({**GOOD, "tables": []}).encode(), "big": b"0" * 5_000_000}
        ),
    ],
)
def test_a_damaged_or_foreign_file_is_refused_and_the_database_stays_empty(
    content: bytes, tmp_path: Path
) -> None:
    path = tmp_path / "x.zip"
    path.write_bytes(content)
    target = db.create(f"sqlite:///{tmp_path / 'dst.sqlite3'}")
    with pytest.raises(InputError):
        restore_from(path, target)
    assert not any(rows(target).values()) if db.current_revision(target) else True


@pytest.mark.parametrize(
    ("text", "seconds"), [("6h", 21600), ("30m", 1800), ("1d", 86400), ("2 S", 2)]
)
def test_a_backup_interval_is_read_with_its_unit(text: str, seconds: float) -> None:
    assert parse_every(text) == seconds


@pytest.mark.parametrize("text", ["6", "h", "0s", "-1h", "400d", "6 hours"])
def test_a_wrong_backup_interval_is_refused(text: str) -> None:
    with pytest.raises(ValueError):
        parse_every(text)


def test_scheduled_backups_keep_only_the_newest_and_leave_other_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KIT_DATABASE_URL", f"sqlite:///{tmp_path / 'live.sqlite3'}")
    filled(f"sqlite:///{tmp_path / 'live.sqlite3'}")
    folder = tmp_path / "backups"
    folder.mkdir()
    (folder / "ghi-chu.txt").write_text("giữ lại", "utf-8")
    schedule = BackupSchedule(folder, 3600, keep=2)
    written = [schedule.run_once() for _ in range(4)]
    assert backups_in(folder) == written[-2:]
    assert (folder / "ghi-chu.txt").exists()
    target = db.create(f"sqlite:///{tmp_path / 'back.sqlite3'}")
    restore_from(written[-1], target)
    assert len(rows(target)["trainees"]) == 3

"""Restore a backup (:mod:`kit.store.backup`) into an empty database of either kind: SQLite to
PostgreSQL and back.

The target is first brought to the schema revision the backup was made at (so the rows fit its
columns), refused if any table already holds a row, filled table by table (parents first) in
one transaction, its id counters moved past the restored ids (PostgreSQL), then migrated to the
newest schema, as an old backup's rows are migrated like any old database. A backup from a newer
kit than this one is refused, and so is a file that is not a backup, a damaged one, or one
whose parts are larger than they may be (the archive is read part by part, line by line).
"""

from __future__ import annotations

import json
import zipfile
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import IO, Any

from sqlalchemy import Boolean, Connection, Date, DateTime, Engine, func, insert, select, text
from sqlalchemy.exc import SQLAlchemyError

from kit.core.errors import InputError, StoreError
from kit.store import backup, db

MANIFEST_MAX = 1_000_000
LINE_MAX = 64 * 1024 * 1024
#: an archive whose parts unpack to more than this many times their packed size is refused
RATIO_MAX = 200
BATCH = 500


def _refused(path: Path, vi: str, en: str) -> InputError:
    return InputError(f"{path.name}: {vi}", f"{path.name}: {en}")


def _manifest(archive: zipfile.ZipFile, path: Path) -> dict[str, Any]:
    try:
        info = archive.getinfo(backup.MANIFEST)
    except KeyError:
        raise _refused(
            path,
            "không phải tệp sao lưu của bộ công cụ (thiếu manifest.json).",
            "not a backup of the kit (no manifest.json).",
        ) from None
    if info.file_size > MANIFEST_MAX:
        raise _refused(path, "manifest.json quá lớn.", "manifest.json is too large.")
    for member in archive.infolist():
        if member.file_size > RATIO_MAX * max(member.compress_size, 1) + 1_000_000:
            raise _refused(
                path,
                f"phần {member.filename} giải nén ra lớn bất thường; không đọc.",
                f"the part {member.filename} unpacks to an abnormal size; not read.",
            )
    try:
        data = json.loads(archive.read(info).decode("utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise _refused(path, "manifest.json hỏng.", "manifest.json is damaged.") from exc
    if not isinstance(data, dict) or data.get("format") != backup.FORMAT:
        raise _refused(path, "không phải tệp sao lưu của bộ công cụ.", "not a backup of the kit.")
    if data.get("format_version") != backup.FORMAT_VERSION:
        raise _refused(
            path,
            f"phiên bản định dạng {data.get('format_version')!r} không được hỗ trợ.",
            f"format version {data.get('format_version')!r} is not supported.",
        )
    if not isinstance(data.get("tables"), list) or not isinstance(data.get("schema_revision"), str):
        raise _refused(
            path, "manifest.json thiếu danh sách bảng.", "manifest.json lists no tables."
        )
    return data


def _known_revisions() -> list[str]:
    folder = Path(__file__).with_name("migrations") / "versions"
    return sorted(p.name.split("_", 1)[0] for p in folder.glob("[0-9]*_*.py"))


def _lines(part: IO[bytes], path: Path, name: str) -> Iterator[dict[str, Any]]:
    while True:
        raw = part.readline(LINE_MAX + 1)
        if not raw:
            return
        if len(raw) > LINE_MAX:
            raise _refused(path, f"{name}: một dòng quá dài.", f"{name}: a line is too long.")
        try:
            row = json.loads(raw)
        except ValueError as exc:
            raise _refused(path, f"{name}: dòng hỏng.", f"{name}: a damaged line.") from exc
        if not isinstance(row, dict):
            raise _refused(path, f"{name}: dòng hỏng.", f"{name}: a damaged line.")
        yield row


def _typed(value: object, kind: Any) -> object:
    """A JSON value back as the column's type (times in UTC; SQLite keeps them naive)."""
    if value is None:
        return None
    if isinstance(kind, DateTime) and isinstance(value, str):
        moment = datetime.fromisoformat(value)
        return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
    if isinstance(kind, Date) and isinstance(value, str):
        return date.fromisoformat(value[:10])
    if isinstance(kind, Boolean):
        return bool(value)
    return value


def _is_empty(conn: Connection) -> bool:
    for table in backup.tables_in_order(conn):
        if conn.execute(select(table).limit(1)).first() is not None:
            return False
    return True


def _reset_counters(conn: Connection) -> None:
    """Move PostgreSQL's id sequences past the restored ids (SQLite needs nothing)."""
    if conn.dialect.name != "postgresql":
        return
    for table in backup.tables_in_order(conn):
        if "id" not in table.c:
            continue
        seq = conn.execute(
            text("SELECT pg_get_serial_sequence(:t, 'id')"), {"t": table.name}
        ).scalar()
        if seq:
            top = conn.execute(select(func.max(table.c.id))).scalar()
            conn.execute(
                text("SELECT setval(:s, :v, :called)"),
                {"s": seq, "v": top or 1, "called": top is not None},
            )


def restore_from(path: Path, eng: Engine | None = None) -> backup.BackupSummary:
    """Restore the backup at ``path`` into the empty database ``eng`` (default: the configured
    one); the summary of what was restored."""
    from alembic import command

    eng = eng or db.create()
    try:
        archive = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile) as exc:
        raise _refused(
            path, "không mở được như tệp sao lưu (.zip).", "cannot be opened as a backup (.zip)."
        ) from exc
    with archive:
        manifest = _manifest(archive, path)
        revision = manifest["schema_revision"]
        if revision not in _known_revisions():
            raise _refused(
                path,
                f"sao lưu theo lược đồ {revision!r}, bộ công cụ này không biết (cần bản mới hơn).",
                f"made at schema revision {revision!r}, unknown to this kit (a newer one is "
                "needed).",
            )
        current = db.current_revision(eng)
        if current is not None:
            with eng.connect() as conn:
                if not _is_empty(conn):
                    raise _not_empty(eng)
        try:  # an empty database made by a newer schema is taken back to the backup's
            if current is not None and current > revision:
                command.downgrade(db._alembic_config(eng), revision)
            command.upgrade(db._alembic_config(eng), revision)
        except SQLAlchemyError as exc:
            raise StoreError(
                f"Không tạo được lược đồ trong {eng.url}: {exc.__class__.__name__}.",
                f"Cannot create the schema in {eng.url}: {exc.__class__.__name__}.",
            ) from exc
        rows = 0
        with eng.begin() as conn:
            if not _is_empty(conn):
                raise _not_empty(eng)
            tables = {t.name: t for t in backup.tables_in_order(conn)}
            for entry in manifest["tables"]:
                rows += _fill(conn, archive, path, entry, tables)
            _reset_counters(conn)
        db.upgrade(eng)
    return backup.BackupSummary(revision, len(manifest["tables"]), rows)


def _not_empty(eng: Engine) -> StoreError:
    where = eng.url.render_as_string(hide_password=True)
    return StoreError(
        f"Cơ sở dữ liệu {where} đã có dữ liệu: chỉ khôi phục vào một cơ sở dữ liệu trống "
        "(thư mục dữ liệu mới, hoặc một cơ sở dữ liệu PostgreSQL mới tạo). Không thay đổi gì.",
        f"The database {where} already holds data: a backup is restored only into an empty one "
        "(a new data folder, or a newly created PostgreSQL database). Nothing was changed.",
    )


def _fill(
    conn: Connection, archive: zipfile.ZipFile, path: Path, entry: Any, tables: dict[str, Any]
) -> int:
    if not isinstance(entry, dict) or entry.get("name") not in tables:
        raise _refused(
            path,
            f"bảng lạ trong bản sao lưu: {str(entry)[:80]}.",
            f"an unknown table in the backup: {str(entry)[:80]}.",
        )
    table = tables[entry["name"]]
    kinds = {c.name: c.type for c in table.columns}
    count, batch = 0, []
    try:
        part = archive.open(str(entry.get("file")))
    except KeyError as exc:
        raise _refused(
            path, f"thiếu phần {entry.get('file')}.", f"the part {entry.get('file')} is missing."
        ) from exc
    with part:
        for row in _lines(part, path, table.name):
            unknown = set(row) - set(kinds)
            if unknown:
                raise _refused(
                    path,
                    f"{table.name}: cột lạ {sorted(unknown)}.",
                    f"{table.name}: unknown columns {sorted(unknown)}.",
                )
            batch.append({k: _typed(v, kinds[k]) for k, v in row.items()})
            count += 1
            if len(batch) >= BATCH:
                conn.execute(insert(table), batch)
                batch = []
    if batch:
        conn.execute(insert(table), batch)
    if count != entry.get("rows"):
        raise _refused(
            path,
            f"{table.name}: có {count} dòng, manifest ghi {entry.get('rows')}.",
            f"{table.name}: {count} rows where the manifest says {entry.get('rows')}.",
        )
    return count

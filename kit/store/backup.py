"""A backup of the whole database as one portable file, whatever the database.

The file is a zip archive anyone can read without the kit (any unzip tool and a text editor):

* ``manifest.json``: the format and its version, the schema revision (Alembic's) the rows follow,
  when it was made, and for each table its columns, its number of rows and its file;
* ``tables/<table>.jsonl``: one JSON object per row (dates and times as ISO 8601 text, times in
  UTC), the tables in the order their foreign keys need.

The rows are read from one snapshot: on SQLite a copy made with SQLite's online backup API (the
fast path; no ``sqlite3`` command needed, so it works on Windows too), on PostgreSQL one
repeatable-read transaction. :mod:`kit.store.restore` reads it back into an empty database of
either kind.
"""

from __future__ import annotations

import io
import json
import sqlite3
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, MetaData, Table, create_engine, select

from kit import __version__
from kit.store import db

FORMAT = "kit407-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
#: the table Alembic keeps its revision in: in the manifest, not copied as rows
VERSION_TABLE = "alembic_version"


@dataclass(frozen=True)
class BackupSummary:
    revision: str
    tables: int
    rows: int


def _plain(value: object) -> object:
    """A value as JSON holds it: times in UTC ISO text, dates ISO, bytes as hex."""
    if isinstance(value, datetime):
        aware = value if value.tzinfo is not None else value.replace(tzinfo=UTC)
        return aware.astimezone(UTC).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bytes | memoryview):
        return bytes(value).hex()
    return value


def tables_in_order(conn: Connection) -> list[Table]:
    """The database's own tables (as they are, whatever its revision), parents first."""
    meta = MetaData()
    meta.reflect(conn)
    return [t for t in meta.sorted_tables if t.name != VERSION_TABLE]


@contextmanager
def _snapshot(eng: Engine) -> Iterator[Connection]:
    """A connection that sees one moment of the database for as long as it is open."""
    if eng.dialect.name == "sqlite" and eng.url.database not in (None, "", ":memory:"):
        with tempfile.TemporaryDirectory(prefix="kit-backup-") as tmp:
            copy = Path(tmp) / "copy.sqlite3"
            source = sqlite3.connect(f"file:{eng.url.database}?mode=ro", uri=True)
            target = sqlite3.connect(copy)
            try:
                source.backup(target)
            finally:
                target.close()
                source.close()
            snap = create_engine(f"sqlite:///{copy}")
            try:
                with snap.connect() as conn:
                    yield conn
            finally:
                snap.dispose()
        return
    options: dict[str, Any] = {}
    if eng.dialect.name == "postgresql":
        options = {"isolation_level": "REPEATABLE READ", "postgresql_readonly": True}
    with eng.connect().execution_options(**options) as conn, conn.begin():
        yield conn


def write_backup(eng: Engine, out: io.RawIOBase | io.BufferedIOBase | Any) -> BackupSummary:
    """Write the archive of every table of ``eng`` to the binary file ``out``."""
    revision = db.current_revision(eng) or ""
    manifest: dict[str, Any] = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "schema_revision": revision,
        "created_at": datetime.now(UTC).isoformat(),
        "kit_version": __version__,
        "database": eng.dialect.name,
        "tables": [],
    }
    total = 0
    with _snapshot(eng) as conn, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for table in tables_in_order(conn):
            name = f"tables/{table.name}.jsonl"
            columns = [c.name for c in table.columns]
            count = 0
            order = list(table.primary_key.columns) or list(table.columns)
            with archive.open(name, "w", force_zip64=True) as part:
                rows = conn.execute(select(table).order_by(*order)).mappings()
                for row in rows:
                    line = {c: _plain(row[c]) for c in columns}
                    part.write(json.dumps(line, ensure_ascii=False).encode("utf-8") + b"\n")
                    count += 1
            manifest["tables"].append(
                {"name": table.name, "file": name, "columns": columns, "rows": count}
            )
            total += count
        archive.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=2))
    return BackupSummary(revision, len(manifest["tables"]), total)


def backup_to(path: Path, eng: Engine | None = None) -> BackupSummary:
    """Write the archive to ``path`` whole or not at all (a partial file is never left)."""
    from kit.core.files import write_output

    buffer = io.BytesIO()
    summary = write_backup(eng or db.engine(), buffer)
    write_output(path, buffer.getvalue())
    return summary

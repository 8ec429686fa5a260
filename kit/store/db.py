"""Opening the database: engine, SQLite pragmas, migrations to the newest schema."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from importlib import resources
from typing import Any

from sqlalchemy import Engine, create_engine, event, inspect, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from kit.core import config
from kit.core.errors import StoreError
from kit.store.models import Setting

#: The newest migration in ``migrations/versions`` (a test keeps it equal to Alembic's head).
HEAD_REVISION = "0012"

#: How long a SQLite writer waits for another writer before giving up (milliseconds).
BUSY_TIMEOUT_MS = 15_000


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


#: schemes a person writes for PostgreSQL, and the driver the kit uses for them (psycopg 3)
POSTGRES_SCHEMES = ("postgresql", "postgres")
POSTGRES_DRIVER = "postgresql+psycopg"


def normal_url(url: str) -> str:
    """``url`` with a plain ``postgresql://`` (or ``postgres://``) scheme given the psycopg 3
    driver; any other URL as it is."""
    scheme, sep, rest = url.partition("://")
    if sep and scheme.lower() in POSTGRES_SCHEMES:
        return f"{POSTGRES_DRIVER}://{rest}"
    return url


def create(url: str | None = None) -> Engine:
    """A new engine for ``url`` (default: the configured database)."""
    url = normal_url(url or config.database_url())
    try:
        parsed = make_url(url)
    except SQLAlchemyError as exc:
        raise StoreError(
            f"Địa chỉ cơ sở dữ liệu không hợp lệ: {url}", f"Invalid database URL: {url}"
        ) from exc
    # statements' parameters (token and PIN hashes) never go into a message or a log
    kwargs: dict[str, Any] = {"future": True, "hide_parameters": True}
    if parsed.get_backend_name() == "sqlite":
        kwargs["connect_args"] = {"timeout": BUSY_TIMEOUT_MS / 1000}
    else:  # a server closes idle connections (restarts, proxies): test them before use
        kwargs["pool_pre_ping"] = True
    try:
        engine = create_engine(url, **kwargs)
    except ModuleNotFoundError as exc:
        raise StoreError(
            "Thiếu trình điều khiển cơ sở dữ liệu cho địa chỉ "
            f"{parsed.render_as_string(hide_password=True)}: với PostgreSQL hãy cài phần bổ "
            "sung postgres (psycopg 3).",
            "The database driver for "
            f"{parsed.render_as_string(hide_password=True)} is missing: for PostgreSQL install "
            "the postgres extra (psycopg 3).",
        ) from exc
    if parsed.get_backend_name() == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def engine() -> Engine:
    """The process-wide engine for the configured database, migrated to the newest schema (one
    per URL: a data folder chosen after a first use, as ``kit db upgrade --data-dir`` does, gets
    its own engine instead of the one already made)."""
    return _engine(normal_url(config.database_url()))


@cache
def _engine(url: str) -> Engine:
    eng = create(url)
    ensure_schema(eng)
    return eng


def current_revision(eng: Engine) -> str | None:
    """The schema revision recorded in the database (None for a new database)."""
    try:
        with eng.connect() as conn:
            return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    except SQLAlchemyError:
        return None


def ensure_schema(eng: Engine) -> None:
    """Migrate only when behind: kernels then never load Alembic (``kit serve`` migrates first)."""
    if current_revision(eng) != HEAD_REVISION:
        upgrade(eng)


def _alembic_config(eng: Engine) -> Any:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option(
        "script_location", str(resources.files("kit").joinpath("store", "migrations"))
    )
    cfg.set_main_option("sqlalchemy.url", eng.url.render_as_string(hide_password=False))
    cfg.attributes["engine"] = eng
    return cfg


#: the advisory lock two servers starting at once on one PostgreSQL take to migrate in turn
MIGRATION_LOCK_ID = 407_2025_0002


@contextmanager
def _migration_lock(eng: Engine) -> Iterator[None]:
    """On PostgreSQL, hold a session advisory lock while migrating (the second server waits,
    then finds the schema done); SQLite's write lock already serialises migrations."""
    if eng.dialect.name != "postgresql":
        yield
        return
    with eng.connect() as conn:
        conn.execute(text("SELECT pg_advisory_lock(:k)"), {"k": MIGRATION_LOCK_ID})
        conn.commit()
        try:
            yield
        finally:
            conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": MIGRATION_LOCK_ID})
            conn.commit()


def upgrade(eng: Engine) -> str:
    """Bring the database to the newest schema; return the revision it is at."""
    from alembic import command
    from alembic.runtime.migration import MigrationContext

    try:
        with _migration_lock(eng):
            command.upgrade(_alembic_config(eng), "head")
        with eng.connect() as conn:
            rev = MigrationContext.configure(conn).get_current_revision()
    except SQLAlchemyError as exc:
        raise StoreError(
            f"Không mở hoặc nâng cấp được cơ sở dữ liệu {eng.url}: {exc.__class__.__name__}.",
            f"Cannot open or upgrade the database {eng.url}: {exc.__class__.__name__}.",
        ) from exc
    return rev or ""


def tables(eng: Engine) -> list[str]:
    return sorted(inspect(eng).get_table_names())


@contextmanager
def session(eng: Engine | None = None) -> Iterator[Session]:
    """A transaction: committed when the block ends, rolled back on error."""
    maker = sessionmaker(eng or engine(), expire_on_commit=False)
    with maker() as sess, sess.begin():
        yield sess


def get_setting(key: str, eng: Engine | None = None) -> str | None:
    with session(eng) as sess:
        return sess.scalar(select(Setting.value).where(Setting.key == key))


def put_setting(key: str, value: str, eng: Engine | None = None) -> None:
    with session(eng) as sess:
        row = sess.get(Setting, key)
        if row is None:
            sess.add(Setting(key=key, value=value))
        else:
            row.value = value

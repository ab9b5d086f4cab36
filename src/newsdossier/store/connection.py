"""Opening a dossier's database: SQLite by file path (the default) or any SQLAlchemy URL (PostgreSQL).

Opening creates missing tables and indexes and refuses a schema newer than this program understands, so a
database made by an older newsdossier keeps working and one made by a newer one is never damaged.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, insert, inspect, make_url, select, text
from sqlalchemy.exc import ArgumentError, OperationalError

from newsdossier.errors import StoreError
from newsdossier.store.schema import SCHEMA_VERSION, meta, metadata

DEFAULT_DB = "newsdossier.db"


def database_url(path_or_url: str | Path) -> str:
    """Accept a plain file path (SQLite) or any SQLAlchemy URL (``postgresql+psycopg://...``)."""
    text = str(path_or_url)
    if "://" in text:
        return text
    return f"sqlite:///{Path(text).expanduser()}"


# Seconds a writer waits for another process's write transaction (a whole recomputation of a large dossier).
SQLITE_BUSY_SECONDS = 600
# Key of the PostgreSQL advisory lock every write transaction holds (an arbitrary constant of this program).
PG_WRITE_LOCK = 0x6E657773
WRITE = "newsdossier_write"


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    """WAL keeps readers unblocked during an ingest and survives a killed writer; NORMAL sync is safe in WAL.

    The driver's own transaction handling is switched off (``isolation_level = None``) so that :func:`_begin`
    decides how each transaction starts."""
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _begin(conn: Connection) -> None:
    """SQLite: a write transaction takes the write lock first (``BEGIN IMMEDIATE``), so nothing it reads (the next
    ``seq``, the ids already stored, whether a table exists) can change before it writes; reads stay deferred and
    never wait for a writer (WAL)."""
    conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get(WRITE) else "BEGIN")


@contextmanager
def writing(engine: Engine) -> Iterator[Connection]:
    """One write transaction, serialised with every other writer of the database, in this process or another:
    SQLite's write lock taken at ``BEGIN``, a PostgreSQL advisory lock held until commit. Writers therefore read
    what they will write only once no other writer can change it, and two ingests into one dossier end as one
    after the other would."""
    with engine.execution_options(**{WRITE: True}).begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": PG_WRITE_LOCK})
        yield conn


def _add_missing_columns(conn: Connection) -> None:
    """``create_all`` only makes missing tables: a table made by an older newsdossier gets the (nullable) columns
    added since here, once, when the database is opened. Rows from before have NULL there, which the stages
    read as "unknown" (an extraction with an unknown publication date is redone)."""
    inspector = inspect(conn)
    for table in metadata.sorted_tables:
        present = {column["name"]: column for column in inspector.get_columns(table.name)}
        for column in table.columns:
            kind = column.type.compile(dialect=conn.dialect)
            if column.name not in present:
                conn.exec_driver_sql(f'ALTER TABLE "{table.name}" ADD COLUMN "{column.name}" {kind}')
            elif conn.dialect.name != "sqlite" and _shorter(present[column.name]["type"], column.type):
                # A string column widened since (SQLite does not enforce lengths, PostgreSQL does).
                conn.exec_driver_sql(f'ALTER TABLE "{table.name}" ALTER COLUMN "{column.name}" TYPE {kind}')


def _shorter(found: Any, wanted: Any) -> bool:
    """Whether a reflected string type holds fewer characters than the declared one."""
    found_length, wanted_length = getattr(found, "length", None), getattr(wanted, "length", None)
    return found_length is not None and wanted_length is not None and found_length < wanted_length


def _create_missing_indexes(conn: Any) -> None:
    """``create_all`` only indexes the tables it creates: a database made by an older newsdossier gets the
    indexes added since (the ones its reads now rely on) here, once, when it is opened."""
    existing: dict[str, set[str]] = {}
    for table in metadata.sorted_tables:
        for index in table.indexes:
            if index.name is None:
                continue
            if table.name not in existing:
                existing[table.name] = {found["name"] for found in _reflected_indexes(conn, table.name)}
            if index.name not in existing[table.name]:
                index.create(conn)


def _reflected_indexes(conn: Any, table: str) -> list[Any]:
    """Index names of ``table``; expression indexes, which SQLAlchemy cannot reflect, are listed too."""
    if conn.dialect.name == "sqlite":
        return [{"name": row[1]} for row in conn.exec_driver_sql(f'PRAGMA index_list("{table}")')]
    return list(inspect(conn).get_indexes(table))


def connect(path_or_url: str | Path) -> Engine:
    """Open (and create if needed) a database, checking that its schema is one we understand."""
    url = database_url(path_or_url)
    try:
        sqlite = make_url(url).get_backend_name() == "sqlite"
        engine = create_engine(url, future=True, connect_args={"timeout": SQLITE_BUSY_SECONDS} if sqlite else {})
    except (ArgumentError, ImportError) as exc:
        raise StoreError(f"cannot open database {url!r}: {exc}") from exc
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _begin)
    try:
        # Under the write lock: a second process opening a new file waits, then finds the tables made.
        with writing(engine) as conn:
            metadata.create_all(conn)
            _add_missing_columns(conn)
            _create_missing_indexes(conn)
            version = conn.execute(select(meta.c.value).where(meta.c.key == "schema_version")).scalar()
            if version is None:
                conn.execute(insert(meta).values(key="schema_version", value=str(SCHEMA_VERSION)))
            elif int(version) > SCHEMA_VERSION:
                raise StoreError(
                    f"database {url!r} has schema version {version}, newer than this newsdossier "
                    f"({SCHEMA_VERSION}); upgrade newsdossier"
                )
    except OperationalError as exc:
        raise StoreError(f"cannot open database {url!r}: {exc.orig}") from exc
    return engine

"""Engines and write transactions that behave the same on PostgreSQL and SQLite."""
from __future__ import annotations

import logging
from contextlib import contextmanager
from typing import Callable, Iterator

from sqlalchemy import Connection, Engine, create_engine, event

log = logging.getLogger(__name__)


def make_engine(url: str, **kwargs) -> Engine:
    """Create an engine; SQLite gets WAL, a busy timeout and explicit BEGINs.

    pysqlite's own transaction handling defers BEGIN and cannot take the write
    lock up front, so a read-then-write transaction could fail with SQLITE_BUSY.
    Write transactions opened with `write_transaction` start with BEGIN IMMEDIATE.
    """
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    # An error names the statement, never its values (personal data, in the logs).
    kwargs.setdefault("hide_parameters", True)
    if url.startswith("sqlite"):
        kwargs.setdefault("connect_args", {}).setdefault("check_same_thread", False)
        engine = create_engine(url, **kwargs)
        _configure_sqlite(engine)
        return engine
    return create_engine(url, **kwargs)


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        dbapi_connection.isolation_level = None  # we issue BEGIN ourselves
        cursor = dbapi_connection.cursor()
        if engine.url.database not in (None, "", ":memory:"):
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA busy_timeout=30000")
        # What is deleted or overwritten (an erased person's rows) is zeroed in the file,
        # free pages included, instead of lingering until the page is reused.
        cursor.execute("PRAGMA secure_delete=ON")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection):
        immediate = conn.get_execution_options().get("sqlite_immediate", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def is_postgres(engine_or_conn) -> bool:
    return engine_or_conn.dialect.name == "postgresql"


AFTER_COMMIT = "argan_after_commit"


@contextmanager
def write_transaction(engine: Engine) -> Iterator[Connection]:
    """One write transaction; on SQLite it holds the write lock from its start. What the
    transaction asked for with `after_commit` runs once it has committed."""
    with engine.connect() as conn:
        conn.execution_options(sqlite_immediate=True)
        try:
            with conn.begin():
                yield conn
            for call in conn.info.get(AFTER_COMMIT, ()):
                try:
                    call(conn)
                except Exception:  # committed already: the caller must not think otherwise
                    log.exception("after the commit, %s failed", getattr(call, "__name__", call))
        finally:
            conn.info.pop(AFTER_COMMIT, None)


def after_commit(conn: Connection, call: Callable[[Connection], None]) -> None:
    """Run `call(conn)` once the write transaction `conn` (of `write_transaction`) has
    committed, outside it; never if it rolls back. Asked twice, it runs once; its failure
    is logged, not raised (the transaction stands)."""
    calls = conn.info.setdefault(AFTER_COMMIT, [])
    if call not in calls:
        calls.append(call)


def truncate_wal(conn: Connection) -> bool:
    """SQLite: copy the write-ahead log into the database file and empty it (the WAL keeps
    the images of overwritten pages, an erased person's among them, until then). Run
    outside a transaction; True if the whole log was copied (no reader held it back).
    Nothing to do elsewhere."""
    if conn.dialect.name != "sqlite" or conn.engine.url.database in (None, "", ":memory:"):
        return True
    # On the DBAPI connection, in autocommit: SQLAlchemy would open a transaction first.
    raw = conn.connection.driver_connection
    busy, _log, _copied = raw.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    return busy == 0


def escape_like(text: str) -> str:
    """`text` matched literally inside a LIKE pattern whose escape character is the
    backslash (`column.like(f"%{escape_like(word)}%", escape="\\")`)."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")

"""Scanners for strings that must not be anywhere: every text-like column of every table
of a database (PostgreSQL or SQLite), the raw bytes of SQLite's files (database, WAL,
shared memory: free pages and old page images included) and the messages waiting in
RabbitMQ queues (read without being taken).

A test of erasure runs them before the erasure too (the positive control: they find the
strings) and after it (they find nothing). Strings are matched case-insensitively; use
ASCII ones (JSON columns may store other characters escaped)."""
from __future__ import annotations

from pathlib import Path
from typing import Iterable

from sqlalchemy import Engine, text

from shared.db import is_postgres

PG_TEXT_TYPES = ("text", "character varying", "character", "json", "jsonb", "ARRAY",
                 "USER-DEFINED", "xml")
SQLITE_SUFFIXES = (".db", ".db-wal", ".db-shm", ".sqlite", ".sqlite-wal", ".sqlite-shm",
                   ".db-journal")


def database_hits(engine: Engine, strings: Iterable[str]) -> dict[str, list[str]]:
    """{string: ["table.column", ...]} for every string found in some row of a text, JSON
    or binary column of any table of the database behind `engine` (absent strings left
    out)."""
    strings = list(strings)
    columns = _pg_columns(engine) if is_postgres(engine) else _sqlite_columns(engine)
    found: dict[str, list[str]] = {}
    with engine.connect() as conn:
        for table, column, kind in columns:
            for needle in strings:
                if conn.execute(_match(engine, table, column, kind), {"n": needle}).first():
                    found.setdefault(needle, []).append(f"{table}.{column}")
    return found


def _pg_columns(engine: Engine) -> list[tuple[str, str, str]]:
    with engine.connect() as conn:
        rows = conn.execute(text(
            "SELECT table_name, column_name, data_type FROM information_schema.columns "
            "WHERE table_schema = 'public' AND (data_type = ANY(:types) OR data_type = 'bytea')"
            " ORDER BY table_name, ordinal_position"), {"types": list(PG_TEXT_TYPES)}).all()
    return [tuple(r) for r in rows]


def _sqlite_columns(engine: Engine) -> list[tuple[str, str, str]]:
    """Every column of every table: SQLite stores any value in any column."""
    with engine.connect() as conn:
        tables = conn.exec_driver_sql(
            "SELECT name FROM sqlite_master WHERE type = 'table' "
            "AND name NOT LIKE 'sqlite_%'").scalars().all()
        return [(t, c[1], c[2]) for t in tables
                for c in conn.exec_driver_sql(f'PRAGMA table_info("{t}")').all()]


def _match(engine: Engine, table: str, column: str, kind: str):
    if is_postgres(engine):
        if kind == "bytea":  # ASCII bytes stay themselves in the escape encoding
            condition = f'position(lower(:n) in lower(encode("{column}", \'escape\'))) > 0'
        else:
            condition = f'"{column}"::text ILIKE \'%\' || :n || \'%\''
    else:  # LIKE is case-insensitive for ASCII; a BLOB is compared as its bytes
        condition = f'CAST("{column}" AS TEXT) LIKE \'%\' || :n || \'%\''
    return text(f'SELECT 1 FROM "{table}" WHERE {condition} LIMIT 1')


def files_containing(directory: Path | str, strings: Iterable[str],
                     suffixes: tuple[str, ...] = SQLITE_SUFFIXES) -> dict[str, list[str]]:
    """{string: [file names relative to `directory`]} for every string whose UTF-8 bytes
    (any ASCII case) are in a SQLite file under `directory`."""
    directory = Path(directory)
    needles = {s: s.encode().lower() for s in strings}
    found: dict[str, list[str]] = {}
    for path in sorted(p for p in directory.rglob("*") if p.is_file()
                       and p.name.endswith(suffixes)):
        content = path.read_bytes().lower()
        for string, needle in needles.items():
            if needle in content:
                found.setdefault(string, []).append(str(path.relative_to(directory)))
    return found


def queue_hits(amqp_url: str, queues: Iterable[str],
               strings: Iterable[str]) -> tuple[dict[str, list[str]], dict[str, int]]:
    """({string: [queue, ...]}, {queue: messages read}) over the messages waiting in each
    of `queues` (bodies and headers). Messages are read without acknowledgement and go
    back when the channel closes; a queue that does not exist is left out of the counts.
    Messages a consumer holds unacknowledged are not visible: scan once it is idle."""
    from kombu.exceptions import ChannelError
    from amqp.exceptions import NotFound

    from shared.messaging.topology import open_connection

    needles = {s: s.encode().lower() for s in strings}
    found: dict[str, list[str]] = {}
    counts: dict[str, int] = {}
    with open_connection(amqp_url) as connection:
        connection.ensure_connection(max_retries=3)
        for queue in queues:
            channel = connection.channel()
            try:
                _name, waiting, _consumers = channel.queue_declare(queue, passive=True)
            except (ChannelError, NotFound):
                continue
            seen = 0
            try:
                for _ in range(waiting):
                    message = channel.basic_get(queue, no_ack=False)
                    if message is None:
                        break
                    seen += 1
                    body = message.body if isinstance(message.body, bytes) else \
                        message.body.encode()
                    raw = (body + repr(message.headers or {}).encode()).lower()
                    for string, needle in needles.items():
                        if needle in raw and queue not in found.get(string, []):
                            found.setdefault(string, []).append(queue)
            finally:
                channel.close()  # unacknowledged: every message read goes back
            counts[queue] = seen
    return found, counts

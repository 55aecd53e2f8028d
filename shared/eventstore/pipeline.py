"""Fewer round trips in a write transaction on PostgreSQL.

Within `EventStore.transaction()` on PostgreSQL, the append and the rows that projectors
write with `insert_row` / `update_row` are held back, then sent together with the COMMIT
in one message: one round trip for BEGIN, append, projection rows and COMMIT, where each
used to cost its own (a psycopg pipeline would do the same at a higher cost in Python).
When the whole transaction is INSERTs and one append (a new person: key, event, people
row), it goes as one prepared statement (`one_statement`) straight to libpq (wire.py).
Any other statement on the connection (through SQLAlchemy: a projector reading a row,
`store.load(conn=...)`) first sends what is held back and waits for it, so every
statement still sees the writes before it, in order, and an error surfaces there at the
latest. A refused append (stale version, or a writer racing on the
same stream) becomes a ConcurrencyError when its answer arrives; nothing of the
transaction is kept.

Elsewhere (SQLite, or a connection outside `EventStore.transaction()`) `insert_row` and
`update_row` execute at once through SQLAlchemy, with statements built once per shape.
"""
from __future__ import annotations

import json
from typing import Any, Callable

import psycopg
from psycopg import pq
from sqlalchemy import JSON, Connection, Engine, Table, and_, bindparam, event, exc

from . import wire

BATCH = "argan.held_back"  # key in the connection's info while a transaction holds writes


def is_conflict(error: Exception) -> bool:
    """The append's version check refused it, or a racing writer took the version first,
    or made the first key of the same person (crypto-shredding): decide again."""
    if isinstance(error, psycopg.errors.RaiseException):
        return "argan_concurrency:" in str(error)
    if isinstance(error, psycopg.errors.UniqueViolation):
        return "uq_events_stream_version" in str(error) or "personal_keys_pkey" in str(error)
    return False


class HeldBack:
    """The statements of one write transaction not sent yet, in order."""

    def __init__(self, driver: psycopg.Connection, conflict: Callable[[str, int], Exception]):
        self.driver = driver
        self.statements: list[tuple[str, tuple]] = []
        self.append: tuple[str, int] | None = None  # (stream, expected) of a held-back append
        self._conflict = conflict

    def add(self, sql: str, params: tuple) -> None:
        self.statements.append((sql, params))

    def add_append(self, sql: str, params: tuple, stream_id: str, expected: int) -> None:
        if self.append is not None:  # one append per round trip: a refusal names its stream
            self.send()
        self.statements.append((sql, params))
        self.append = (stream_id, expected)

    def send(self, commit: bool = False) -> None:
        """Send what is held back (and COMMIT) as one message, and wait for the answer."""
        statements, self.statements = self.statements, []
        append, self.append = self.append, None
        if not statements:
            return  # SQLAlchemy commits what it began, if anything
        driver = self.driver
        # The whole transaction in one message: BEGIN too, rather than psycopg's own BEGIN
        # in a round trip of its own (the connection is back to IDLE after the COMMIT).
        begin = commit and driver.pgconn.transaction_status == pq.TransactionStatus.IDLE
        if begin and only_inserts(statements, append is not None):
            try:
                return self._send_as_one(statements, append)
            except wire.Unsupported:
                pass  # a parameter of a type wire.py does not send: as below
        sql = ";".join(s for s, _ in statements) + (";COMMIT" if commit else "")
        params = tuple(p for _, values in statements for p in values)
        try:
            if begin:
                driver.autocommit = True
                sql = "BEGIN;" + sql
            # Several statements in one message: the simple query protocol, whose
            # parameters psycopg binds client side (quoted as literals, never spliced).
            psycopg.ClientCursor(driver).execute(sql, params, prepare=False)
        except psycopg.Error as error:
            if begin:
                driver.rollback()
            self._raise(error, sql, append)
        finally:
            if begin:
                driver.autocommit = False

    def _send_as_one(self, statements: list[tuple[str, tuple]],
                     append: tuple[str, int] | None) -> None:
        """A whole transaction of INSERTs and one append as one prepared statement, which
        commits on its own (see one_statement)."""
        sql, params = one_statement(statements)
        try:
            wire.execute(self.driver, sql, params)
        except psycopg.Error as error:  # the statement's implicit transaction is undone
            self._raise(error, sql, append)

    def _raise(self, error: psycopg.Error, sql: str, append: tuple[str, int] | None):
        if append is not None and is_conflict(error):
            raise self._conflict(*append) from None
        raise exc.DBAPIError.instance(sql, None, error, psycopg.Error) from error


def only_inserts(statements: list[tuple[str, tuple]], with_append: bool) -> bool:
    """Whether the statements are INSERTs but for one append (which reads only its stream)."""
    others = sum(1 for s, _ in statements if not s.startswith("INSERT "))
    return others == (1 if with_append else 0)


def one_statement(statements: list[tuple[str, tuple]]) -> tuple[str, tuple]:
    """INSERTs (and an append) as one statement: the INSERTs as data-modifying WITH
    queries, the append (else the last INSERT) as the main one. Sent outside a transaction
    block it is a transaction of its own, BEGIN to COMMIT in one round trip and prepared.
    It does what they do one after the other because INSERTs read nothing (each WITH
    query sees the snapshot of the statement, not the rows of the others; constraints are
    checked on every row, the foreign keys once they are all in), and the append reads
    only the `events` table, which no projection row goes to."""
    if len(statements) == 1:
        return statements[0]
    main = next((i for i, (s, _) in enumerate(statements) if not s.startswith("INSERT ")),
                len(statements) - 1)
    ctes = [st for i, st in enumerate(statements) if i != main]
    sql = with_queries([f"argan_w{i} AS ({s})" for i, (s, _) in enumerate(ctes)],
                       statements[main][0])
    params = tuple(p for _, values in ctes for p in values) + tuple(statements[main][1])
    return sql, params


def with_queries(queries: list[str], main: str) -> str:
    """`main` with the WITH queries `queries` before its own (if it has some); those of
    `queries` nobody reads run after the main query."""
    if main.startswith("WITH "):
        return "WITH " + ", ".join(queries) + ", " + main[len("WITH "):]
    return "WITH " + ", ".join(queries) + " " + main


def hold_back_writes(engine: Engine) -> None:
    """Make every statement run through SQLAlchemy on `engine` first send what its
    connection holds back (once per engine)."""
    if not event.contains(engine, "before_cursor_execute", _send_held_back):
        event.listen(engine, "before_cursor_execute", _send_held_back)


def _send_held_back(conn, cursor, statement, parameters, context, executemany):
    held = conn.info.get(BATCH)
    if held is not None and (held.statements or held.append):
        held.send()


# -- writing projection rows ------------------------------------------------------------------

def insert_row(conn: Connection, table: Table, values: dict[str, Any]) -> None:
    """INSERT one row of a read table in the append transaction (held back on PostgreSQL)."""
    held = conn.info.get(BATCH)
    names = tuple(values)
    if held is None:
        conn.execute(_statement("insert", table, (), names), values)
        return
    sql, json_columns = _sql("insert", table, (), names)
    held.add(sql, _params(values, names, json_columns))


def update_row(conn: Connection, table: Table, where: dict[str, Any],
               values: dict[str, Any]) -> None:
    """UPDATE the rows of a read table whose columns equal `where` (plain values only)."""
    held = conn.info.get(BATCH)
    keys, names = tuple(where), tuple(values)
    if held is None:
        conn.execute(_statement("update", table, keys, names),
                     {**{f"w_{k}": v for k, v in where.items()}, **values})
        return
    sql, json_columns = _sql("update", table, keys, names)
    held.add(sql, _params(values, names, json_columns) + tuple(where[k] for k in keys))


def _params(values: dict, names: tuple, json_columns: frozenset) -> tuple:
    return tuple(json.dumps(values[n]) if n in json_columns else values[n] for n in names)


_SQL: dict[tuple, tuple[str, frozenset]] = {}
_STATEMENTS: dict[tuple, Any] = {}


def _sql(kind: str, table: Table, keys: tuple, names: tuple) -> tuple[str, frozenset]:
    """psycopg SQL of one shape of statement, built once."""
    found = _SQL.get((kind, table, keys, names))
    if found is None:
        json_columns = frozenset(n for n in names if isinstance(table.c[n].type, JSON))
        marks = ["%s::json" if n in json_columns else "%s" for n in names]
        if kind == "insert":
            columns = ", ".join(f'"{n}"' for n in names)
            sql = f'INSERT INTO "{table.name}" ({columns}) VALUES ({", ".join(marks)})'
        else:
            sets = ", ".join(f'"{n}" = {m}' for n, m in zip(names, marks))
            sql = (f'UPDATE "{table.name}" SET {sets} WHERE '
                   + " AND ".join(f'"{k}" = %s' for k in keys))
        found = _SQL[(kind, table, keys, names)] = (sql, json_columns)
    return found


def _statement(kind: str, table: Table, keys: tuple, names: tuple):
    """The SQLAlchemy statement of one shape, built once (its compiled form is cached)."""
    found = _STATEMENTS.get((kind, table, keys, names))
    if found is None:
        if kind == "insert":
            found = table.insert()
        else:
            found = table.update().where(and_(*(table.c[k] == bindparam(f"w_{k}")
                                                for k in keys)))
        _STATEMENTS[(kind, table, keys, names)] = found
    return found

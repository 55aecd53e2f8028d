"""The store's hot statements sent straight through libpq (psycopg's `pq` layer).

A psycopg cursor spends about 100 µs of Python per execute (adapting, the result's
machinery, its waiting loop): as much as the round trip of a small INSERT. The appends and
the transactions made only of held-back INSERTs (pipeline.py) are few shapes of statement
sent again and again, so they go to libpq directly: prepared once per connection, their
parameters sent as text (bytes in binary), their types inferred by the server from the
statement (columns, the function's arguments, explicit casts). Errors are psycopg's own
exceptions (UniqueViolation, RaiseException...), as from a cursor.

Only for statements whose placeholders the server can type from context, and on a
connection that is in autocommit or inside a transaction: on an idle connection a
statement sent here commits on its own (psycopg's implicit BEGIN is bypassed).
"""
from __future__ import annotations

import datetime as dt
import decimal
import itertools
import re
import uuid
import weakref
from typing import Any, Sequence

import psycopg
from psycopg import pq

MAX_PREPARED = 200  # shapes kept prepared per connection; more are sent unnamed

_PLACEHOLDER = re.compile(r"%s|%%")
_prepared: "weakref.WeakKeyDictionary[pq.PGconn, dict[str, bytes]]" = weakref.WeakKeyDictionary()
_numbered: dict[str, bytes] = {}
_names = itertools.count()
_OK = (pq.ExecStatus.COMMAND_OK, pq.ExecStatus.TUPLES_OK)


class Unsupported(TypeError):
    """A parameter this module does not send (the caller uses a cursor instead)."""


def encode(params: Sequence[Any]) -> tuple[list[bytes | None], list[int]]:
    """Each parameter as libpq takes it: (values, formats), text but for bytes."""
    values: list[bytes | None] = []
    formats: list[int] = []
    for value in params:
        kind = type(value)
        if value is None:
            values.append(None)
        elif kind is str:
            values.append(value.encode())
        elif kind is bool:
            values.append(b"t" if value else b"f")
        elif kind is int:
            values.append(str(value).encode())
        elif kind is bytes:
            values.append(value)
            formats.append(1)
            continue
        elif kind is dt.datetime or kind is dt.date:
            values.append(value.isoformat().encode())
        elif kind is float:
            values.append(repr(value).encode())
        elif kind is decimal.Decimal or kind is uuid.UUID:
            values.append(str(value).encode())
        else:
            raise Unsupported(kind.__name__)
        formats.append(0)
    return values, formats


def execute(driver: psycopg.Connection, sql: str, params: Sequence[Any], *,
            again: bool = True) -> pq.PGresult:
    """Run `sql` (psycopg placeholders: %s) with `params`, prepared on first use."""
    values, formats = encode(params)  # before anything is sent
    pgconn = driver.pgconn
    names = _prepared.get(pgconn)
    if names is None:
        if driver.info.encoding != "utf-8":  # what encode() writes
            raise Unsupported(driver.info.encoding)
        names = _prepared[pgconn] = {}
    name = names.get(sql)
    if name is None:
        query = _numbered.get(sql) or _number(sql)
        if len(names) >= MAX_PREPARED:
            return _checked(pgconn.exec_params(query, values, None, formats), driver)
        name = f"argan_{next(_names)}".encode()  # never one the session may still hold
        _checked(pgconn.prepare(name, query), driver)
        names[sql] = name
    try:
        return _checked(pgconn.exec_prepared(name, values, formats), driver)
    except psycopg.errors.InvalidSqlStatementName:
        # The session lost its prepared statements: psycopg sends DEALLOCATE ALL after a
        # ROLLBACK once it has prepared some of its own. Outside a transaction block the
        # failed statement left nothing behind: prepare again and run it once more.
        if not again or pgconn.transaction_status != pq.TransactionStatus.IDLE:
            raise
        names.clear()
        return execute(driver, sql, params, again=False)


def _number(sql: str) -> bytes:
    count = 0

    def mark(match: re.Match) -> str:
        nonlocal count
        if match.group() == "%%":
            return "%"
        count += 1
        return f"${count}"

    if len(_numbered) > 1000:
        _numbered.clear()
    query = _numbered[sql] = _PLACEHOLDER.sub(mark, sql).encode()
    return query


def _checked(result: pq.PGresult, driver: psycopg.Connection) -> pq.PGresult:
    if result.status not in _OK:
        raise psycopg.errors.error_from_result(result, encoding=driver.info.encoding)
    return result

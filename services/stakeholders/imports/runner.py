"""The import itself: one ordinary command per row (its schema, the real handler), with the
importing staff member as actor and the import id as correlation id. Progress is written to
the `imports` table every PROGRESS_EVERY seconds (a write per row would cost a commit per
row) and at the end; the report lists the imported and the skipped rows by line.

Rows go GROUP at a time into one transaction (a commit per row is most of what a row costs
the database). A group is all or nothing: if any of its rows fails (a refused row, a
conflict, a database error), the transaction is rolled back and each row of the group runs
again alone, in a transaction of its own, exactly as without grouping. So no row is lost
or half-written, a refused row is reported on its own line, and a group's rows count as
imported only once their commit has succeeded."""
from __future__ import annotations

import itertools
import logging
import threading
from typing import Any, Callable

from marshmallow import ValidationError

from shared.db import is_postgres
from shared.eventstore import DomainError, Metadata, UnitOfWork

from ..handlers import register_person
from ..organisations.handlers import register_organisation
from . import checks, tables

log = logging.getLogger(__name__)
HANDLERS = {"people": register_person, "organisations": register_organisation}
PROGRESS_EVERY = 0.5  # seconds; the progress page polls about every second
WRITERS = 4           # rows imported at once (PostgreSQL; the pool holds 5 + 10 overflow)
GROUP = 10            # rows per transaction (see above)


def N_(message: str) -> str:
    return message


def run_import(engine, store, projectors, import_id: str, actor: str | None) -> dict[str, Any]:
    """Imports the rows of a started import; the report {imported, skipped: [{line, errors}]}.

    On PostgreSQL WRITERS threads take the rows in turn (each row still its own command
    and transaction): one waits for its commit while another decides the next row."""
    record = tables.get(engine, import_id)
    kind, rows = record["kind"], record["rows"]["rows"]
    run = _Run(kind, iter(rows), record["skip_duplicates"], store, projectors,
               Metadata(actor=actor, correlation_id=import_id))
    threads = [threading.Thread(target=run.work, name=f"argan-import-{n}", daemon=True)
               for n in range(WRITERS if is_postgres(engine) else 1)]
    for thread in threads:
        thread.start()
    for thread in threads:
        while thread.is_alive():
            thread.join(PROGRESS_EVERY)
            tables.progress(engine, import_id, run.done, run.failed)
    if run.error is not None:  # a broken database: say so on the progress page, keep what was done
        log.error("import %s stopped", import_id, exc_info=run.error)
        tables.progress(engine, import_id, run.done, run.failed, status="failed",
                        report={**run.report(), "stopped": True})
        raise run.error
    report = run.report()
    tables.progress(engine, import_id, run.done, run.failed, status="done", report=report)
    return report


class _Run:
    """The rows still to import, shared by the writers, and what became of the others."""

    def __init__(self, kind, rows, skip_duplicates, store, projectors, metadata):
        self.kind, self.rows, self.skip_duplicates = kind, rows, skip_duplicates
        self.store, self.projectors, self.metadata = store, projectors, metadata
        self.imported: list[dict[str, Any]] = []
        self.skipped: list[dict[str, Any]] = []
        self.done = self.failed = 0
        self.error: Exception | None = None
        self._lock = threading.Lock()

    def report(self) -> dict[str, Any]:
        by_line = lambda entry: entry["line"]  # noqa: E731
        return {"imported": sorted(self.imported, key=by_line),
                "skipped": sorted(self.skipped, key=by_line)}

    def _next(self) -> list:
        with self._lock:
            return [] if self.error is not None else list(itertools.islice(self.rows, GROUP))

    def work(self) -> None:
        schema = checks.SCHEMAS[self.kind]()  # one per thread, loaded once per row
        alone = UnitOfWork(self.store, self.projectors, self.metadata)
        while group := self._next():
            try:
                outcomes = self._together(schema, group) if len(group) > 1 else None
                if outcomes is None:  # one row, or the group failed: each row alone
                    outcomes = [self._one(alone, schema, row) for row in group]
            except Exception as exc:  # the database broke: every writer stops
                with self._lock:
                    self.error = self.error or exc
                return
            self._record(outcomes)

    def _together(self, schema, group) -> list | None:
        """The outcomes of the rows of `group` committed in one transaction, or None (and
        nothing written) if one of them failed in any way."""
        try:
            with self.store.transaction() as conn:
                uow = _InTransaction(self.store, self.projectors, self.metadata, conn)
                outcomes = []
                for row in group:
                    outcome = self._one(uow, schema, row)
                    if outcome[0] is None and not self._skipped_as_asked(row):
                        raise _Retry  # a refused row: reported by its own attempt
                    outcomes.append(outcome)
        except Exception:  # rolled back; the rows run again alone, where errors surface
            return None
        return outcomes

    def _record(self, outcomes) -> None:
        with self._lock:
            for imported, skipped in outcomes:
                if imported:
                    self.imported.append(imported)
                    self.done += 1
                else:
                    self.skipped.append(skipped)
                    self.failed += 1

    def _skipped_as_asked(self, row) -> bool:
        return bool(self.skip_duplicates and row.get("duplicates"))

    def _one(self, uow, schema, row):
        """({line, id}, None) for an imported row, (None, {line, errors...}) for a skipped one."""
        if self._skipped_as_asked(row):
            return None, {"line": row["line"], "duplicate": True, "errors": {
                "_schema": [N_("Likely duplicate: skipped as asked.")]},
                "duplicates": row["duplicates"]}
        try:
            command = schema.load(row["data"])
            aggregate = HANDLERS[self.kind](uow, command)
        except ValidationError as exc:
            return None, {"line": row["line"], "errors": checks.messages_by_field(exc.messages)}
        except DomainError as exc:
            return None, {"line": row["line"], "errors": {exc.field or "_schema": [exc.message]}}
        return {"line": row["line"], "id": aggregate.id}, None


class _Retry(Exception):
    """A row of a group was refused: the group is rolled back and its rows run alone."""


class _InTransaction(UnitOfWork):
    """A unit of work whose saves join a transaction already open (a group of rows)."""

    def __init__(self, store, projectors, metadata, conn):
        super().__init__(store, projectors, metadata)
        self.conn = conn

    def save(self, aggregate):
        if not aggregate.pending:
            return []
        stored = self.store.append(aggregate.id, aggregate.stream_type, aggregate.decided_on,
                                   aggregate.pending, self.metadata, conn=self.conn)
        for project in self.projectors:
            project(self.conn, stored)
        aggregate.pending = []
        return stored


Runner = Callable[[Callable[[], Any]], None]


def in_thread(job: Callable[[], Any]) -> None:
    """The default runner: a daemon thread started by the request (embedded and gunicorn)."""
    def safely():
        try:
            job()
        except Exception:  # already logged and recorded as failed
            pass
    threading.Thread(target=safely, name="argan-import", daemon=True).start()


def synchronously(job: Callable[[], Any]) -> None:
    """For tests: run the import within the request."""
    try:
        job()
    except Exception:
        pass

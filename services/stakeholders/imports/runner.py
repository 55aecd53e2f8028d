"""The import itself: one ordinary command per row, each in its own unit of work, with the
importing staff member as actor and the import id as correlation id. Progress is written to
the `imports` table as it goes (at most every PROGRESS_EVERY seconds: a write per row would
cost a commit per row) and at the end; the report lists the skipped rows by line."""
from __future__ import annotations

import logging
import threading
import time
from typing import Any, Callable

from marshmallow import ValidationError

from shared.eventstore import DomainError, Metadata, UnitOfWork

from ..handlers import register_person
from ..organisations.handlers import register_organisation
from . import checks, tables

log = logging.getLogger(__name__)
HANDLERS = {"people": register_person, "organisations": register_organisation}
PROGRESS_EVERY = 0.5  # seconds; the progress page polls about every second


def N_(message: str) -> str:
    return message


def run_import(engine, store, projectors, import_id: str, actor: str | None) -> dict[str, Any]:
    """Imports the rows of a started import; the report {imported, skipped: [{line, errors}]}."""
    record = tables.get(engine, import_id)
    kind, rows = record["kind"], record["rows"]["rows"]
    imported: list[dict[str, Any]] = []
    skipped: list[dict[str, Any]] = []
    done = failed = 0
    schema = checks.SCHEMAS[kind]()
    shown = time.monotonic()
    try:
        for row in rows:
            if record["skip_duplicates"] and row.get("duplicates"):
                skipped.append({"line": row["line"], "duplicate": True, "errors": {
                    "_schema": [N_("Likely duplicate: skipped as asked.")]},
                    "duplicates": row["duplicates"]})
                failed += 1
            else:
                uow = UnitOfWork(store, projectors, Metadata(actor=actor,
                                                             correlation_id=import_id))
                try:
                    command = schema.load(row["data"])
                    aggregate = HANDLERS[kind](uow, command)
                except ValidationError as exc:
                    skipped.append({"line": row["line"],
                                    "errors": checks.messages_by_field(exc.messages)})
                    failed += 1
                except DomainError as exc:
                    skipped.append({"line": row["line"],
                                    "errors": {exc.field or "_schema": [exc.message]}})
                    failed += 1
                else:
                    imported.append({"line": row["line"], "id": aggregate.id})
                    done += 1
            if time.monotonic() - shown >= PROGRESS_EVERY:
                tables.progress(engine, import_id, done, failed)
                shown = time.monotonic()
    except Exception:  # a broken database: say so on the progress page, keep what was done
        log.exception("import %s stopped", import_id)
        tables.progress(engine, import_id, done, failed, status="failed", report={
            "imported": imported, "skipped": skipped, "stopped": True})
        raise
    report = {"imported": imported, "skipped": skipped}
    tables.progress(engine, import_id, done, failed, status="done", report=report)
    return report


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

"""The `imports` table: the parsed rows kept between preview and import, progress, report."""
from __future__ import annotations

import datetime as dt
import uuid
from typing import Any, Callable

from sqlalchemy import (JSON, Boolean, Column, DateTime, Engine, Integer, MetaData, String,
                        Table, insert, select, update)

from shared.eventstore import NotFound
from shared.eventstore.shredding import ERASED_TEXT

metadata = MetaData()

imports = Table(
    "imports", metadata,
    Column("id", String(36), primary_key=True),
    Column("kind", String(16), nullable=False),
    Column("filename", String(255), nullable=False),
    Column("rows", JSON, nullable=False),  # {"mapping", "ignored", "rows": [{line, data, ...}]}
    Column("status", String(16), nullable=False),  # previewed, running, done, failed
    Column("skip_duplicates", Boolean, nullable=False, default=True),
    Column("created_by", String(64)),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("total", Integer, nullable=False),
    Column("done", Integer, nullable=False),
    Column("failed", Integer, nullable=False),
    Column("report", JSON),
)


def create(engine: Engine, kind: str, filename: str, content: dict[str, Any],
           created_by: str | None) -> str:
    import_id = str(uuid.uuid4())
    with engine.begin() as conn:
        conn.execute(insert(imports).values(
            id=import_id, kind=kind, filename=filename[:255], rows=content, status="previewed",
            skip_duplicates=True, created_by=created_by,
            created_at=dt.datetime.now(dt.timezone.utc), total=len(content["rows"]), done=0,
            failed=0, report=None))
    return import_id


def get(engine: Engine, import_id: str) -> dict[str, Any]:
    with engine.connect() as conn:
        row = conn.execute(select(imports).where(imports.c.id == import_id)).mappings().first()
    if row is None:
        raise NotFound("import", import_id)
    return dict(row)


def state(engine: Engine, import_id: str) -> dict[str, Any]:
    """The record without its rows but with their column mapping: what the progress bar
    polls (the rows of a large import are megabytes of JSON, decoded at every poll)."""
    columns = [c for c in imports.c if c.name != "rows"]
    columns.append(imports.c.rows["mapping"].label("mapping"))
    with engine.connect() as conn:
        row = conn.execute(select(*columns).where(imports.c.id == import_id)).mappings().first()
    if row is None:
        raise NotFound("import", import_id)
    return dict(row)


def start(engine: Engine, import_id: str, skip_duplicates: bool) -> bool:
    """previewed -> running; False when it was already started (by another request)."""
    with engine.begin() as conn:
        result = conn.execute(update(imports).where(imports.c.id == import_id,
                                                    imports.c.status == "previewed")
                              .values(status="running", skip_duplicates=skip_duplicates))
    return result.rowcount == 1


def progress(engine: Engine, import_id: str, done: int, failed: int,
             status: str | None = None, report: dict | None = None) -> None:
    values: dict[str, Any] = {"done": done, "failed": failed}
    if status:
        values["status"] = status
    if report is not None:
        values["report"] = report
    with engine.begin() as conn:
        conn.execute(update(imports).where(imports.c.id == import_id).values(**values))


# -- erasure -------------------------------------------------------------------------------

ERASED_ROW = {"erased": True, "data": {}, "errors": {}, "duplicates": []}


def scrub_person(conn, person_id: str, is_theirs: Callable[[dict[str, Any]], bool]) -> int:
    """In `conn`'s transaction, the uploaded rows of a person being erased emptied: the
    rows that produced their record and those `is_theirs(data)` recognises (a preview
    never imported), and their name where a row was reported as their duplicate. Returns
    how many imports changed. Erasures are rare: every people import is read."""
    changed = 0
    found = conn.execute(select(imports.c.id, imports.c.rows, imports.c.report)
                         .where(imports.c.kind == "people")).mappings().all()
    for record in found:
        report = record["report"] or {}
        lines = {i["line"] for i in report.get("imported") or () if i.get("id") == person_id}
        content = record["rows"] or {}
        lines |= {row.get("line") for row in content.get("rows") or ()
                  if is_theirs(row.get("data") or {})}
        rows = [_scrubbed(row, person_id, row.get("line") in lines)
                for row in content.get("rows") or ()]
        skipped = [_scrubbed(s, person_id, s.get("line") in lines)
                   for s in report.get("skipped") or ()]
        new_content = {**content, "rows": rows}
        new_report = {**report, "skipped": skipped} if record["report"] else record["report"]
        if new_content != content or new_report != record["report"]:
            conn.execute(update(imports).where(imports.c.id == record["id"])
                         .values(rows=new_content, report=new_report))
            changed += 1
    return changed


def _scrubbed(row: dict[str, Any], person_id: str, theirs: bool) -> dict[str, Any]:
    if theirs:
        return {"line": row.get("line"), **ERASED_ROW}
    duplicates = [{**d, "name": ERASED_TEXT} if d.get("id") == person_id and "name" in d else d
                  for d in row.get("duplicates") or ()]
    return {**row, "duplicates": duplicates} if "duplicates" in row else row

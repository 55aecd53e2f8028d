"""The `imports` table: the parsed rows kept between preview and import, progress, report."""
from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import (JSON, Boolean, Column, DateTime, Engine, Integer, MetaData, String,
                        Table, insert, select, update)

from shared.eventstore import NotFound

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

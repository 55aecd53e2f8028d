"""The read tables of project accompaniment, updated in the append transaction: one row per
accompaniment (lists and filters) and one per expected document (the page of late ones).
Each is restated from the accompaniment's folded stream."""
from __future__ import annotations

from typing import Sequence

from sqlalchemy import (Boolean, Column, Connection, Date, DateTime, Float, Integer, MetaData,
                        String, Table, Text, delete, insert, select)

from shared.eventstore import StoredEvent
from shared.eventstore.store import fold_stream

from ..domain import normalise
from .domain import Accompaniment, registry

metadata = MetaData()

accompaniments = Table(
    "accompaniments", metadata,
    Column("id", String(36), primary_key=True),
    Column("version", Integer, nullable=False),
    Column("title", String(200), nullable=False),
    Column("organisation_id", String(36), index=True),
    Column("group_name", String(200)),
    Column("programme", String(40), nullable=False),
    Column("office", String(20), nullable=False),
    Column("stage", String(20), nullable=False),
    Column("budget_requested", Float),
    Column("budget_granted", Float),
    Column("coaching_hours", Float, nullable=False),
    Column("search", Text, nullable=False),
    Column("opened_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

documents = Table(
    "accompaniment_documents", metadata,
    Column("document_id", String(36), primary_key=True),
    Column("accompaniment_id", String(36), nullable=False, index=True),
    Column("kind", String(20), nullable=False),
    Column("label", String(200), nullable=False),
    Column("due_on", Date, nullable=False, index=True),
    Column("received_on", Date),
    Column("closed", Boolean, nullable=False),  # the project is closed: nothing awaited
)


def fold(conn: Connection, accompaniment_id: str) -> Accompaniment:
    return fold_stream(conn, registry, Accompaniment, accompaniment_id)


def project_accompaniments(conn: Connection, stored_events: Sequence[StoredEvent]) -> None:
    changed = {s.stream_id: s for s in stored_events if s.stream_type == "accompaniment"}
    for accompaniment_id, last in changed.items():
        accompaniment = fold(conn, accompaniment_id)
        first = conn.execute(select(accompaniments.c.opened_at)
                             .where(accompaniments.c.id == accompaniment_id)).scalar()
        conn.execute(delete(accompaniments).where(accompaniments.c.id == accompaniment_id))
        conn.execute(insert(accompaniments).values(
            id=accompaniment_id, opened_at=first or last.recorded_at,
            updated_at=last.recorded_at, **row_of(accompaniment)))
        conn.execute(delete(documents).where(documents.c.accompaniment_id == accompaniment_id))
        rows = [{"document_id": d.id, "accompaniment_id": accompaniment_id, "kind": d.kind,
                 "label": d.label, "due_on": d.due_on, "received_on": d.received_on,
                 "closed": accompaniment.stage == "closed"}
                for d in accompaniment.documents.values()]
        if rows:
            conn.execute(insert(documents), rows)


def row_of(accompaniment: Accompaniment) -> dict:
    d = accompaniment.details
    decision = accompaniment.decision
    return {"version": accompaniment.version, "title": d["title"],
            "organisation_id": d.get("organisation_id"), "group_name": d.get("group_name"),
            "programme": d["programme"], "office": d["office"], "stage": accompaniment.stage,
            "budget_requested": d.get("budget_requested"),
            "budget_granted": decision.budget_granted if decision else None,
            "coaching_hours": accompaniment.coaching_hours(),
            "search": normalise(" ".join(filter(None, (d["title"], d.get("group_name")))))}


PROJECTORS = (project_accompaniments,)

"""One row per terms of reference (for the activity's page), restated from its folded stream
in the append transaction."""
from __future__ import annotations

from typing import Sequence

from sqlalchemy import (Column, Connection, DateTime, Integer, LargeBinary, MetaData, String,
                        Table, delete, insert)

from shared.eventstore import StoredEvent
from shared.eventstore.store import fold_stream

from ..domain import registry
from .domain import TermsOfReference

metadata = MetaData()

terms_table = Table(
    "terms_of_reference", metadata,
    Column("id", String(36), primary_key=True),
    Column("activity_id", String(36), nullable=False, index=True),
    Column("version", Integer, nullable=False),
    Column("title", String(200), nullable=False),
    Column("status", String(20), nullable=False),
    Column("applications", Integer, nullable=False),
    Column("consultant", String(200)),  # the one chosen: a facilitator the activity may name
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

# The proposal a consultant sent, uploaded with the application (the event names the file).
documents = Table(
    "consultant_documents", metadata,
    Column("application_id", String(36), primary_key=True),
    Column("terms_id", String(36), nullable=False, index=True),
    Column("filename", String(200), nullable=False),
    Column("content_type", String(100), nullable=False),
    Column("content", LargeBinary, nullable=False),
)


def fold(conn: Connection, terms_id: str) -> TermsOfReference:
    return fold_stream(conn, registry, TermsOfReference, terms_id)


def project_terms(conn: Connection, stored_events: Sequence[StoredEvent]) -> None:
    changed = {s.stream_id: s for s in stored_events
               if s.stream_type == TermsOfReference.stream_type}
    for terms_id, last in changed.items():
        terms = fold(conn, terms_id)
        conn.execute(delete(terms_table).where(terms_table.c.id == terms_id))
        conn.execute(insert(terms_table).values(
            id=terms_id, activity_id=terms.details["activity_id"], version=terms.version,
            title=terms.details["title"], status=terms.status,
            applications=len(terms.applications), updated_at=last.recorded_at,
            consultant=terms.applications[terms.chosen].consultant_name if terms.chosen
            else None))

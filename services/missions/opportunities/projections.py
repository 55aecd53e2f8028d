"""The read table of mobility opportunities, updated in the append transaction: one row per
opportunity with what the search filters on (age bounds, the rank of the education level
asked, the languages accepted as ",fr,en,", the application window)."""
from __future__ import annotations

from typing import Sequence

from sqlalchemy import (Boolean, Column, Connection, Date, DateTime, Integer, MetaData, String,
                        Table, Text, delete, insert, select)

from shared.eventstore import StoredEvent
from shared.eventstore.store import fold_stream

from ..domain import normalise
from .domain import Opportunity, education_rank, registry

metadata = MetaData()

opportunities = Table(
    "opportunities", metadata,
    Column("id", String(36), primary_key=True),
    Column("version", Integer, nullable=False),
    Column("title", String(200), nullable=False),
    Column("scheme", String(20), nullable=False),
    Column("country", String(2), nullable=False, index=True),
    Column("min_age", Integer),
    Column("max_age", Integer),
    Column("education_level", String(20)),
    Column("education_rank", Integer, nullable=False),
    Column("languages", String(100), nullable=False),   # ",fr,en," ("" for no requirement)
    Column("opens_on", Date),
    Column("deadline", Date),
    Column("partner", String(200)),
    Column("link", String(500)),
    Column("withdrawn", Boolean, nullable=False),
    Column("search", Text, nullable=False),
    Column("published_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)


def fold(conn: Connection, opportunity_id: str) -> Opportunity:
    return fold_stream(conn, registry, Opportunity, opportunity_id)


def project_opportunities(conn: Connection, stored_events: Sequence[StoredEvent]) -> None:
    changed = {s.stream_id: s for s in stored_events if s.stream_type == "opportunity"}
    for opportunity_id, last in changed.items():
        opportunity = fold(conn, opportunity_id)
        first = conn.execute(select(opportunities.c.published_at)
                             .where(opportunities.c.id == opportunity_id)).scalar()
        conn.execute(delete(opportunities).where(opportunities.c.id == opportunity_id))
        conn.execute(insert(opportunities).values(
            id=opportunity_id, published_at=first or last.recorded_at,
            updated_at=last.recorded_at, **row_of(opportunity)))


def row_of(opportunity: Opportunity) -> dict:
    d = opportunity.details
    languages = d.get("languages") or ()
    return {"version": opportunity.version, "title": d["title"], "scheme": d["scheme"],
            "country": d["country"], "min_age": d.get("min_age"), "max_age": d.get("max_age"),
            "education_level": d.get("education_level"),
            "education_rank": education_rank(d.get("education_level")),
            "languages": f",{','.join(languages)}," if languages else "",
            "opens_on": d.get("opens_on"), "deadline": d.get("deadline"),
            "partner": d.get("partner"), "link": d.get("link"),
            "withdrawn": opportunity.withdrawn,
            "search": normalise(" ".join(filter(None, (d["title"], d.get("partner"),
                                                       d.get("description")))))}


PROJECTORS = (project_opportunities,)

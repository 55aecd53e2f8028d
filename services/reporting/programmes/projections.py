"""Reporting's own read tables of its programmes, restated from the programme's stream in
the append transaction (one row per programme, indicator, action-plan line, report)."""
from __future__ import annotations

import datetime as dt
from typing import Sequence

from sqlalchemy import (JSON, Column, Connection, Date, DateTime, Float, Integer, MetaData,
                        String, Table, delete, insert, select)

from shared.eventstore import StoredEvent
from shared.eventstore.schema import events

from .domain import Programme, registry

metadata = MetaData()

programmes = Table(
    "rep_programmes", metadata,
    Column("code", String(40), primary_key=True),
    Column("version", Integer, nullable=False),
    Column("name", String(200), nullable=False),
    Column("funder_id", String(64)),
    Column("starts_on", Date, nullable=False),
    Column("ends_on", Date, nullable=False),
    Column("offices", JSON, nullable=False),
)

indicators = Table(
    "rep_indicators", metadata,
    Column("programme", String(40), primary_key=True),
    Column("code", String(40), primary_key=True),
    Column("position", Integer, nullable=False),   # order of definition
    Column("name", String(200), nullable=False),
    Column("measure", String(40), nullable=False),
    Column("filters", JSON, nullable=False),
    Column("baseline", Float),
    Column("targets", JSON, nullable=False),
    Column("disaggregations", JSON, nullable=False),
)

action_plan = Table(
    "rep_action_plan", metadata,
    Column("line_id", String(36), primary_key=True),
    Column("programme", String(40), nullable=False, index=True),
    Column("year", Integer, nullable=False),
    Column("quarter", Integer, nullable=False),
    Column("kind", String(40), nullable=False),
    Column("office", String(20), nullable=False),
    Column("number", Integer, nullable=False),
)

submitted_reports = Table(
    "rep_submitted_reports", metadata,
    Column("report_id", String(36), primary_key=True),
    Column("programme", String(40), nullable=False, index=True),
    Column("period_from", Date, nullable=False),
    Column("period_to", Date, nullable=False),
    Column("as_of", DateTime(timezone=True), nullable=False),
    Column("snapshot", JSON, nullable=False),
    Column("submitted_at", DateTime(timezone=True), nullable=False),
    Column("submitted_by", String(64)),
)


def fold(conn: Connection, code: str) -> Programme:
    rows = conn.execute(select(events.c.type, events.c.schema_version, events.c.data)
                        .where(events.c.stream_id == code).order_by(events.c.version)).all()
    return Programme.rebuild(code, (registry.to_event(t, registry.upcast(t, v, d)[1])
                                    for t, v, d in rows))


def project_programmes(conn: Connection, stored: Sequence[StoredEvent]) -> None:
    for code in {s.stream_id for s in stored if s.stream_type == "programme"}:
        programme = fold(conn, code)
        d = programme.details
        conn.execute(delete(programmes).where(programmes.c.code == code))
        conn.execute(insert(programmes).values(
            code=code, version=programme.version, name=d["name"], funder_id=d["funder_id"],
            starts_on=d["starts_on"], ends_on=d["ends_on"], offices=d["offices"]))
        conn.execute(delete(indicators).where(indicators.c.programme == code))
        rows = [{**i, "programme": code, "position": n}
                for n, i in enumerate(programme.indicators.values())]
        if rows:
            conn.execute(insert(indicators), rows)
        conn.execute(delete(action_plan).where(action_plan.c.programme == code))
        rows = [{"line_id": line.pop("id"), **line, "programme": code}
                for line in (dict(x) for x in programme.plan.values())]
        if rows:
            conn.execute(insert(action_plan), rows)
    for s in stored:
        if s.type == "programme.report_submitted":
            data = s.data if s.event is None else s.event.to_data()
            conn.execute(insert(submitted_reports).values(
                report_id=data["report_id"], programme=s.stream_id,
                period_from=_date(data["period_from"]), period_to=_date(data["period_to"]),
                as_of=_datetime(data["as_of"]), snapshot=data["snapshot"],
                submitted_at=s.recorded_at, submitted_by=(s.metadata or {}).get("actor")))


def _date(value):
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(value)


def _datetime(value):
    return value if isinstance(value, dt.datetime) else dt.datetime.fromisoformat(value)


PROJECTORS = (project_programmes,)

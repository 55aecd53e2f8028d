"""`people_consents`: the current consent per person and purpose, updated in the append
transaction (one row per purpose ever asked; no row = never asked).

A record answers for the records merged into it: `consent_sources` keeps, per record, what
it said last itself (source "own") and what each merge brought (source = the merge id: the
merged record's current consents at the merge); `people_consents` is the statement that wins
among them (consent/domain.py `latest`: the latest date, a withdrawal on a tie)."""
from __future__ import annotations

import datetime as dt
from typing import Sequence

from sqlalchemy import (Column, Date, DateTime, Integer, MetaData, String, Table, Text, delete,
                        insert, select, update)

from shared.eventstore import StoredEvent

from .domain import GIVEN, OWN, WITHDRAWN

metadata = MetaData()

def _statement() -> list[Column]:
    return [Column("status", String(16), nullable=False),     # given | withdrawn
            Column("since", Date, nullable=False),
            Column("method", String(20), nullable=False),
            Column("note", Text),
            Column("recorded_by", String(64)),
            Column("version", Integer, nullable=False),       # the statement's stream version
            Column("recorded_at", DateTime(timezone=True), nullable=False)]


STATEMENT_COLUMNS = tuple(c.name for c in _statement())

people_consents = Table(
    "people_consents", metadata,
    Column("person_id", String(36), primary_key=True),
    Column("purpose", String(40), primary_key=True),
    *_statement(),
)

consent_sources = Table(
    "consent_sources", metadata,
    Column("person_id", String(36), primary_key=True),
    Column("source", String(36), primary_key=True),   # "own" or a merge id
    Column("purpose", String(40), primary_key=True),
    *_statement(),
)

_STATUS = {"person.consent_given": (GIVEN, "given_at"),
           "person.consent_withdrawn": (WITHDRAWN, "withdrawn_at")}


def project_consents(conn, stored_events: Sequence[StoredEvent]) -> None:
    for stored in stored_events:
        if stored.stream_type != "person":
            continue
        if stored.type in _STATUS:
            _own_statement(conn, stored)
        elif stored.type == "person.absorbed":
            _absorbed(conn, stored.stream_id, stored.data["merged_id"], stored.data["merge_id"])
        elif stored.type == "person.absorption_undone":
            conn.execute(delete(consent_sources).where(
                consent_sources.c.person_id == stored.stream_id,
                consent_sources.c.source == stored.data["merge_id"]))
            _combine(conn, stored.stream_id)


def _own_statement(conn, stored: StoredEvent) -> None:
    status, date_field = _STATUS[stored.type]
    data = stored.data
    values = {"status": status, "since": _date(data[date_field]), "method": data["method"],
              "note": data.get("note"), "recorded_by": (stored.metadata or {}).get("actor"),
              "version": stored.version, "recorded_at": stored.recorded_at}
    key = ((consent_sources.c.person_id == stored.stream_id)
           & (consent_sources.c.source == OWN)
           & (consent_sources.c.purpose == data["purpose"]))
    if conn.execute(update(consent_sources).where(key).values(**values)).rowcount == 0:
        conn.execute(insert(consent_sources).values(
            person_id=stored.stream_id, source=OWN, purpose=data["purpose"], **values))
    _combine(conn, stored.stream_id, data["purpose"])


def _absorbed(conn, survivor_id: str, merged_id: str, merge_id: str) -> None:
    """The merged record's current consents become a source of the survivor's."""
    rows = conn.execute(select(people_consents).where(
        people_consents.c.person_id == merged_id)).mappings().all()
    for row in rows:
        conn.execute(insert(consent_sources).values(
            person_id=survivor_id, source=merge_id, purpose=row["purpose"],
            **{name: row[name] for name in STATEMENT_COLUMNS}))
    _combine(conn, survivor_id)


def _combine(conn, person_id: str, purpose: str | None = None) -> None:
    """people_consents of the person (one purpose, or all) from its sources."""
    query = select(consent_sources).where(consent_sources.c.person_id == person_id)
    current = delete(people_consents).where(people_consents.c.person_id == person_id)
    if purpose is not None:
        query = query.where(consent_sources.c.purpose == purpose)
        current = current.where(people_consents.c.purpose == purpose)
    best: dict[str, dict] = {}
    for row in conn.execute(query).mappings():
        key = (_date(row["since"]), row["status"] == WITHDRAWN)
        kept = best.get(row["purpose"])
        if kept is None or key > (_date(kept["since"]), kept["status"] == WITHDRAWN):
            best[row["purpose"]] = dict(row)
    conn.execute(current)
    for row in best.values():
        conn.execute(insert(people_consents).values(
            person_id=person_id, purpose=row["purpose"],
            **{name: row[name] for name in STATEMENT_COLUMNS}))


def _date(value):
    return dt.date.fromisoformat(value) if isinstance(value, str) else value

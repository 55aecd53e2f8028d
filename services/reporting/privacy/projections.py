"""Stakeholders' `person.erased`, as reporting honours it: anonymous counts only.

In the consumer's transaction the person's row and facts move to a pseudonym (every figure
stays what it was, the stand-in birth date keeping each fact in its age band), the
submitted reports and dead letters that name them name the pseudonym instead, the key of
the person in reporting's store is destroyed and the erasure is confirmed.

`rep_erased_people` keeps what was decided at the erasure (the pseudonym's attributes) and
is not emptied by a rebuild: stakeholders' events no longer hold the birth date to derive
them again, and the facts replayed after find their pseudonym there (by a hash of the id).
"""
from __future__ import annotations

import dataclasses
from contextlib import contextmanager
import datetime as dt

from sqlalchemy import (JSON, Boolean, Column, Connection, Date, DateTime, MetaData, String,
                        Table, Text, cast, delete, func, insert, select, update)

from shared.eventstore import EventStore
from shared.eventstore.schema import dead_letters, delivery_attempts, events
from shared.messaging.envelope import ReceivedEvent
from shared.privacy.erasure import confirm_erasure

from ..facts import presence
from ..facts.tables import attendance, missions
from ..programmes.domain import registry
from ..programmes.projections import submitted_reports
from . import domain

metadata = MetaData()

erased_people = Table(
    "rep_erased_people", metadata,
    Column("pseudonym", String(64), primary_key=True),
    Column("subject_key", String(64), nullable=False, unique=True),  # domain.subject_key
    Column("sex", String(16), nullable=False),
    Column("birth_date", Date),        # the stand-in (domain.stand_in_birth_date)
    Column("country", String(2)),
    Column("region", String(128)),
    Column("roles", JSON, nullable=False),
    Column("archived", Boolean, nullable=False),
    Column("erased_at", DateTime(timezone=True), nullable=False),
)

CACHE = "reporting.pseudonyms"   # conn.info: {subject_key: pseudonym} during a rebuild
MONTHS_AHEAD = 24                # how far an ongoing mission's periods are kept in band


# -- facts arriving under an erased id ----------------------------------------------------

def pseudonyms_of(conn: Connection, ids) -> dict[str, str]:
    """{person id: pseudonym} for those of `ids` that were erased."""
    keys = {domain.subject_key(i): i for i in ids}
    if not keys:
        return {}
    cached = conn.info.get(CACHE)
    if cached is not None:
        return {keys[k]: cached[k] for k in keys if k in cached}
    rows = conn.execute(select(erased_people.c.subject_key, erased_people.c.pseudonym)
                        .where(erased_people.c.subject_key.in_(list(keys))))
    return {keys[key]: name for key, name in rows}


def mapped(conn: Connection, event: ReceivedEvent) -> ReceivedEvent:
    """A fact's event with each erased person's id replaced by their pseudonym."""
    if event.source == "stakeholders":
        return event
    names = pseudonyms_of(conn, domain.ids_in(event.data))
    if not names:
        return event
    return dataclasses.replace(event, data=domain.renamed(event.data, names))


@contextmanager
def pseudonyms_in_memory(conn: Connection):
    """Every pseudonym in memory while a rebuild maps every fact (and forgotten after:
    `conn.info` outlives the transaction)."""
    conn.info[CACHE] = dict(conn.execute(select(erased_people.c.subject_key,
                                                erased_people.c.pseudonym)).all())
    try:
        yield
    finally:
        conn.info.pop(CACHE, None)


def is_erased(conn: Connection, person_id: str) -> bool:
    return bool(pseudonyms_of(conn, [person_id]))


# -- the erasure --------------------------------------------------------------------------

def person_erased(conn: Connection, event: ReceivedEvent, people: Table) -> None:
    """Honour stakeholders' `person.erased` (idempotent: a replay or a rebuild finds the
    attributes decided the first time)."""
    person_id = event.stream_id
    kept = conn.execute(select(erased_people).where(
        erased_people.c.subject_key == domain.subject_key(person_id))).first()
    first = kept is None
    if first:
        kept = _keep(conn, event, people, domain.pseudonym(event.id))
    name = kept.pseudonym   # the first erasure's, should stakeholders send another
    # their units go back in under the pseudonym (a replay finds them there already)
    presence.take_out_person(conn, person_id)
    presence.take_out_person(conn, name)
    if CACHE in conn.info:
        conn.info[CACHE][kept.subject_key] = name
    conn.execute(delete(people).where(people.c.person_id == person_id))
    if not conn.execute(select(people.c.person_id).where(people.c.person_id == name)).first():
        conn.execute(insert(people).values(
            person_id=name, sex=kept.sex, birth_year=None, birth_date=kept.birth_date,
            country=kept.country, region=kept.region, roles=kept.roles,
            archived=kept.archived, version=event.version))
    _move_facts(conn, person_id, name)
    _rename_in_reports(conn, person_id, name)
    _rename_in_errors(conn, person_id, name)
    presence.put_back_person(conn, name)
    store = EventStore(conn.engine, registry)
    if first:   # a replay would only date the tombstone again
        store.erase_subject(person_id, conn=conn)
    confirm_erasure(conn, store, event)


def _keep(conn: Connection, event: ReceivedEvent, people: Table, name: str):
    row = conn.execute(select(people).where(people.c.person_id == event.stream_id)).first()
    stand_in = domain.stand_in_birth_date(row.birth_date if row else None,
                                          _fact_days(conn, event.stream_id))
    values = {"pseudonym": name, "subject_key": domain.subject_key(event.stream_id),
              "sex": row.sex if row else "unknown", "birth_date": stand_in,
              "country": row.country if row else None, "region": row.region if row else None,
              "roles": list(row.roles or []) if row else [],
              # never registered here: out of the people counted, as without a row
              "archived": bool(row.archived) if row else True, "erased_at": event.time}
    conn.execute(insert(erased_people).values(**values))
    return conn.execute(select(erased_people).where(erased_people.c.pseudonym == name)).one()


def _fact_days(conn: Connection, person_id: str) -> set[dt.date]:
    """The days an age band of the person is taken on: their marks, and each mission's
    start, end and the first day of each month it spans (reports start on those)."""
    days = set(conn.execute(select(attendance.c.date).distinct()
                            .where(attendance.c.person_id == person_id)).scalars())
    horizon = dt.date.today() + dt.timedelta(days=31 * MONTHS_AHEAD)
    for m in conn.execute(select(missions).where(missions.c.volunteer_id == person_id)):
        start = m.started_on or m.planned_start
        end = m.ended_on or max(filter(None, (m.planned_end, dt.date.today(), start)))
        days |= {d for d in (start, end, m.planned_start, m.planned_end) if d}
        if start:
            day = start.replace(day=1)
            while day <= min(end, horizon):
                days.add(day)
                day = (day + dt.timedelta(days=32)).replace(day=1)
    return days


def _move_facts(conn: Connection, person_id: str, name: str) -> None:
    conn.execute(update(attendance).where(attendance.c.person_id == person_id)
                 .values(person_id=name))
    conn.execute(update(missions).where(missions.c.volunteer_id == person_id)
                 .values(volunteer_id=name))
    conn.execute(update(missions).where(missions.c.host_id == person_id).values(host_id=name))


def _like(column, person_id: str):
    return cast(column, Text).contains(person_id, autoescape=True)


def _rename_in_reports(conn: Connection, person_id: str, name: str) -> None:
    """The submitted reports list the facts they counted, the person's marks among them:
    frozen under the pseudonym, as the live facts are (their figures unchanged)."""
    for row in conn.execute(select(events.c.position, events.c.data)
                            .where(events.c.type == "programme.report_submitted")
                            .where(_like(events.c.data, person_id))).all():
        conn.execute(update(events).where(events.c.position == row.position)
                     .values(data=domain.replaced(row.data, person_id, name)))
    for row in conn.execute(select(submitted_reports.c.report_id, submitted_reports.c.snapshot)
                            .where(_like(submitted_reports.c.snapshot, person_id))).all():
        conn.execute(update(submitted_reports)
                     .where(submitted_reports.c.report_id == row.report_id)
                     .values(snapshot=domain.replaced(row.snapshot, person_id, name)))


def _rename_in_errors(conn: Connection, person_id: str, name: str) -> None:
    """An error kept with a dead letter (or a try) may quote the person's id."""
    for table in (dead_letters, delivery_attempts):
        conn.execute(update(table).where(table.c.error.contains(person_id, autoescape=True))
                     .values(error=func.replace(table.c.error, person_id, name)))

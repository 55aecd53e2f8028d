"""Reactions to stakeholders' events: the local replica of people (names) and organisations
(name, kind and, for host structures, the civic-service approval with its dates and
capacity); on a merge, the move of the absorbed person's missions to the survivor, as
events of this service; on an erasure, the destruction of what this service holds about
the person (see erase_person).

Called by the consumer inside its tracking transaction: what is written here commits with
the position applied, or not at all. The stakeholders database is never read.
"""
from __future__ import annotations

import datetime as dt
from typing import Callable, Sequence

from sqlalchemy import (Boolean, Column, Connection, Date, Integer, MetaData, String, Table,
                        Text, insert, select, update)

from shared.eventstore import EventStore, Metadata
from shared.eventstore.schema import events as events_table
from shared.eventstore.shredding import placeholders
from shared.messaging.envelope import ReceivedEvent
from shared.messaging.people_replica import people_handlers, people_table
from shared.privacy.erasure import confirm_erasure, is_erasure
from shared.text import normalise
from shared.programmes import (BINDING as PROGRAMME_BINDING, apply_programme_event,
                                programmes_table)

from .projections import fold, missions

metadata = MetaData()

people = people_table(metadata, "missions_people")

organisations = Table(
    "missions_organisations", metadata,
    Column("organisation_id", String(36), primary_key=True),
    Column("name", String(200), nullable=False),
    Column("kind", String(40)),
    Column("search", Text, nullable=False),
    Column("archived", Boolean, nullable=False),
    Column("approval_number", String(200)),
    Column("approval_start", Date),
    Column("approval_end", Date),
    Column("capacity", Integer),
)

# the programmes reporting defines, for the pick-lists (shared.programmes)
programmes = programmes_table(metadata, "missions_programmes")

BINDINGS = ("stakeholders.person.*", "stakeholders.organisation.*", PROGRAMME_BINDING)
ORGANISATION_FIELDS = ("name", "kind", "approval_number", "approval_start", "approval_end",
                       "capacity")


def policies(store: EventStore, projectors: Sequence[Callable]) -> Callable:
    """The consumer's apply for stakeholders' events (staff account events aside) and
    reporting's programmes."""

    def apply_event(conn: Connection, event: ReceivedEvent) -> None:
        if apply_programme_event(conn, programmes, event) or event.source != "stakeholders":
            return
        handler = _REPLICA.get(event.type)
        if handler:
            handler(conn, event)
        if event.type == "person.merged_into":
            move_missions(conn, store, projectors, event)
        elif is_erasure(event):
            erase_person(conn, store, projectors, event)

    return apply_event


# -- organisations: names and the host's approval ----------------------------------------

def _organisation_values(data: dict, names: Sequence[str]) -> dict:
    values = {}
    for name in names:
        value = data.get(name)
        if name in ("approval_start", "approval_end") and value:
            value = dt.date.fromisoformat(value)
        values[name] = value
    if "name" in values:
        values["name"] = values["name"] or ""
        values["search"] = normalise(values["name"])
    return values


def _organisation_registered(conn, event):
    o = organisations.c
    values = {**_organisation_values(event.data, ORGANISATION_FIELDS), "archived": False}
    exists = conn.execute(select(o.organisation_id)
                          .where(o.organisation_id == event.stream_id)).first()
    if exists:
        conn.execute(update(organisations).where(o.organisation_id == event.stream_id)
                     .values(**values))
    else:
        conn.execute(insert(organisations).values(organisation_id=event.stream_id, **values))


def _organisation_corrected(conn, event):
    """Only the fields named in `changed` are carried; a cleared approval field is null."""
    changed = [k for k in event.data.get("changed", ()) if k in ORGANISATION_FIELDS]
    if changed and not ("name" in changed and not event.data.get("name")):
        conn.execute(update(organisations)
                     .where(organisations.c.organisation_id == event.stream_id)
                     .values(**_organisation_values(event.data, changed)))


def _organisation_archived(conn, event):
    conn.execute(update(organisations).where(organisations.c.organisation_id == event.stream_id)
                 .values(archived=True))


_REPLICA = {
    **people_handlers(people),
    "organisation.registered": _organisation_registered,
    "organisation.corrected": _organisation_corrected,
    "organisation.archived": _organisation_archived,
}


# -- merges ------------------------------------------------------------------------------

def move_missions(conn: Connection, store: EventStore, projectors: Sequence[Callable],
                  event: ReceivedEvent) -> None:
    """Every mission of the absorbed person records the move to the survivor (decided on
    the stream as it is in this transaction, appended in it with the projections)."""
    absorbed, survivor = event.stream_id, event.data.get("survivor_id")
    if not survivor:
        return
    mission_ids = conn.execute(select(missions.c.id)
                               .where(missions.c.volunteer_id == absorbed)).scalars().all()
    meta = Metadata(actor=event.actor, correlation_id=event.correlation_id, causation_id=event.id)
    for mission_id in sorted(mission_ids):
        mission = fold(conn, mission_id)
        mission.transfer_volunteer(absorbed, survivor)
        if mission.pending:
            stored = store.append(mission.id, mission.stream_type, mission.decided_on,
                                  mission.pending, meta, conn=conn)
            for project in projectors:
                project(conn, stored)


# -- erasure -----------------------------------------------------------------------------

def erase_person(conn: Connection, store: EventStore, projectors: Sequence[Callable],
                 event: ReceivedEvent) -> None:
    """Stakeholders erased a person (the replica handler has already dropped their names):
    destroy every key that seals something about them in this store, then confirm.

    Their missions' facts (host, dates, status, the counts) stay under their id; what is
    personal in those missions is sealed under one of these keys: the person's own (the
    case notes, incidents, reviews and reasons recorded since events carry the volunteer),
    each mission's own (the description, and case notes recorded before that), and the key
    of any record of theirs merged into this one (notes recorded before the merge). What
    was stored in clear before it was declared personal is blanked. There is no read table
    of case notes to scrub: the pages read them from the events."""
    person_id = event.stream_id
    mission_ids = conn.execute(select(missions.c.id)
                               .where(missions.c.volunteer_id == person_id)).scalars().all()
    for subject in sorted({person_id, *mission_ids, *_merged_records(conn, mission_ids)}):
        store.erase_subject(subject, conn=conn)
    _blank_stored_in_clear(conn, store.registry, mission_ids)
    confirm_erasure(conn, store, event, projectors)


def _merged_records(conn: Connection, mission_ids: Sequence[str]) -> set[str]:
    """The ids of the records merged into the volunteer that these missions were moved
    from (the same person under another record)."""
    if not mission_ids:
        return set()
    e = events_table.c
    rows = conn.execute(select(e.data).where(e.stream_id.in_(mission_ids),
                                             e.type == "mission.volunteer_transferred"))
    return {data.get("from_person_id") for (data,) in rows} - {None, ""}


def _blank_stored_in_clear(conn: Connection, registry, mission_ids: Sequence[str]) -> None:
    """Events stored before a field was declared personal (a meeting's participants, the
    mission's description) hold it in clear, out of reach of any key: it is replaced by
    its placeholder. The only rewrite of stored events, and of nothing but those fields."""
    if not mission_ids:
        return
    e = events_table.c
    rows = conn.execute(select(e.position, e.type, e.data)
                        .where(e.stream_id.in_(mission_ids))).all()
    for position, event_type, data in rows:
        cls = registry.class_of(event_type)
        clear = [f for f in (cls.personal_data if cls else ()) if f in data]
        if clear:
            conn.execute(update(events_table).where(e.position == position)
                         .values(data={**data, **placeholders(cls, clear)}))

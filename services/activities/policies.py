"""Reactions to stakeholders' events: the local replica of people and organisations (names
and organisation only, for lists, forms and sign-in sheets), on a merge the move of the
absorbed person's registrations to the survivor, as events of this service, and on an
erasure the forgetting of the person (see `erase_person`).

Called by the consumer inside its tracking transaction: what is written here commits with
the position applied, or not at all. The stakeholders database is never read.
"""
from __future__ import annotations

import logging
from typing import Callable, Sequence

from sqlalchemy import (Boolean, Column, Connection, MetaData, String, Table, func, insert,
                        select, update)

from shared.eventstore import EventStore, Metadata
from shared.eventstore.shredding import ERASED_TEXT
from shared.messaging.envelope import ReceivedEvent
from shared.messaging.people_replica import people_handlers, people_table
from shared.privacy.erasure import ERASED, confirm_erasure, forget_in_dead_letters, is_erasure
from shared.programmes import (BINDING as PROGRAMME_BINDING, apply_programme_event,
                                programmes_table)

from .projections import fold, registrations
from .sheets.tables import signed_sheets

log = logging.getLogger(__name__)

metadata = MetaData()

people = people_table(metadata, "activities_people")

organisations = Table(
    "activities_organisations", metadata,
    Column("organisation_id", String(36), primary_key=True),
    Column("name", String(200), nullable=False),
    Column("archived", Boolean, nullable=False),
)

affiliations = Table(
    "activities_affiliations", metadata,
    Column("affiliation_id", String(36), primary_key=True),
    Column("organisation_id", String(36), nullable=False),
    Column("person_id", String(36), nullable=False, index=True),
    Column("ended", Boolean, nullable=False),
)

# the programmes reporting defines, for the pick-lists (shared.programmes)
programmes = programmes_table(metadata, "activities_programmes")

BINDINGS = ("stakeholders.person.*", "stakeholders.organisation.*", PROGRAMME_BINDING)


def policies(store: EventStore, projectors: Sequence[Callable]) -> Callable:
    """The consumer's apply for stakeholders' events (staff account events aside) and
    reporting's programmes."""

    def apply_event(conn: Connection, event: ReceivedEvent) -> None:
        if apply_programme_event(conn, programmes, event) or event.source != "stakeholders":
            return
        if is_erasure(event):
            erase_person(conn, store, projectors, event)
            return
        handler = _REPLICA.get(event.type)
        if handler:
            handler(conn, event)
        if event.type == "person.merged_into":
            move_registrations(conn, store, projectors, event)
        elif event.type == "person.unmerged":
            give_back_registrations(conn, store, projectors, event)

    return apply_event


# -- organisations -----------------------------------------------------------------------

def _organisation_registered(conn, event):
    exists = conn.execute(select(organisations.c.organisation_id)
                          .where(organisations.c.organisation_id == event.stream_id)).first()
    values = {"name": event.data.get("name") or "", "archived": False}
    if exists:
        conn.execute(update(organisations)
                     .where(organisations.c.organisation_id == event.stream_id).values(**values))
    else:
        conn.execute(insert(organisations).values(organisation_id=event.stream_id, **values))


def _organisation_corrected(conn, event):
    if "name" in event.data.get("changed", ()) and event.data.get("name"):
        conn.execute(update(organisations)
                     .where(organisations.c.organisation_id == event.stream_id)
                     .values(name=event.data["name"]))


def _organisation_archived(conn, event):
    conn.execute(update(organisations).where(organisations.c.organisation_id == event.stream_id)
                 .values(archived=True))


def _affiliation_added(conn, event):
    affiliation_id = event.data["affiliation_id"]
    conn.execute(affiliations.delete().where(affiliations.c.affiliation_id == affiliation_id))
    conn.execute(insert(affiliations).values(
        affiliation_id=affiliation_id, organisation_id=event.stream_id,
        person_id=event.data["person_id"], ended=bool(event.data.get("end"))))


def _affiliation_ended(conn, event):
    conn.execute(update(affiliations)
                 .where(affiliations.c.affiliation_id == event.data["affiliation_id"])
                 .values(ended=True))


def _affiliation_moved(conn, event):
    """A merge (or its undoing) moved the affiliation to the other record."""
    conn.execute(update(affiliations)
                 .where(affiliations.c.affiliation_id == event.data["affiliation_id"])
                 .values(person_id=event.data["person_id"]))


_REPLICA = {
    **people_handlers(people),
    "organisation.registered": _organisation_registered,
    "organisation.corrected": _organisation_corrected,
    "organisation.archived": _organisation_archived,
    "organisation.affiliation_added": _affiliation_added,
    "organisation.affiliation_ended": _affiliation_ended,
    "organisation.affiliation_removed": _affiliation_ended,
    "organisation.affiliation_moved": _affiliation_moved,
}


# -- erasure ---------------------------------------------------------------------------

def erase_person(conn: Connection, store: EventStore, projectors: Sequence[Callable],
                 event: ReceivedEvent) -> None:
    """Stakeholders erased the person: nothing of theirs stays readable here, in the
    consumer's transaction (with its position, or not at all); a replay changes nothing.

    - their key is destroyed: the personal fields of this service's events about them
      (self sign-in signatures, evaluation comments, registration cancellation reasons)
      read back as placeholders;
    - the replica forgets their names (the row stays: registrations and attendance keep
      counting under the id, anonymised);
    - a scanned sign-in sheet shows several people: it is kept (the funders' proof of the
      session; its file name, like its event's, names the sheet, not a person), and the
      number kept is logged (ids only); the right of access lists them;
    - the consumer's error records that quote their id or name are blanked;
    - consultants are not people of the directory: nothing of theirs is touched.
    Then the confirmation, `activities.privacy.person_erased`."""
    person_id = event.stream_id
    names = _names(conn, person_id)
    store.erase_subject(person_id, conn=conn)
    forget_in_dead_letters(conn, person_id, names)  # errors that quoted their names
    _REPLICA[ERASED](conn, event)
    if confirm_erasure(conn, store, event, projectors):
        log.info("person %s erased; %d signed sheet scan(s) of their sessions kept",
                 person_id, _kept_scans(conn, person_id))


def _names(conn: Connection, person_id: str) -> list[str]:
    """The names the replica still holds (none once erased): what free text may quote."""
    row = conn.execute(select(people.c.given_name, people.c.family_name)
                       .where(people.c.person_id == person_id)).first()
    full = " ".join(filter(None, row or ()))
    found = [full, *(row or ())]
    return list(dict.fromkeys(n for n in found if len(n) >= 2 and n != ERASED_TEXT))


def _kept_scans(conn: Connection, person_id: str) -> int:
    """How many scans of the sessions of the person's activities are kept."""
    activity_ids = select(registrations.c.activity_id).where(
        registrations.c.person_id == person_id).scalar_subquery()
    return conn.execute(select(func.count()).select_from(signed_sheets)
                        .where(signed_sheets.c.activity_id.in_(activity_ids))).scalar_one()


# -- merges ------------------------------------------------------------------------------

def move_registrations(conn: Connection, store: EventStore, projectors: Sequence[Callable],
                       event: ReceivedEvent) -> None:
    """Every activity where the absorbed person is registered records the move (decided on
    the stream as it is in this transaction, appended in it with the projections)."""
    absorbed, survivor = event.stream_id, event.data.get("survivor_id")
    if not survivor:
        return
    activity_ids = conn.execute(select(registrations.c.activity_id).distinct()
                                .where(registrations.c.person_id == absorbed)
                                .where(registrations.c.status != "cancelled")).scalars().all()
    _decide(conn, store, projectors, event, activity_ids,
            lambda activity: activity.transfer_registrations(absorbed, survivor))


def give_back_registrations(conn: Connection, store: EventStore,
                            projectors: Sequence[Callable], event: ReceivedEvent) -> None:
    """An un-merge: the activities where the survivor holds a registration moved from the
    restored record, or where the restored record's was cancelled as a double, give it
    back (a replayed event finds nothing left to give)."""
    restored, survivor = event.stream_id, event.data.get("survivor_id")
    if not survivor:
        return
    activity_ids = conn.execute(select(registrations.c.activity_id).distinct()
                                .where(registrations.c.person_id.in_([restored, survivor]))
                                ).scalars().all()
    _decide(conn, store, projectors, event, activity_ids,
            lambda activity: activity.give_back_registrations(restored, survivor))


def _decide(conn, store, projectors, event, activity_ids, decide) -> None:
    meta = Metadata(actor=event.actor, correlation_id=event.correlation_id, causation_id=event.id)
    for activity_id in sorted(activity_ids):
        activity = fold(conn, activity_id)
        decide(activity)
        if activity.pending:
            stored = store.append(activity.id, activity.stream_type, activity.decided_on,
                                  activity.pending, meta, conn=conn)
            for project in projectors:
                project(conn, stored)

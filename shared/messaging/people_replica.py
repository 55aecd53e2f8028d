"""The replica of stakeholders' people that a service keeps for its lists, forms and sheets:
names (and a search key), archived, merged into. Fed by stakeholders' published events (the
contract of its AsyncAPI catalogue), never by reading its database.

    people = people_table(metadata, "activities_people")
    REPLICA = {**people_handlers(people), "organisation.registered": ...}

Each handler runs in the consumer's tracking transaction (`handler(conn, event)`)."""
from __future__ import annotations

from typing import Callable

from sqlalchemy import (Boolean, Column, MetaData, String, Table, Text, and_, func, insert,
                        select, update)

from ..db import escape_like
from ..eventstore.shredding import ERASED_TEXT
from ..text import normalise

NAME_FIELDS = ("given_name", "family_name")


def people_table(metadata: MetaData, name: str) -> Table:
    return Table(
        name, metadata,
        Column("person_id", String(36), primary_key=True),
        Column("given_name", String(200), nullable=False),
        Column("family_name", String(200), nullable=False),
        Column("search", Text, nullable=False),          # lowercase, accents stripped
        Column("archived", Boolean, nullable=False),
        Column("merged_into", String(36)),
    )


def people_handlers(people: Table) -> dict[str, Callable]:
    """What each of stakeholders' person events does to the replica `people`."""

    def names(conn, person_id: str, values: dict) -> None:
        """Set the names given (all of them for a registration: a replay states them afresh)."""
        current = conn.execute(select(people.c.given_name, people.c.family_name)
                               .where(people.c.person_id == person_id)).mappings().first()
        if current is None:
            row = {"given_name": "", "family_name": "", **values}
            conn.execute(insert(people).values(person_id=person_id, archived=False,
                                               search=_search(row), **row))
            return
        row = {**current, **values}
        conn.execute(update(people).where(people.c.person_id == person_id)
                     .values(search=_search(row), **values))

    def registered(conn, event):
        names(conn, event.stream_id, {k: event.data.get(k) or "" for k in NAME_FIELDS})

    def corrected(conn, event):
        changed = event.data.get("changed", list(event.data))
        values = _picked({k: event.data[k] for k in changed if k in event.data})
        if values:
            names(conn, event.stream_id, values)

    def absorbed(key):
        def apply(conn, event):
            values = _picked(event.data.get(key))
            if values:
                names(conn, event.stream_id, values)
        return apply

    def flag(**values):
        def apply(conn, event):
            conn.execute(update(people).where(people.c.person_id == event.stream_id).values(
                **{k: (v(event) if callable(v) else v) for k, v in values.items()}))
        return apply

    return {
        "person.registered": registered,
        "person.corrected": corrected,
        "person.absorbed": absorbed("changes"),
        "person.absorption_undone": absorbed("restored"),
        "person.archived": flag(archived=True),
        "person.merged_into": flag(merged_into=lambda e: e.data.get("survivor_id")),
        "person.unmerged": flag(merged_into=None),
        # erased: the row stays (the facts that name the id still count), the names go
        "person.erased": flag(given_name=ERASED_TEXT, family_name="", search="",
                              archived=True),
    }


def _search(row: dict) -> str:
    return normalise(f"{row['given_name']} {row['family_name']}")


def _picked(data: dict | None) -> dict:
    return {k: (data or {})[k] or "" for k in NAME_FIELDS if k in (data or {})}


def full_name(row) -> str:
    return " ".join(filter(None, (row["given_name"], row["family_name"]))) or "—"


def search_people(conn, people: Table, q: str | None, page: int, per_page: int):
    """(rows, total): the active people of the replica whose names contain every word
    typed, by family name then given name, one page of them."""
    conditions = [people.c.archived.is_(False), people.c.merged_into.is_(None)]
    conditions += [people.c.search.like(f"%{escape_like(w)}%", escape="\\")
                   for w in normalise(q).split()]
    where = and_(*conditions)
    total = conn.execute(select(func.count()).select_from(people).where(where)).scalar_one()
    rows = conn.execute(select(people).where(where)
                        .order_by(people.c.family_name, people.c.given_name, people.c.person_id)
                        .limit(per_page).offset((page - 1) * per_page)).mappings().all()
    return rows, total

"""The programmes reporting defines, as another service keeps them: a small local replica
(code, name, funder, dates, offices) fed by reporting's `programme.defined` events through
the service's consumer, never by reading reporting's database.

The forms offer these programmes as a pick-list; a command naming a programme is checked
against them with `refuse_unknown` (see its rule)."""
from __future__ import annotations

import datetime as dt
from typing import Iterable

from sqlalchemy import JSON, Column, Connection, Date, MetaData, String, Table

from shared.eventstore import DomainError
from shared.messaging.envelope import ReceivedEvent
from shared.messaging.feed import HttpFeed
from shared.settings import Settings

SOURCE = "reporting"  # the service that owns the programmes
BINDING = "reporting.programme.defined"


def N_(message: str) -> str:
    return message


def programme_feeds(settings: Settings) -> dict:
    """The feed that fills gaps in the programme events (reporting's, over HTTP)."""
    return {SOURCE: HttpFeed(settings.feed_url(SOURCE), settings.service_token)}


def programmes_table(metadata: MetaData, name: str) -> Table:
    return Table(
        name, metadata,
        Column("code", String(40), primary_key=True),
        Column("name", String(200), nullable=False),
        Column("funder_id", String(64)),             # an organisation of stakeholders
        Column("starts_on", Date),
        Column("ends_on", Date),
        Column("offices", JSON, nullable=False),     # ["agadir", ...]
    )


def _date(value) -> dt.date | None:
    return dt.date.fromisoformat(value) if isinstance(value, str) and value else value or None


def apply_programme_event(conn: Connection, table: Table, event: ReceivedEvent) -> bool:
    """Keep the replica's row of a `programme.defined` (stated afresh on a replay);
    False for any other event."""
    if event.source != SOURCE or event.type != "programme.defined":
        return False
    data = event.data
    code = data.get("code") or event.stream_id
    values = {"name": data.get("name") or code, "funder_id": data.get("funder_id") or None,
              "starts_on": _date(data.get("starts_on")), "ends_on": _date(data.get("ends_on")),
              "offices": list(data.get("offices") or ())}
    conn.execute(table.delete().where(table.c.code == code))
    conn.execute(table.insert().values(code=code, **values))
    return True


def refuse_unknown(code: str | None, known: Iterable[str], field: str = "programme") -> None:
    """The rule of a programme given to a command: it must be one reporting has defined
    (one the replica holds). While the replica is empty (no programme defined yet at all)
    any code is accepted, so that what was recorded before programmes existed, and the
    flows that do not define them, keep working. No code at all is left to the caller."""
    known = set(known)
    if code and known and code not in known:
        raise DomainError(N_("Unknown programme: choose one from the list."), field)

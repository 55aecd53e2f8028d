"""The read side of consent: the current state per purpose and the timeline of a person."""
from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Engine, select

from shared.eventstore import NotFound

from ..accounts import emails_by_id
from ..projections import people
from .domain import PURPOSES
from .projections import people_consents

TYPES = ("person.consent_given", "person.consent_withdrawn")


def current_consents(engine: Engine, person_id: str) -> list[dict[str, Any]]:
    """One entry per purpose, in the order of PURPOSES: status given / withdrawn / never."""
    with engine.connect() as conn:
        rows = {r["purpose"]: r for r in conn.execute(
            select(people_consents).where(people_consents.c.person_id == person_id)).mappings()}
        emails = emails_by_id(conn, [r["recorded_by"] for r in rows.values()])
    out = []
    for purpose in PURPOSES:
        row = rows.get(purpose)
        if row is None:
            out.append({"purpose": purpose, "status": "never", "since": None, "method": None,
                        "note": None, "recorded_by": None, "recorded_by_email": None})
        else:
            out.append({"purpose": purpose, "status": row["status"], "since": row["since"],
                        "method": row["method"], "note": row["note"],
                        "recorded_by": row["recorded_by"],
                        "recorded_by_email": emails.get(row["recorded_by"])})
    return out


def consent_history(store, person_id: str) -> list[dict[str, Any]]:
    """Every consent given or withdrawn, newest first (by its date, then when recorded),
    with who recorded it: the person's own and those of the records merged into it (then
    `source_id` and `source_name` say which record it was recorded on)."""
    stored = store.load(person_id)
    if not stored or stored[0].stream_type != "person":
        raise NotFound("person", person_id)
    entries = list(_statements(store, stored, None))
    with store.engine.connect() as conn:
        emails = emails_by_id(conn, [(s.metadata or {}).get("actor") for s, _ in entries])
        names = _names(conn, {source for _, source in entries if source})
    out = []
    for s, source in entries:
        given = s.type == "person.consent_given"
        actor = (s.metadata or {}).get("actor")
        out.append({"version": s.version, "purpose": s.data["purpose"],
                    "status": "given" if given else "withdrawn",
                    "date": dt.date.fromisoformat(s.data["given_at" if given else "withdrawn_at"]),
                    "method": s.data["method"], "note": s.data.get("note"),
                    "recorded_by": actor, "recorded_by_email": emails.get(actor),
                    "recorded_at": _utc(s.recorded_at), "source_id": source,
                    "source_name": names.get(source)})
    out.sort(key=lambda e: (e["date"], e["recorded_at"]), reverse=True)
    return out


def _statements(store, stored, source: str | None):
    """(stored consent event, the record it was recorded on if merged in) of a stream and,
    through its merges not undone, of the records merged into it."""
    undone = {s.data["merge_id"] for s in stored if s.type == "person.absorption_undone"}
    for s in stored:
        if s.type in TYPES:
            yield s, source
        elif s.type == "person.absorbed" and s.data["merge_id"] not in undone:
            merged_id = s.data["merged_id"]
            yield from _statements(store, store.load(merged_id), merged_id)


def _names(conn, person_ids) -> dict[str, str]:
    if not person_ids:
        return {}
    rows = conn.execute(select(people.c.id, people.c.given_name, people.c.family_name)
                        .where(people.c.id.in_(sorted(person_ids)))).all()
    return {r.id: f"{r.given_name} {r.family_name.upper()}" for r in rows}


def _utc(value):
    if isinstance(value, dt.datetime) and value.tzinfo is None:
        return value.replace(tzinfo=dt.timezone.utc)
    return value

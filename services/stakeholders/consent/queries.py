"""The read side of consent: the current state per purpose and the timeline of a person."""
from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Engine, select

from shared.eventstore import NotFound

from ..accounts import emails_by_id
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
    """Every consent given or withdrawn, newest first, with who recorded it."""
    stored = store.load(person_id)
    if not stored or stored[0].stream_type != "person":
        raise NotFound("person", person_id)
    entries = [s for s in stored if s.type in TYPES]
    with store.engine.connect() as conn:
        emails = emails_by_id(conn, [(s.metadata or {}).get("actor") for s in entries])
    out = []
    for s in reversed(entries):
        given = s.type == "person.consent_given"
        actor = (s.metadata or {}).get("actor")
        out.append({"version": s.version, "purpose": s.data["purpose"],
                    "status": "given" if given else "withdrawn",
                    "date": dt.date.fromisoformat(s.data["given_at" if given else "withdrawn_at"]),
                    "method": s.data["method"], "note": s.data.get("note"),
                    "recorded_by": actor, "recorded_by_email": emails.get(actor),
                    "recorded_at": s.recorded_at})
    return out

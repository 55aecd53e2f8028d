"""What the self sign-in pages show: to participants, first names and initials only; to
staff, the link of each half-day and who signed when."""
from __future__ import annotations

import datetime as dt
from typing import Any, Sequence

from sqlalchemy import Engine

from shared.eventstore import NotFound

from ..participants.queries import load, load_activity, short_names
from ..queries import people_by_id
from .domain import SelfSignIn, registry, sheet_id


def load_sheet(store, session_id: str, half_day: str) -> SelfSignIn | None:
    return load(store, SelfSignIn, registry, sheet_id(session_id, half_day))


def public_page(engine: Engine, store, sheet: SelfSignIn) -> dict[str, Any]:
    """The session and the registered people, by short name, saying who has signed."""
    activity = load_activity(store, sheet.activity_id)
    session = activity.sessions[sheet.session_id]
    registered = [r.person_id for r in activity.registered()]
    names = short_names(engine, registered)
    listed = sorted(({"person_id": p, "name": names.get(p, "?"),
                      "signed": p in sheet.signatures} for p in registered),
                    key=lambda p: p["name"].casefold())
    return {"title": activity.details["title"], "date": session.date,
            "start": session.start, "end": session.end, "half_day": sheet.half_day,
            "people": listed}


def staff_view(engine: Engine, store, activity_id: str, session_id: str,
               now: dt.datetime) -> dict[str, Any]:
    """Each half-day of the session: its link's state and window, and who signed when."""
    activity = load_activity(store, activity_id)
    session = activity.sessions.get(session_id)
    if session is None:
        raise NotFound("session", session_id)
    registered = [r.person_id for r in activity.registered()]
    half_days = []
    for half_day in session.half_days:
        sheet = load_sheet(store, session_id, half_day)
        signatures = sorted(sheet.signatures.values(), key=lambda s: s.signed_at) if sheet else []
        names = people_by_id(engine, [s.person_id for s in signatures])
        half_days.append({
            "half_day": half_day, "sheet": sheet,
            "state": sheet.state_at(now) if sheet else "never",
            "valid_from": sheet.valid_from if sheet and sheet.nonce else None,
            "valid_until": sheet.valid_until if sheet and sheet.nonce else None,
            "signatures": [{"person_id": s.person_id, "signed_at": s.signed_at,
                            "signature": s.signature,
                            "name": (names.get(s.person_id) or {}).get("name", "?")}
                           for s in signatures]})
    return {"activity": {"id": activity.id, "title": activity.details["title"],
                         "status": activity.status, "office": activity.details["office"]},
            "session": {"id": session.id, "date": session.date,
                        "start": session.start.strftime("%H:%M"),
                        "end": session.end.strftime("%H:%M")},
            "registered": len(registered), "half_days": half_days}


def signed_at(store, session_id: str, half_days: Sequence[str]) -> dict[tuple[str, str], dt.datetime]:
    """{(person_id, half_day): when they signed} for the attendance screen."""
    found = {}
    for half_day in half_days:
        sheet = load_sheet(store, session_id, half_day)
        for s in (sheet.signatures.values() if sheet else ()):
            found[(s.person_id, half_day)] = s.signed_at
    return found

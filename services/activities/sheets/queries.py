"""The read side of sign-in sheets: what a printed sheet shows, the scans of a session."""
from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, select

from shared.access.tables import staff_members
from shared.eventstore import NotFound

from .. import labels
from ..domain import Activity, normalise
from ..policies import people
from ..queries import load, people_by_id
from .domain import NGO, WALK_IN_LINES, half_days_of, sheet_people
from .tables import signed_sheets

LISTED = [c for c in signed_sheets.c if c.name != "content"]


def session_of(activity: Activity, session_id: str):
    session = activity.sessions.get(session_id)
    if session is None:
        raise NotFound("session", session_id)
    return session


def sign_in_sheet(engine: Engine, store, activity_id: str, session_id: str) -> dict[str, Any]:
    """Everything the printed sheet of a session shows."""
    activity, _ = load(store, activity_id)
    session = session_of(activity, session_id)
    d = activity.details
    person_ids = sheet_people(activity)
    found = people_by_id(engine, person_ids)
    order = _family_order(engine, person_ids)
    lines = [{"name": found.get(p, {}).get("name") or "—",
              "organisation": found.get(p, {}).get("organisation") or ""}
             for p in sorted(person_ids, key=lambda p: order.get(p, ""))]
    return {"ngo": NGO, "office": labels.show(labels.OFFICE, d["office"]),
            "title": d["title"], "kind": labels.show(labels.KIND, d["kind"]),
            "programme": d.get("programme"), "funder": d.get("funder"),
            "date": session.date, "start": session.start.strftime("%H:%M"),
            "end": session.end.strftime("%H:%M"), "hours": session.hours,
            "place": session.place or d.get("venue") or session.online_link
            or d.get("online_link"),
            "half_days": half_days_of(session), "facilitators": list(d.get("facilitators") or ()),
            "lines": lines, "walk_ins": WALK_IN_LINES}


def _family_order(engine: Engine, person_ids: list[str]) -> dict[str, str]:
    """{person_id: key} so that lines follow family names, as a sheet is searched."""
    if not person_ids:
        return {}
    with engine.connect() as conn:
        rows = conn.execute(select(people.c.person_id, people.c.given_name,
                                   people.c.family_name)
                            .where(people.c.person_id.in_(person_ids))).all()
    return {p: normalise(f"{f} {g}") for p, g, f in rows}


def signed_sheets_of(engine: Engine, activity_id: str) -> dict[str, list[dict[str, Any]]]:
    """{session_id: [scan, …]} of an activity, oldest first, with who attached each one."""
    with engine.connect() as conn:
        rows = conn.execute(select(*LISTED, staff_members.c.email)
                            .join_from(signed_sheets, staff_members,
                                       staff_members.c.account_id == signed_sheets.c.uploaded_by,
                                       isouter=True)
                            .where(signed_sheets.c.activity_id == activity_id)
                            .order_by(signed_sheets.c.uploaded_at,
                                      signed_sheets.c.file_id)).mappings().all()
    found: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        found.setdefault(row["session_id"], []).append(dict(row))
    return found


def signed_sheet(engine: Engine, activity_id: str, session_id: str,
                 file_id: str) -> dict[str, Any]:
    """One scan with its bytes."""
    s = signed_sheets.c
    with engine.connect() as conn:
        row = conn.execute(select(signed_sheets).where(
            s.file_id == file_id, s.activity_id == activity_id,
            s.session_id == session_id)).mappings().first()
    if row is None:
        raise NotFound("signed sheet", file_id)
    return dict(row)

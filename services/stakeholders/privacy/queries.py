"""The read side of the privacy desk: the erasure register with each service's
confirmation, and the people proposed for erasure after the retention period."""
from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Engine, and_, case, func, or_, select

from shared.eventstore import NotFound

from ..organisations.projections import interactions
from ..projections import people
from ..staff.queries import emails_by_id
from .projections import CONFIRMING, erasure_confirmations, erasures

SORTS = ("oldest", "newest")  # by last activity


# -- the erasure register --------------------------------------------------------------

def list_erasures(engine: Engine, *, page: int = 1, per_page: int = 20) -> dict[str, Any]:
    """Erasures, newest first, each with the time every service confirmed (None: pending)."""
    e = erasures.c
    with engine.connect() as conn:
        total = conn.execute(select(func.count()).select_from(erasures)).scalar_one()
        rows = conn.execute(select(erasures).order_by(e.recorded_at.desc(), e.erasure_id)
                            .limit(per_page).offset((page - 1) * per_page)).mappings().all()
        items = _with_confirmations(conn, rows)
    return {"items": items, "total": total, "page": page, "per_page": per_page}


def get_erasure(engine: Engine, person_id: str) -> dict[str, Any]:
    with engine.connect() as conn:
        row = conn.execute(select(erasures).where(erasures.c.person_id == person_id)
                           ).mappings().first()
        if row is None:
            raise NotFound("erasure", person_id)
        return _with_confirmations(conn, [row])[0]


def _with_confirmations(conn, rows) -> list[dict[str, Any]]:
    ids = [r["person_id"] for r in rows]
    c = erasure_confirmations.c
    confirmed: dict[tuple[str, str], Any] = {}
    if ids:
        for r in conn.execute(select(c.person_id, c.service, c.confirmed_at)
                              .where(c.person_id.in_(ids))):
            confirmed[(r.person_id, r.service)] = _utc(r.confirmed_at)
    emails = emails_by_id(conn, [r["actor"] for r in rows])
    items = []
    for row in rows:
        services = [{"service": s, "confirmed_at": confirmed.get((row["person_id"], s))}
                    for s in CONFIRMING]
        items.append({"erasure_id": row["erasure_id"], "person_id": row["person_id"],
                      "recorded_at": _utc(row["recorded_at"]), "actor": row["actor"],
                      "actor_email": emails.get(row["actor"]), "reason": row["reason"],
                      "confirmations": services,
                      "complete": all(s["confirmed_at"] for s in services)})
    return items


# -- retention -------------------------------------------------------------------------

def retention_candidates(engine: Engine, *, today: dt.date, inactive_days: int,
                         archived_days: int, sort: str = "oldest", page: int = 1,
                         per_page: int = 20) -> dict[str, Any]:
    """People with no activity in stakeholders (the last event on their stream, the last
    interaction recorded with them) for `inactive_days` (`archived_days` once archived):
    proposed for erasure, never erased here. Merged and erased people are left out."""
    last_interaction = (select(interactions.c.subject_id.label("person_id"),
                               func.max(interactions.c.recorded_at).label("at"))
                        .where(interactions.c.subject_type == "person")
                        .group_by(interactions.c.subject_id).subquery())
    p = people.c
    last = case((last_interaction.c.at > p.updated_at, last_interaction.c.at),
                else_=p.updated_at).label("last_activity")
    where = and_(p.merged_into.is_(None), erasures.c.erasure_id.is_(None), or_(
        and_(p.archived.is_(False), last < _midnight(today, inactive_days)),
        and_(p.archived.is_(True), last < _midnight(today, archived_days))))
    joined = (people.outerjoin(last_interaction, last_interaction.c.person_id == p.id)
              .outerjoin(erasures, erasures.c.person_id == p.id))
    order = (last.asc(), p.id) if sort == "oldest" else (last.desc(), p.id)
    with engine.connect() as conn:
        total = conn.execute(select(func.count()).select_from(joined).where(where)).scalar_one()
        rows = conn.execute(select(p.id, p.given_name, p.family_name, p.archived,
                                   p.registered_at, last).select_from(joined).where(where)
                            .order_by(*order).limit(per_page).offset((page - 1) * per_page)
                            ).mappings().all()
    items = []
    for row in rows:
        at = _utc(row["last_activity"])
        items.append({"id": row["id"], "given_name": row["given_name"],
                      "family_name": row["family_name"], "archived": row["archived"],
                      "registered_at": _utc(row["registered_at"]), "last_activity": at,
                      "days_inactive": (today - at.date()).days})
    return {"items": items, "total": total, "page": page, "per_page": per_page,
            "sort": sort, "today": today, "inactive_days": inactive_days,
            "archived_days": archived_days}


def _midnight(today: dt.date, days: int) -> dt.datetime:
    """The start (UTC) of the day `days` before `today`: activity before it is too old."""
    return dt.datetime.combine(today - dt.timedelta(days=days), dt.time(0),
                               tzinfo=dt.timezone.utc)


def _utc(value):
    if isinstance(value, dt.datetime) and value.tzinfo is None:
        return value.replace(tzinfo=dt.timezone.utc)
    return value

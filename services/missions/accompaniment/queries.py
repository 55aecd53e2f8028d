"""The read side of project accompaniment: lists and the late documents from the
projection, one accompaniment from its folded stream, the associations' names from the
replica of stakeholders."""
from __future__ import annotations

import datetime as dt
from typing import Any, Iterable

from flask_babel import gettext
from sqlalchemy import Engine, and_, func, select, true

from shared.eventstore import NotFound

from ..domain import normalise
from ..history import history as _history
from ..policies import organisations
from . import labels
from .domain import NEXT, Accompaniment, registry
from .projections import accompaniments, documents

a, d = accompaniments.c, documents.c
SUMMARY = ("id", "version", "title", "organisation_id", "group_name", "programme", "office",
           "stage", "budget_requested", "budget_granted", "coaching_hours")


def organisation_names(engine: Engine, ids: Iterable[str | None]) -> dict[str, str]:
    wanted = sorted({i for i in ids if i})
    if not wanted:
        return {}
    with engine.connect() as conn:
        rows = conn.execute(select(organisations.c.organisation_id, organisations.c.name)
                            .where(organisations.c.organisation_id.in_(wanted))).all()
    return dict(rows)


def all_organisations(engine: Engine) -> list[dict[str, str]]:
    """The associations one may accompany (the replica's, not archived), by name."""
    with engine.connect() as conn:
        rows = conn.execute(select(organisations.c.organisation_id.label("id"),
                                   organisations.c.name)
                            .where(organisations.c.archived.is_(False))
                            .order_by(organisations.c.name)).mappings().all()
    return [dict(r) for r in rows]


def _holder(row, names: dict[str, str]) -> str:
    if row["group_name"]:
        return row["group_name"]
    return names.get(row["organisation_id"]) or gettext("(unknown organisation)")


def list_accompaniments(engine: Engine, *, q: str | None = None, programme: str | None = None,
                        stage: str | None = None, office: str | None = None,
                        on: dt.date | None = None, page: int = 1, per_page: int = 20
                        ) -> dict[str, Any]:
    day = on or dt.date.today()
    conditions = [a.search.contains(word, autoescape=True) for word in normalise(q).split()]
    for column, value in ((a.programme, programme), (a.stage, stage), (a.office, office)):
        if value:
            conditions.append(column == value)
    where = and_(true(), *conditions)
    late = (select(func.count()).where(d.accompaniment_id == a.id, d.received_on.is_(None),
                                       d.closed.is_(False), d.due_on < day)
            .scalar_subquery().label("late_documents"))
    with engine.connect() as conn:
        total = conn.execute(select(func.count()).select_from(accompaniments)
                             .where(where)).scalar_one()
        rows = conn.execute(select(*[a[n] for n in SUMMARY], late).where(where)
                            .order_by(a.updated_at.desc(), a.id).limit(per_page)
                            .offset((page - 1) * per_page)).mappings().all()
    names = organisation_names(engine, [r["organisation_id"] for r in rows])
    return {"items": [{**r, "holder": _holder(r, names)} for r in rows], "total": total,
            "page": page, "per_page": per_page}


def late_documents(engine: Engine, *, on: dt.date | None = None, office: str | None = None,
                   page: int = 1, per_page: int = 50) -> dict[str, Any]:
    """The documents due before `on` (today) and not received, of projects not closed,
    the longest overdue first."""
    day = on or dt.date.today()
    conditions = [d.received_on.is_(None), d.closed.is_(False), d.due_on < day]
    if office:
        conditions.append(a.office == office)
    where = and_(*conditions)
    joined = documents.join(accompaniments, a.id == d.accompaniment_id)
    with engine.connect() as conn:
        total = conn.execute(select(func.count()).select_from(joined).where(where)).scalar_one()
        rows = conn.execute(select(d.document_id.label("id"), d.accompaniment_id, d.kind,
                                   d.label, d.due_on, d.received_on, a.title, a.office,
                                   a.organisation_id, a.group_name)
                            .select_from(joined).where(where)
                            .order_by(d.due_on, a.title, d.document_id).limit(per_page)
                            .offset((page - 1) * per_page)).mappings().all()
    names = organisation_names(engine, [r["organisation_id"] for r in rows])
    return {"items": [{**r, "late": True, "holder": _holder(r, names),
                       "days_late": (day - r["due_on"]).days} for r in rows],
            "total": total, "page": page, "per_page": per_page, "on": day}


def load(store, accompaniment_id: str) -> tuple[Accompaniment, list]:
    stored = store.load(accompaniment_id)
    if not stored or stored[0].stream_type != "accompaniment":
        raise NotFound("accompaniment", accompaniment_id)
    return Accompaniment.rebuild(accompaniment_id, (registry.to_event(s.type, s.data)
                                                    for s in stored)), stored


def get_accompaniment(engine: Engine, store, accompaniment_id: str,
                      on: dt.date | None = None, with_notes: bool = False) -> dict[str, Any]:
    """Everything the accompaniment's page and the API show (the coaching notes only
    `with_notes`: they are case notes)."""
    day = on or dt.date.today()
    accompaniment, stored = load(store, accompaniment_id)
    details = accompaniment.details
    decision = accompaniment.decision
    names = organisation_names(engine, [details.get("organisation_id")])
    return {
        "id": accompaniment.id, "version": accompaniment.version, **details,
        "holder": _holder(details, names), "stage": accompaniment.stage,
        "opened_at": stored[0].recorded_at,
        "stages": [{"stage": stage, "on": on_} for stage, on_ in accompaniment.stages],
        "budget_granted": decision.budget_granted if decision else None,
        "decision": {"selected": decision.selected, "budget_granted": decision.budget_granted,
                     "on": decision.on} if decision else None,
        "coaching_hours": accompaniment.coaching_hours(),
        "coachings": [{"id": c.id, "date": c.date, "hours": c.hours,
                       "activity_id": c.activity_id, "notes": c.notes if with_notes else None}
                      for c in sorted(accompaniment.coachings.values(), key=lambda c: c.date)],
        "documents": [{"id": doc.id, "accompaniment_id": accompaniment.id,
                       "title": details["title"], "kind": doc.kind, "label": doc.label,
                       "due_on": doc.due_on, "received_on": doc.received_on,
                       "late": doc in accompaniment.late_documents(day)}
                      for doc in sorted(accompaniment.documents.values(),
                                        key=lambda doc: doc.due_on)],
        "late_documents": len(accompaniment.late_documents(day)),
        "next_stages": list(NEXT[accompaniment.stage]),
    }


def history(engine: Engine, store, accompaniment_id: str) -> list[dict[str, Any]]:
    """Every change of an accompaniment, newest first, with who made it."""
    _, stored = load(store, accompaniment_id)
    return _history(engine, stored, labels.event_line)

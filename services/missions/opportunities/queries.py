"""The read side of mobility opportunities: the search (from the projection), one
opportunity (from its folded stream) and the open ones counted per country for the map."""
from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Engine, and_, func, or_, select, true

from shared.eventstore import NotFound

from ..domain import normalise
from ..history import history as _history
from . import labels
from .domain import Opportunity, education_rank, registry
from .projections import opportunities

o = opportunities.c


def today() -> dt.date:
    return dt.date.today()


def _open_on(day: dt.date):
    return and_(o.withdrawn.is_(False), or_(o.opens_on.is_(None), o.opens_on <= day),
                or_(o.deadline.is_(None), o.deadline >= day))


def search(engine: Engine, *, age: int | None = None, education: str | None = None,
           language: list[str] | None = None, scheme: str | None = None,
           country: str | None = None, q: str | None = None, on: dt.date | None = None,
           closed: bool = False, page: int = 1, per_page: int = 20) -> dict[str, Any]:
    """What is open on `on` (today) to someone of `age`, with `education`, speaking one of
    `language`: a bound, level or language the opportunity does not ask for never excludes."""
    day = on or today()
    conditions = [] if closed else [_open_on(day)]
    if age is not None:
        conditions += [or_(o.min_age.is_(None), o.min_age <= age),
                       or_(o.max_age.is_(None), o.max_age >= age)]
    if education:
        conditions.append(o.education_rank <= education_rank(education))
    if language:
        conditions.append(or_(o.languages == "", *[o.languages.contains(f",{code.lower()},")
                                                   for code in language]))
    for column, value in ((o.scheme, scheme), (o.country, country)):
        if value:
            conditions.append(column == value)
    conditions += [o.search.contains(word, autoescape=True) for word in normalise(q).split()]
    where = and_(true(), *conditions)
    with engine.connect() as conn:
        total = conn.execute(select(func.count()).select_from(opportunities)
                             .where(where)).scalar_one()
        rows = conn.execute(select(opportunities).where(where)
                            .order_by(o.deadline.asc().nulls_last(), o.title, o.id)
                            .limit(per_page).offset((page - 1) * per_page)).mappings().all()
    return {"items": [_summary(r, day) for r in rows], "total": total, "page": page,
            "per_page": per_page}


def _summary(row, day: dt.date) -> dict[str, Any]:
    item = {k: row[k] for k in ("id", "version", "title", "scheme", "country", "min_age",
                                "max_age", "education_level", "opens_on", "deadline",
                                "partner", "link", "withdrawn")}
    item["languages"] = [c for c in row["languages"].split(",") if c]
    item["is_open"] = not row["withdrawn"] and (row["opens_on"] is None or row["opens_on"] <= day) \
        and (row["deadline"] is None or day <= row["deadline"])
    return item


def open_by_country(engine: Engine, on: dt.date | None = None) -> dict[str, int]:
    """{country: number of opportunities open on `on`} (countries with none left out)."""
    day = on or today()
    with engine.connect() as conn:
        rows = conn.execute(select(o.country, func.count()).where(_open_on(day))
                            .group_by(o.country)).all()
    return {country: count for country, count in rows}


def load(store, opportunity_id: str) -> tuple[Opportunity, list]:
    stored = store.load(opportunity_id)
    if not stored or stored[0].stream_type != "opportunity":
        raise NotFound("opportunity", opportunity_id)
    return Opportunity.rebuild(opportunity_id, (registry.to_event(s.type, s.data)
                                                for s in stored)), stored


def get_opportunity(store, opportunity_id: str, on: dt.date | None = None) -> dict[str, Any]:
    opportunity, _ = load(store, opportunity_id)
    return {"id": opportunity.id, "version": opportunity.version, **opportunity.details,
            "languages": list(opportunity.details.get("languages") or ()),
            "withdrawn": opportunity.withdrawn, "withdraw_reason": opportunity.withdraw_reason,
            "is_open": opportunity.is_open(on or today())}


def history(engine: Engine, store, opportunity_id: str) -> list[dict[str, Any]]:
    """Every change of an opportunity, newest first, with who made it."""
    _, stored = load(store, opportunity_id)
    return _history(engine, stored, labels.event_line)

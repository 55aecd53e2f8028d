"""The read side of organisations, affiliations and interactions, for pages and the API."""
from __future__ import annotations

import datetime as dt
from typing import Any

from flask_babel import format_date, format_time, gettext, pgettext
from sqlalchemy import Engine, and_, func, select, true

from shared.db import escape_like
from shared.eventstore import NotFound

from ..accounts import emails_by_id
from ..projections import normalise, people
from . import labels
from .domain import LIST_FIELDS, ORGANISATION_FIELDS, registry
from .projections import affiliations, interactions, organisations

COLUMNS = ("id", "version", *ORGANISATION_FIELDS, "archived", "archived_reason",
           "registered_at", "updated_at")


def list_organisations(engine: Engine, *, q: str | None = None, kind: str | None = None,
                       country: str | None = None, region: str | None = None,
                       programme: str | None = None, status: str = "active", sort: str = "name",
                       page: int = 1, per_page: int = 20) -> dict[str, Any]:
    o = organisations.c
    conditions = [o.search.like(f"%{escape_like(token)}%", escape="\\")
                  for token in normalise(q).split()]
    if kind:
        conditions.append(o.kind == kind)
    if country:
        conditions.append(o.country == country.upper())
    if region:
        conditions.append(o.region == region)
    if programme:
        conditions.append(o.programmes_text.like(f"% {escape_like(programme.strip())} %",
                                                 escape="\\"))
    if status == "active":
        conditions.append(o.archived.is_(False))
    elif status == "archived":
        conditions.append(o.archived.is_(True))
    where = and_(true(), *conditions)
    order = (o.registered_at.desc(), o.id) if sort == "recent" else (o.sort_name, o.id)
    with engine.connect() as conn:
        total = conn.execute(select(func.count()).select_from(organisations)
                             .where(where)).scalar_one()
        rows = conn.execute(select(*[o[n] for n in COLUMNS]).where(where).order_by(*order)
                            .limit(per_page).offset((page - 1) * per_page)).mappings().all()
    return {"items": [_organisation(r) for r in rows], "total": total, "page": page,
            "per_page": per_page}


def get_organisation(engine: Engine, organisation_id: str) -> dict[str, Any]:
    with engine.connect() as conn:
        row = conn.execute(select(*[organisations.c[n] for n in COLUMNS])
                           .where(organisations.c.id == organisation_id)).mappings().first()
    if row is None:
        raise NotFound("organisation", organisation_id)
    return _organisation(row)


def programmes_in_use(engine: Engine) -> list[str]:
    """The programme codes organisations carry, for the list's filter."""
    with engine.connect() as conn:
        values = conn.execute(select(organisations.c.programmes)).scalars().all()
    return sorted({code for codes in values for code in (codes or ())})


def organisation_history(store, organisation_id: str, engine: Engine | None = None
                         ) -> list[dict[str, Any]]:
    """Every event of an organisation, newest first: when, by whom, what changed."""
    stored = store.load(organisation_id)
    if not stored or stored[0].stream_type != "organisation":
        raise NotFound("organisation", organisation_id)
    with store.engine.connect() as conn:
        emails = emails_by_id(conn, [s.metadata.get("actor") for s in stored])
        person_ids = [s.data.get(k) for s in stored for k in ("person_id", "from_person_id")
                      if s.data.get(k)]
        names = _person_names(conn, person_ids)
    state: dict[str, Any] = {}
    roles: dict[str, str] = {}
    role_of: dict[str, str] = {}
    entries = []
    for s in stored:
        event = registry.to_event(s.type, s.data)
        actor_id = (s.metadata or {}).get("actor")
        when = {"actor": emails.get(actor_id) or actor_id or gettext("the system"),
                "date": format_date(s.recorded_at, "short"),
                "time": format_time(s.recorded_at, "short")}
        lines = []
        if s.type == "organisation.registered":
            summary = pgettext("organisation", "Registered by %(actor)s on %(date)s at %(time)s",
                               **when)
            state = {name: getattr(event, name) for name in ORGANISATION_FIELDS}
        elif s.type == "organisation.corrected":
            summary = pgettext("organisation", "Corrected by %(actor)s on %(date)s at %(time)s",
                               **when)
            for name, after in event.changes().items():
                lines.append(labels.change_line(name, state.get(name), after))
                state[name] = after
        elif s.type == "organisation.archived":
            summary = pgettext("organisation", "Archived by %(actor)s on %(date)s at %(time)s",
                               **when)
            if event.reason:
                lines.append(gettext("Reason: %(reason)s", reason=event.reason))
        elif s.type == "organisation.affiliation_added":
            roles[event.affiliation_id] = f"{names.get(event.person_id, '?')} ({event.role})"
            role_of[event.affiliation_id] = event.role
            summary = gettext("Affiliation added by %(actor)s on %(date)s at %(time)s", **when)
            lines.append(gettext("%(person)s: %(role)s from %(start)s", role=event.role,
                                 person=names.get(event.person_id, "?"),
                                 start=format_date(event.start, "short")))
        elif s.type == "organisation.affiliation_ended":
            summary = gettext("Affiliation ended by %(actor)s on %(date)s at %(time)s", **when)
            lines.append(gettext("%(who)s, until %(end)s", who=roles.get(event.affiliation_id, "?"),
                                 end=format_date(event.end, "short")))
        elif s.type == "organisation.affiliation_removed":
            summary = gettext("Affiliation removed by %(actor)s on %(date)s at %(time)s", **when)
            lines.append(roles.get(event.affiliation_id, "?"))
            if event.reason:
                lines.append(gettext("Reason: %(reason)s", reason=event.reason))
        elif s.type == "organisation.affiliation_moved":  # by a merge or its undoing
            summary = gettext("Affiliation moved to another record of the same person by "
                              "%(actor)s on %(date)s at %(time)s", **when)
            role = role_of.get(event.affiliation_id, "?")
            lines.append(gettext("%(role)s: %(before)s → %(after)s", role=role,
                                 before=names.get(event.from_person_id, "?"),
                                 after=names.get(event.person_id, "?")))
            roles[event.affiliation_id] = f"{names.get(event.person_id, '?')} ({role})"
        else:
            summary = s.type
        entries.append({"version": s.version, "type": s.type, "at": s.recorded_at,
                        "actor": actor_id, "actor_email": emails.get(actor_id),
                        "summary": summary, "changes": lines})
    return list(reversed(entries))


# -- affiliations ------------------------------------------------------------------------

def affiliations_of(engine: Engine, *, organisation_id: str | None = None,
                    person_id: str | None = None) -> list[dict[str, Any]]:
    """An organisation's people or a person's organisations: current ones first, then by
    start date, newest first."""
    a, o, p = affiliations.c, organisations.c, people.c
    query = (select(a.id, a.organisation_id, a.person_id, a.role, a.start, a.end,
                    o.name.label("organisation_name"), p.given_name, p.family_name)
             .select_from(affiliations.outerjoin(organisations, o.id == a.organisation_id)
                          .outerjoin(people, p.id == a.person_id))
             .where(p.erased.is_not(True)))  # an erased person is listed nowhere
    if organisation_id is not None:
        query = query.where(a.organisation_id == organisation_id)
    if person_id is not None:
        query = query.where(a.person_id == person_id)
    today = dt.date.today()
    with engine.connect() as conn:
        rows = conn.execute(query.order_by(a.start.desc(), a.id)).mappings().all()
    out = []
    for row in rows:
        item = dict(row)
        given, family = item.pop("given_name"), item.pop("family_name")
        item["person_name"] = " ".join(filter(None, (given, (family or "").upper()))) or None
        item["current"] = item["start"] <= today and (item["end"] is None or item["end"] >= today)
        out.append(item)
    return sorted(out, key=lambda i: not i["current"])


def affiliation(engine: Engine, organisation_id: str, affiliation_id: str) -> dict[str, Any]:
    for item in affiliations_of(engine, organisation_id=organisation_id):
        if item["id"] == affiliation_id:
            return item
    raise NotFound("affiliation", affiliation_id)


def find_people(engine: Engine, q: str | None, limit: int = 20) -> list[dict[str, Any]]:
    """People matching a name or email, to choose one in a form."""
    tokens = normalise(q).split()
    if not tokens:
        return []
    p = people.c
    where = and_(p.archived.is_(False), p.merged_into.is_(None),
                 *[p.search.like(f"%{escape_like(t)}%", escape="\\") for t in tokens])
    with engine.connect() as conn:
        rows = conn.execute(select(p.id, p.given_name, p.family_name, p.email,
                                   p.residence_town).where(where).order_by(p.sort_name, p.id)
                            .limit(limit)).mappings().all()
    return [dict(r) for r in rows]


# -- interactions --------------------------------------------------------------------------

def interactions_with(engine: Engine, subject_type: str, subject_id: str
                      ) -> list[dict[str, Any]]:
    """The interactions with a person or an organisation, newest first (notes included:
    for staff allowed PEOPLE_NOTES only)."""
    i = interactions.c
    with engine.connect() as conn:
        rows = conn.execute(select(interactions).where(and_(
            i.subject_type == subject_type, i.subject_id == subject_id, i.removed.is_(False)))
            .order_by(i.date.desc(), i.recorded_at.desc())).mappings().all()
        emails = emails_by_id(conn, [r["author_id"] for r in rows])
    out = []
    for row in rows:
        item = dict(row)
        item["author_email"] = emails.get(row["author_id"])
        out.append(_utc(item, "recorded_at"))
    return out


def subject_exists(engine: Engine, subject_type: str, subject_id: str) -> bool:
    table = people if subject_type == "person" else organisations
    with engine.connect() as conn:
        return conn.execute(select(table.c.id).where(table.c.id == subject_id)).first() is not None


def _person_names(conn, person_ids) -> dict[str, str]:
    ids = [i for i in set(person_ids) if i]
    if not ids:
        return {}
    rows = conn.execute(select(people.c.id, people.c.given_name, people.c.family_name)
                        .where(people.c.id.in_(ids))).all()
    return {r.id: f"{r.given_name} {r.family_name.upper()}" for r in rows}


def _organisation(row) -> dict[str, Any]:
    item = dict(row)
    for name in LIST_FIELDS:
        item[name] = list(item.get(name) or [])
    for name in ("registered_at", "updated_at"):
        _utc(item, name)
    return item


def _utc(item: dict, name: str) -> dict:
    if isinstance(item.get(name), dt.datetime) and item[name].tzinfo is None:
        item[name] = item[name].replace(tzinfo=dt.timezone.utc)
    return item


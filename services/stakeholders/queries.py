"""The read side: lists, details and histories for pages and the API."""
from __future__ import annotations

import datetime as dt
from typing import Any

from flask_babel import format_date, format_time, gettext
from sqlalchemy import Engine, and_, func, or_, select, true

from shared.db import escape_like
from shared.eventstore import NotFound

from .accounts import emails_by_id
from .consent.labels import CONSENT_SUMMARIES, consent_line
from .domain import LIST_FIELDS, N_, PERSON_FIELDS, registry
from .labels import change_line
from .duplicates.domain import decode, moved_ids
from .projections import people
from .search import query_keys

PERSON_COLUMNS = ("id", "version", *PERSON_FIELDS, "archived", "archived_reason",
                  "registered_at", "updated_at", "merged_into", "erased", "erased_at")


def list_people(engine: Engine, *, q: str | None = None, sex: str | None = None,
                country: str | None = None, role: str | None = None, status: str = "active",
                sort: str = "name", page: int = 1, per_page: int = 20) -> dict[str, Any]:
    conditions = [people.c.merged_into.is_(None)]  # a merged person shows as its survivor
    for token, key in query_keys(q):
        # the typed text anywhere in the names or email, or a name word spelt another way
        match = people.c.search.like(f"%{escape_like(token)}%", escape="\\")
        if len(key) >= 2:  # a one-letter key would match half the directory
            match = or_(match, people.c.name_keys.like(f"% {escape_like(key)}%", escape="\\"))
        conditions.append(match)
    if sex:
        conditions.append(people.c.sex == sex)
    if country:
        conditions.append(people.c.residence_country == country.upper())
    if role:
        conditions.append(people.c.roles_text.like(f"% {escape_like(role)} %", escape="\\"))
    if status == "active":
        conditions.append(people.c.archived.is_(False))
    elif status == "archived":
        conditions.append(people.c.archived.is_(True))
    if status != "active":  # an erased person (archived too) is shown only on their page
        conditions.append(people.c.erased.is_(False))
    where = and_(true(), *conditions)
    order = ((people.c.registered_at.desc(), people.c.id) if sort == "recent"
             else (people.c.sort_name, people.c.id))
    columns = [people.c[name] for name in PERSON_COLUMNS]
    with engine.connect() as conn:
        total = conn.execute(select(func.count()).select_from(people).where(where)).scalar_one()
        rows = conn.execute(select(*columns).where(where).order_by(*order)
                            .limit(per_page).offset((page - 1) * per_page)).mappings().all()
    return {"items": [_person(r) for r in rows], "total": total, "page": page,
            "per_page": per_page}


def get_person(engine: Engine, person_id: str) -> dict[str, Any]:
    with engine.connect() as conn:
        row = conn.execute(select(*[people.c[n] for n in PERSON_COLUMNS])
                           .where(people.c.id == person_id)).mappings().first()
    if row is None:
        raise NotFound("person", person_id)
    return _person(row)


def person_history(store, person_id: str) -> list[dict[str, Any]]:
    """Every event of a person, newest first: when, by whom, and what changed (translated)."""
    stored = store.load(person_id)
    if not stored or stored[0].stream_type != "person":
        raise NotFound("person", person_id)
    others = {s.data.get("survivor_id") or s.data.get("merged_id") for s in stored
              if s.type in MERGE_SUMMARIES}
    with store.engine.connect() as conn:
        emails = emails_by_id(conn, [s.metadata.get("actor") for s in stored])
        names = {r.id: f"{r.given_name} {r.family_name.upper()}" for r in conn.execute(
            select(people.c.id, people.c.given_name, people.c.family_name)
            .where(people.c.id.in_(sorted(others - {None}))))} if others else {}
    return describe(stored, emails, names)


def describe(stored, emails: dict[str, str], names: dict[str, str] | None = None
             ) -> list[dict[str, Any]]:
    """`names`: the names of the other records of merges, for their links."""
    names = names or {}
    state: dict[str, Any] = {}
    entries = []
    for s in stored:
        event = registry.to_event(s.type, s.data)
        actor_id = (s.metadata or {}).get("actor")
        who = emails.get(actor_id) or actor_id or gettext("the system")
        when = {"actor": who, "date": format_date(s.recorded_at, "short"),
                "time": format_time(s.recorded_at, "short")}
        lines = []
        if s.type == "person.registered":
            summary = gettext("Registered by %(actor)s on %(date)s at %(time)s", **when)
            state = {name: getattr(event, name) for name in PERSON_FIELDS}
        elif s.type == "person.corrected":
            summary = gettext("Corrected by %(actor)s on %(date)s at %(time)s", **when)
            for name, after in event.changes().items():
                lines.append(change_line(name, state.get(name), after))
                state[name] = after
        elif s.type == "person.archived":
            summary = gettext("Archived by %(actor)s on %(date)s at %(time)s", **when)
            if event.reason:
                lines.append(gettext("Reason: %(reason)s", reason=event.reason))
        elif s.type in MERGE_SUMMARIES:
            summary = gettext(MERGE_SUMMARIES[s.type], **when)
            values = decode(getattr(event, "changes", None) or getattr(event, "restored", None))
            before = (decode(event.previous) if s.type == "person.absorbed"
                      else {n: state.get(n) for n in values})
            for name, after in values.items():
                lines.append(change_line(name, before.get(name), after))
                state[name] = after
            lines.extend(_merge_lines(s.type, event))
        elif s.type == "person.erased":
            summary = gettext("Erased by %(actor)s on %(date)s at %(time)s", **when)
            lines.append(gettext("Reason: %(reason)s", reason=event.reason))
        elif s.type in CONSENT_SUMMARIES:  # consent/labels.py
            summary = gettext(CONSENT_SUMMARIES[s.type], **when)
            lines.append(consent_line(s.data))
        else:
            summary = s.type
        other = getattr(event, "survivor_id", None) or getattr(event, "merged_id", None)
        entries.append({"version": s.version, "type": s.type, "at": s.recorded_at,
                        "actor": actor_id, "actor_email": emails.get(actor_id),
                        "summary": summary, "changes": lines,
                        "fields": list(getattr(event, "changed", ())),
                        "other": other, "other_name": names.get(other) if other else None})
    return list(reversed(entries))


def _merge_lines(kind: str, event) -> list[str]:
    """What came with a merge (consents, affiliations, interactions) or went back."""
    lines = []
    for purpose, c in sorted((getattr(event, "consents", None) or {}).items()):
        data = {"purpose": purpose, "method": c["method"],
                ("given_at" if c["status"] == "given" else "withdrawn_at"): c["since"]}
        lines.append(gettext("Consent of the merged record: %(line)s",
                             line=consent_line(data)))
    pairs, interactions = moved_ids(getattr(event, "moved", None))
    if pairs or interactions:
        message = (N_("Moved from the merged record: %(affiliations)s affiliation(s), "
                      "%(interactions)s interaction(s)") if kind == "person.absorbed" else
                   N_("Moved back to the merged record: %(affiliations)s affiliation(s), "
                      "%(interactions)s interaction(s)"))
        lines.append(gettext(message, affiliations=len(pairs), interactions=len(interactions)))
    return lines


MERGE_SUMMARIES = {
    "person.merged_into": N_("Merged into another record by %(actor)s on %(date)s at %(time)s"),
    "person.absorbed": N_("Merged with a duplicate by %(actor)s on %(date)s at %(time)s"),
    "person.unmerged": N_("Merge undone by %(actor)s on %(date)s at %(time)s"),
    "person.absorption_undone": N_("Merge with a duplicate undone by %(actor)s on %(date)s at "
                                   "%(time)s"),
}


def _person(row) -> dict[str, Any]:
    person = dict(row)
    for name in LIST_FIELDS:
        person[name] = list(person.get(name) or [])
    for name in ("registered_at", "updated_at", "erased_at"):
        if isinstance(person.get(name), dt.datetime) and person[name].tzinfo is None:
            person[name] = person[name].replace(tzinfo=dt.timezone.utc)
    return person


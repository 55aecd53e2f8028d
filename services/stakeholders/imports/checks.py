"""Preview: each row checked by the command's own schema and the aggregate's own rules
(built, never saved), and its likely duplicates, in the directory and within the file."""
from __future__ import annotations

import uuid
from typing import Any

from marshmallow import ValidationError
from sqlalchemy import Engine, and_, or_, select

from shared.eventstore import DomainError

from .. import schemas as people_schemas
from ..domain import Person
from ..organisations import schemas as organisation_schemas
from ..organisations.domain import Organisation, compact
from ..organisations.projections import organisations
from ..projections import normalise, people
from ..search import names_close, phone_key

SCHEMAS = {"people": people_schemas.RegisterPerson,
           "organisations": organisation_schemas.RegisterOrganisation}
AGGREGATES = {"people": Person, "organisations": Organisation}


def messages_by_field(messages: Any, prefix: str = "") -> dict[str, list[str]]:
    """marshmallow's nested messages -> {field: [untranslated messages]} (translated when
    shown: a background import has no request to choose the language)."""
    out: dict[str, list[str]] = {}
    if isinstance(messages, dict):
        for key, value in messages.items():
            name = prefix if isinstance(key, int) else (f"{prefix}.{key}" if prefix else
                                                        str(key))
            for field, found in messages_by_field(value, name).items():
                out.setdefault(field, []).extend(m for m in found if m not in out.get(field, []))
    elif isinstance(messages, (list, tuple)):
        for item in messages:
            for field, found in messages_by_field(item, prefix).items():
                out.setdefault(field, []).extend(found)
    else:
        out.setdefault(prefix or "_schema", []).append(str(messages))
    return out


def load(kind: str, data: dict[str, Any], schema=None) -> dict[str, Any]:
    """The command, or ValidationError/DomainError: the schema, then the aggregate's rules."""
    command = (schema or SCHEMAS[kind]()).load(data)
    AGGREGATES[kind].register(str(uuid.uuid4()), **command)  # decided, never saved
    return command


def errors_of(kind: str, data: dict[str, Any], schema=None) -> dict[str, list[str]]:
    try:
        load(kind, data, schema)
    except ValidationError as exc:
        return messages_by_field(exc.messages)
    except DomainError as exc:
        return {exc.field or "_schema": [exc.message]}
    return {}


def check(engine: Engine, kind: str, rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Each row gains "errors" {field: [messages]} and "duplicates" [{reason, line | id,
    name}]; the counts of good, bad and duplicate rows."""
    schema = SCHEMAS[kind]()  # one for every row: building a schema costs more than a load
    for row in rows:
        row["errors"] = errors_of(kind, row["data"], schema)
        row["duplicates"] = []
    (_people_duplicates if kind == "people" else _organisation_duplicates)(engine, rows)
    return counts(rows)


def counts(rows: list[dict[str, Any]]) -> dict[str, int]:
    bad = sum(1 for r in rows if r["errors"])
    duplicates = sum(1 for r in rows if r["duplicates"] and not r["errors"])
    return {"total": len(rows), "good": len(rows) - bad - duplicates, "bad": bad,
            "duplicates": duplicates}


def _add(row, reason, **who) -> None:
    for entry in row["duplicates"]:
        if {k: entry.get(k) for k in who} == who:
            if reason not in entry["reasons"]:
                entry["reasons"].append(reason)
            return
    row["duplicates"].append({"reasons": [reason], **who})


def _active(table):
    return and_(table.c.archived.is_(False), *(
        [table.c.merged_into.is_(None)] if "merged_into" in table.c else []))


def _people_duplicates(engine: Engine, rows: list[dict[str, Any]]) -> None:
    def facts(data):
        email = (data.get("email") or "").strip().lower() or None
        country = data.get("residence_country")
        phones = {k for k in (phone_key(data.get("phone"), country),
                              phone_key(data.get("whatsapp"), country)) if k}
        return email, phones, data.get("birth_date")

    emails, phones, dates = set(), set(), set()
    for row in rows:
        email, keys, born = facts(row["data"])
        emails |= {email} if email else set()
        phones |= keys
        dates |= {born} if born else set()
    known = []
    conditions = []
    if emails:
        conditions.append(people.c.email.in_(sorted(emails)))
    if phones:
        conditions += [people.c.phone_key.in_(sorted(phones)),
                       people.c.whatsapp_key.in_(sorted(phones))]
    valid_dates = sorted(d for d in dates if _iso(d))
    if valid_dates:
        conditions.append(people.c.birth_date.in_([_iso(d) for d in valid_dates]))
    if conditions:
        with engine.connect() as conn:
            known = [dict(r) for r in conn.execute(select(
                people.c.id, people.c.given_name, people.c.family_name, people.c.birth_date,
                people.c.email, people.c.phone_key, people.c.whatsapp_key)
                .where(_active(people), or_(*conditions))).mappings()]
    # Only the people and the earlier rows sharing an email, a phone key or a birth date can
    # match: index them by those, and compare each row with its candidates, in order.
    known_by = _index([(other["email"], {other["phone_key"], other["whatsapp_key"]} - {None},
                        other["birth_date"] and other["birth_date"].isoformat())
                       for other in known])
    row_facts = [facts(row["data"]) for row in rows]
    seen_by: dict = {}
    for i, row in enumerate(rows):
        data = row["data"]
        email, keys, born = row_facts[i]
        for k in _candidates(known_by, email, keys, born):
            other = known[k]
            name = f"{other['given_name']} {other['family_name']}"
            if email and other["email"] == email:
                _add(row, "email", id=other["id"], name=name)
            if keys & {other["phone_key"], other["whatsapp_key"]} - {None}:
                _add(row, "phone", id=other["id"], name=name)
            if born and other["birth_date"] and other["birth_date"].isoformat() == born and \
                    names_close(data.get("given_name"), data.get("family_name"),
                                other["given_name"], other["family_name"]):
                _add(row, "name_birth_date", id=other["id"], name=name)
        for j in _candidates(seen_by, email, keys, born):
            earlier = rows[j]["data"]
            e_email, e_keys, e_born = row_facts[j]
            line = rows[j]["line"]
            if email and email == e_email:
                _add(row, "email", line=line)
            if keys & e_keys:
                _add(row, "phone", line=line)
            if born and born == e_born and names_close(
                    data.get("given_name"), data.get("family_name"),
                    earlier.get("given_name"), earlier.get("family_name")):
                _add(row, "name_birth_date", line=line)
        _index([row_facts[i]], seen_by, start=i)


def _index(facts_list, index=None, start: int = 0) -> dict:
    """{("email" | "phone" | "born", value): [positions]} of (email, phone keys, birth date)."""
    index = {} if index is None else index
    for n, (email, keys, born) in enumerate(facts_list, start):
        for fact in ([("email", email)] if email else []) + [("phone", k) for k in keys] + (
                [("born", born)] if born else []):
            index.setdefault(fact, []).append(n)
    return index


def _candidates(index: dict, email, keys, born) -> list[int]:
    found = set(index.get(("email", email), ())) if email else set()
    for k in keys:
        found.update(index.get(("phone", k), ()))
    if born:
        found.update(index.get(("born", born), ()))
    return sorted(found)


def _iso(value):
    import datetime as dt
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        return None


IDENTIFIERS = ("siret", "rna", "ice")


def _organisation_duplicates(engine: Engine, rows: list[dict[str, Any]]) -> None:
    def facts(data):
        ids = {(n, compact(data.get(n))) for n in IDENTIFIERS if compact(data.get(n))}
        return ids, normalise(data.get("name")) or None

    all_ids: dict[str, set[str]] = {n: set() for n in IDENTIFIERS}
    names = set()
    for row in rows:
        ids, name = facts(row["data"])
        for n, v in ids:
            all_ids[n].add(v)
        names |= {name[:200]} if name else set()
    conditions = [organisations.c[n].in_(sorted(v)) for n, v in all_ids.items() if v]
    if names:
        conditions.append(organisations.c.sort_name.in_(sorted(names)))
    known = []
    if conditions:
        with engine.connect() as conn:
            known = [dict(r) for r in conn.execute(select(
                organisations.c.id, organisations.c.name, organisations.c.sort_name,
                *(organisations.c[n] for n in IDENTIFIERS))
                .where(_active(organisations), or_(*conditions))).mappings()]
    seen: list[tuple[int, dict]] = []
    for row in rows:
        ids, name = facts(row["data"])
        for other in known:
            for n, v in ids:
                if other[n] == v:
                    _add(row, n, id=other["id"], name=other["name"])
            if name and other["sort_name"] == name[:200]:
                _add(row, "name", id=other["id"], name=other["name"])
        for line, earlier in seen:
            e_ids, e_name = facts(earlier)
            for n, v in ids & e_ids:
                _add(row, n, line=line)
            if name and name == e_name:
                _add(row, "name", line=line)
        seen.append((row["line"], row["data"]))

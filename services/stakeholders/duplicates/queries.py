"""Duplicate suggestions (the read side; dismissed pairs are in projections.py).

A pair of active people is suggested when they share an email, a phone number (compared in
E.164, country code included: '+212 6 12…' is not '+33 6 12…'), or a birth date with close names (see
search.names_close). Merged and archived people are never suggested; dismissed pairs
neither.
"""
from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, and_, func, or_, select
from sqlalchemy.orm import aliased

from shared.eventstore import NotFound

from ..domain import PERSON_FIELDS
from ..projections import people
from ..search import names_close
from .projections import dismissals

REASONS = ("email", "phone", "name_birth_date")
SUMMARY = ("id", "version", "given_name", "family_name", "birth_date", "email", "phone",
           "whatsapp", "residence_town", "residence_country")


def _active(table):
    return and_(table.c.archived.is_(False), table.c.merged_into.is_(None))


def _dismissed_with(conn, person_id: str) -> set[str]:
    rows = conn.execute(select(dismissals.c.person_a, dismissals.c.person_b).where(
        or_(dismissals.c.person_a == person_id, dismissals.c.person_b == person_id)))
    return {b if a == person_id else a for a, b in rows}


def suggestions_for(engine: Engine, person_id: str) -> list[dict[str, Any]]:
    """The people who may be the same as this one, with why: [{person, reasons}]."""
    columns = [people.c[n] for n in SUMMARY]
    with engine.connect() as conn:
        me = conn.execute(select(*columns, people.c.phone_key, people.c.whatsapp_key,
                                 people.c.archived, people.c.merged_into)
                          .where(people.c.id == person_id)).mappings().first()
        if me is None:
            raise NotFound("person", person_id)
        if me["archived"] or me["merged_into"]:
            return []
        found: dict[str, dict[str, Any]] = {}

        def add(rows, reason):
            for row in rows:
                entry = found.setdefault(row["id"], {"person": dict(row), "reasons": []})
                if reason not in entry["reasons"]:
                    entry["reasons"].append(reason)

        base = select(*columns).where(people.c.id != person_id, _active(people))
        if me["email"]:
            add(conn.execute(base.where(people.c.email == me["email"])).mappings(), "email")
        phones = [k for k in (me["phone_key"], me["whatsapp_key"]) if k]
        if phones:
            add(conn.execute(base.where(or_(people.c.phone_key.in_(phones),
                                            people.c.whatsapp_key.in_(phones))))
                .mappings(), "phone")
        if me["birth_date"]:
            same_day = conn.execute(base.where(people.c.birth_date == me["birth_date"])
                                    .limit(2000)).mappings()
            add((r for r in same_day if names_close(me["given_name"], me["family_name"],
                                                    r["given_name"], r["family_name"])),
                "name_birth_date")
        dismissed = _dismissed_with(conn, person_id)
    items = [e for pid, e in found.items() if pid not in dismissed]
    return sorted(items, key=lambda e: (-len(e["reasons"]), e["person"]["family_name"],
                                        e["person"]["given_name"], e["person"]["id"]))


def suggested_pairs(engine: Engine, limit: int = 200) -> dict[str, Any]:
    """Suggested pairs over the whole directory: [{a, b, reasons}], at most `limit`.

    Close names are looked for among people born the same day who share the key of their
    given or family name (or have them swapped); the edit distance is then checked."""
    a, b = aliased(people), aliased(people)
    columns = [a.c[n].label(f"a_{n}") for n in SUMMARY] + [b.c[n].label(f"b_{n}")
                                                             for n in SUMMARY]
    pairs: dict[tuple[str, str], dict[str, Any]] = {}

    def run(conn, condition, reason, check=None):
        query = (select(*columns).select_from(a).join(b, and_(a.c.id < b.c.id, condition))
                 .where(_active(a), _active(b)).limit(limit * 2))
        for row in conn.execute(query).mappings():
            one = {n: row[f"a_{n}"] for n in SUMMARY}
            two = {n: row[f"b_{n}"] for n in SUMMARY}
            if check and not check(one, two):
                continue
            entry = pairs.setdefault((one["id"], two["id"]), {"a": one, "b": two, "reasons": []})
            if reason not in entry["reasons"]:
                entry["reasons"].append(reason)

    def close(one, two):
        return names_close(one["given_name"], one["family_name"], two["given_name"],
                           two["family_name"])

    with engine.connect() as conn:
        run(conn, and_(a.c.email.is_not(None), a.c.email == b.c.email), "email")
        for left, right in (("phone_key", "phone_key"), ("phone_key", "whatsapp_key"),
                            ("whatsapp_key", "phone_key"), ("whatsapp_key", "whatsapp_key")):
            run(conn, and_(a.c[left].is_not(None), a.c[left] == b.c[right]), "phone")
        for left, right in (("family_key", "family_key"), ("given_key", "given_key"),
                            ("given_key", "family_key"), ("family_key", "given_key")):
            run(conn, and_(a.c.birth_date.is_not(None), a.c.birth_date == b.c.birth_date,
                           a.c[left] == b.c[right]), "name_birth_date", close)
        dismissed = {(r.person_a, r.person_b) for r in conn.execute(
            select(dismissals.c.person_a, dismissals.c.person_b))}
    items = [e for key, e in pairs.items() if tuple(sorted(key)) not in dismissed]
    items.sort(key=lambda e: (-len(e["reasons"]), e["a"]["family_name"], e["a"]["given_name"],
                              e["a"]["id"], e["b"]["id"]))
    return {"items": items[:limit], "total": len(items[:limit]), "limit": limit}


# -- the merge screen ----------------------------------------------------------------------

def holdings(engine: Engine, person: dict[str, Any]) -> dict[str, Any]:
    """What a record holds beside its fields, for the merge screen: its consents, its
    affiliations and how many interactions (their notes are not shown here)."""
    from ..consent.projections import people_consents
    from ..organisations.projections import interactions
    from ..organisations.queries import affiliations_of
    with engine.connect() as conn:
        consents = [dict(r) for r in conn.execute(
            select(people_consents.c.purpose, people_consents.c.status,
                   people_consents.c.since)
            .where(people_consents.c.person_id == person["id"])
            .order_by(people_consents.c.purpose)).mappings()]
        interaction_count = conn.execute(
            select(func.count()).select_from(interactions)
            .where(interactions.c.subject_type == "person",
                   interactions.c.subject_id == person["id"],
                   interactions.c.removed.is_(False))).scalar_one()
    filled = sum(1 for name in PERSON_FIELDS if person.get(name) not in (None, "", [], ()))
    return {"consents": consents,
            "affiliations": affiliations_of(engine, person_id=person["id"]),
            "interactions": interaction_count, "filled": filled,
            # The activities service does not exist yet: when it does, the person's
            # registrations to come (from its events) are counted here and shown.
            "registrations": None}


def richness(holding: dict[str, Any]) -> int:
    return (holding["filled"] + len(holding["consents"]) + len(holding["affiliations"])
            + holding["interactions"] + len(holding["registrations"] or ()))


def proposed_survivor(a: dict[str, Any], a_holds: dict[str, Any], b: dict[str, Any],
                      b_holds: dict[str, Any]) -> str:
    """The record to keep: the richer one, then the older one."""
    def key(person, holding):
        return (richness(holding), -person["registered_at"].timestamp())
    return a["id"] if key(a, a_holds) >= key(b, b_holds) else b["id"]

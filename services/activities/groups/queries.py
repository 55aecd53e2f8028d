"""Who belongs to an organisation, from the replica of stakeholders (current affiliations
of active people to an active organisation)."""
from __future__ import annotations

from sqlalchemy import Engine, func, select

from ..policies import affiliations, organisations, people


def _current():
    return (select(affiliations.c.person_id, affiliations.c.organisation_id)
            .join(people, people.c.person_id == affiliations.c.person_id)
            .join(organisations, organisations.c.organisation_id
                  == affiliations.c.organisation_id)
            .where(affiliations.c.ended.is_(False), people.c.archived.is_(False),
                   people.c.merged_into.is_(None), organisations.c.archived.is_(False)))


def members_of(engine: Engine, organisation_id: str) -> list[str]:
    """The ids of the organisation's current members, by name (each once)."""
    query = (_current().add_columns(people.c.family_name, people.c.given_name)
             .where(affiliations.c.organisation_id == organisation_id)
             .order_by(people.c.family_name, people.c.given_name, people.c.person_id))
    with engine.connect() as conn:
        return list(dict.fromkeys(row.person_id for row in conn.execute(query)))


def organisations_with_members(engine: Engine) -> list[dict]:
    """The organisations that have current members, by name, with how many."""
    current = _current().subquery()
    query = (select(organisations.c.organisation_id, organisations.c.name,
                    func.count(func.distinct(current.c.person_id)))
             .join(current, current.c.organisation_id == organisations.c.organisation_id)
             .group_by(organisations.c.organisation_id, organisations.c.name)
             .order_by(organisations.c.name))
    with engine.connect() as conn:
        return [{"id": i, "name": n, "members": c} for i, n, c in conn.execute(query)]

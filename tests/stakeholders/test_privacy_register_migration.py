"""0012_erasure_register fills the register with the erasures recorded before it (SQLite
here; PostgreSQL runs the same statements in every other test's migration)."""
from __future__ import annotations

from sqlalchemy import select

from services.stakeholders.app import MIGRATIONS
from services.stakeholders.domain import Person
from services.stakeholders.events import registry
from services.stakeholders.privacy.projections import erasures
from shared.db import make_engine
from shared.eventstore import EventStore, Metadata, UnitOfWork
from shared.migrate import upgrade


def test_erasures_recorded_before_the_register_are_in_it(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path}/stakeholders.db")
    upgrade(engine, MIGRATIONS, "0011_cheaper_people_indexes")
    store = EventStore(engine, registry)
    uow = UnitOfWork(store, (), Metadata(actor="admin-1"))  # no projector of the register yet
    person = Person.register("p-1", given_name="Zoubida", family_name="Q", sex="female")
    uow.save(person)
    person = uow.get(Person, "p-1")
    person.erase("Demande écrite")
    uow.save(person)
    upgrade(engine, MIGRATIONS)
    with engine.connect() as conn:
        rows = conn.execute(select(erasures.c.person_id, erasures.c.actor, erasures.c.reason)
                            ).all()
    assert [tuple(r) for r in rows] == [("p-1", "admin-1", "Demande écrite")]
    store.dispose()
    engine.dispose()

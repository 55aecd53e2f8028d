"""Helpers of the privacy desk's tests: a person erased through the unit of work (the erase
command is another piece of work), and another service's confirmation as it would arrive."""
from __future__ import annotations

from sqlalchemy import select

from services.stakeholders.domain import Person
from services.stakeholders.events import PROJECTORS
from shared.access.tables import staff_members
from shared.db import make_engine
from shared.eventstore import EventStore, Metadata, UnitOfWork
from shared.eventstore.schema import metadata as store_metadata
from shared.messaging.envelope import from_cloudevent, to_cloudevent
from shared.privacy import erasure
from shared.testing.web import DEFAULT_EMAIL


def admin_id(engine, email=DEFAULT_EMAIL) -> str:
    with engine.connect() as conn:
        return conn.execute(select(staff_members.c.account_id)
                            .where(staff_members.c.email == email)).scalar_one()


def erase(app, person_id: str, reason: str, actor: str | None = None):
    """Person.erase appended with the projections, as the erase command will; the stored
    person.erased."""
    store = app.extensions["argan"]["store"]
    uow = UnitOfWork(store, PROJECTORS, Metadata(actor=actor, correlation_id="test"))
    person = uow.get(Person, person_id)
    person.erase(reason)
    uow.save(person)
    store.number_pending()  # positions are given after the commit (PostgreSQL)
    return store.load(person_id)[-1]


class OtherService:
    """A service's own store (SQLite), confirming erasures with the kit's confirm_erasure:
    its `privacy.person_erased` events as stakeholders' consumer receives them."""

    def __init__(self, name: str, folder):
        self.name = name
        self.engine = make_engine(f"sqlite:///{folder}/{name}.db")
        store_metadata.create_all(self.engine)
        self.store = EventStore(self.engine, erasure.registry)

    def confirm(self, erased_stored):
        """Honour stakeholders' person.erased; the confirmation as received (CloudEvent)."""
        event = from_cloudevent(to_cloudevent(erased_stored, "stakeholders"))
        with self.store.transaction() as conn:
            erasure.confirm_erasure(conn, self.store, event)
        self.store.number_pending()
        last = self.store.load(erasure.erasure_stream(event.stream_id))[-1]
        return from_cloudevent(to_cloudevent(last, self.name))

    def dispose(self):
        self.store.dispose()
        self.engine.dispose()

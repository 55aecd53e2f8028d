import pytest

from services.stakeholders.domain import registry
from services.stakeholders.handlers import archive_person, correct_person, register_person
from shared.eventstore import ConcurrencyError, DomainError, Metadata, NotFound, UnitOfWork
from shared.testing.fakes import InMemoryEventStore


@pytest.fixture
def store():
    return InMemoryEventStore(registry)


@pytest.fixture
def uow(store):
    return UnitOfWork(store, metadata=Metadata(actor="staff-1", correlation_id="req-1"))


def test_register_appends_with_metadata(store, uow):
    person = register_person(uow, {"given_name": "Youssef", "family_name": "Aït Said"})
    (stored,) = store.load(person.id)
    assert stored.type == "person.registered" and stored.version == 1
    assert stored.metadata["actor"] == "staff-1"
    assert stored.metadata["correlation_id"] == "req-1"


def test_correct_then_archive(store, uow):
    person = register_person(uow, {"given_name": "Youssef", "family_name": "Aït Said"})
    assert correct_person(uow, person.id, 1, {"email": "y@example.ma"}).version == 2
    assert archive_person(uow, person.id, 2, "duplicate").version == 3
    assert [s.type for s in store.load(person.id)] == [
        "person.registered", "person.corrected", "person.archived"]
    with pytest.raises(DomainError):
        correct_person(uow, person.id, 3, {"email": "z@example.ma"})


def test_stale_version_is_a_conflict_listing_the_changes(store, uow):
    person = register_person(uow, {"given_name": "Youssef", "family_name": "Aït Said"})
    correct_person(uow, person.id, 1, {"email": "y@example.ma"})
    with pytest.raises(ConcurrencyError) as error:
        correct_person(uow, person.id, 1, {"phone": "+212 600 000 000"})
    assert error.value.actual == 2
    assert [c.type for c in error.value.changes] == ["person.corrected"]
    assert len(store.load(person.id)) == 2


def test_unknown_person(uow):
    with pytest.raises(NotFound):
        correct_person(uow, "nobody", 1, {"email": "a@b.co"})

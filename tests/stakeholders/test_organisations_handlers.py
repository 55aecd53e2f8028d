import datetime as dt

import pytest

from services.stakeholders.events import registry
from services.stakeholders.handlers import archive_person, register_person
from services.stakeholders.organisations import handlers
from shared.eventstore import ConcurrencyError, DomainError, Metadata, NotFound, UnitOfWork
from shared.testing.fakes import InMemoryEventStore


@pytest.fixture
def store():
    return InMemoryEventStore(registry)


@pytest.fixture
def uow(store):
    return UnitOfWork(store, metadata=Metadata(actor="staff-1", correlation_id="req-1"))


@pytest.fixture
def org(uow):
    return handlers.register_organisation(uow, {"name": "Tifawin", "kind": "osim"})


def test_register_correct_archive(store, uow, org):
    assert handlers.correct_organisation(uow, org.id, 1, {"town": "Agadir"}).version == 2
    with pytest.raises(ConcurrencyError) as stale:
        handlers.correct_organisation(uow, org.id, 1, {"town": "Tiznit"})
    assert [c.type for c in stale.value.changes] == ["organisation.corrected"]
    assert handlers.archive_organisation(uow, org.id, 2, "fermée").version == 3
    assert [s.type for s in store.load(org.id)] == [
        "organisation.registered", "organisation.corrected", "organisation.archived"]
    assert store.load(org.id)[0].metadata["actor"] == "staff-1"
    with pytest.raises(NotFound):
        handlers.correct_organisation(uow, "nobody", 1, {"town": "x"})


def test_affiliations_are_on_the_organisation_stream_and_need_a_known_person(store, uow, org):
    person = register_person(uow, {"given_name": "Amina", "family_name": "Ait"})
    organisation, affiliation_id = handlers.add_affiliation(
        uow, org.id, None, person.id, "Présidente", dt.date(2024, 1, 1))
    assert organisation.version == 2
    (added,) = store.load(org.id, after_version=1)
    assert added.type == "organisation.affiliation_added"
    assert added.data["person_id"] == person.id and added.data["affiliation_id"] == affiliation_id
    handlers.end_affiliation(uow, org.id, 2, affiliation_id, dt.date(2024, 6, 30))
    handlers.remove_affiliation(uow, org.id, None, affiliation_id)
    with pytest.raises(DomainError) as unknown:
        handlers.add_affiliation(uow, org.id, None, "nobody", "Membre", dt.date(2024, 1, 1))
    assert unknown.value.field == "person_id"
    # a person's stream is not an organisation's
    with pytest.raises(NotFound):
        handlers.add_affiliation(uow, person.id, None, person.id, "Membre", dt.date(2024, 1, 1))
    archive_person(uow, person.id, 1)
    with pytest.raises(DomainError) as archived:
        handlers.add_affiliation(uow, org.id, None, person.id, "Membre", dt.date(2024, 1, 1))
    assert archived.value.field == "person_id"


def test_interactions_with_people_and_organisations(store, uow, org):
    person = register_person(uow, {"given_name": "Amina", "family_name": "Ait"})
    command = {"kind": "meeting", "date": dt.date.today(), "summary": "Rencontre",
               "notes": "Projet d'école"}
    interaction = handlers.record_interaction(uow, "person", person.id, command)
    (recorded,) = store.load(interaction.id)
    assert recorded.stream_type == "interaction"
    assert recorded.data["author_id"] == "staff-1" and recorded.data["subject_id"] == person.id
    handlers.record_interaction(uow, "organisation", org.id, command)
    with pytest.raises(NotFound):
        handlers.record_interaction(uow, "organisation", person.id, command)
    handlers.remove_interaction(uow, interaction.id)
    assert [s.type for s in store.load(interaction.id)] == ["interaction.recorded",
                                                            "interaction.removed"]
    handlers.archive_organisation(uow, org.id, 1)
    with pytest.raises(DomainError):
        handlers.record_interaction(uow, "organisation", org.id, command)

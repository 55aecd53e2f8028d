"""Consent rules on the Person aggregate, and the handlers with the in-memory store."""
import datetime as dt

import pytest

from services.stakeholders.consent.domain import GIVEN, WITHDRAWN
from services.stakeholders.consent.handlers import give_consent, withdraw_consent
from services.stakeholders.domain import Person, registry
from services.stakeholders.handlers import archive_person, register_person
from shared.eventstore import ConcurrencyError, DomainError, Metadata, UnitOfWork
from shared.testing.fakes import InMemoryEventStore

TODAY = dt.date(2024, 6, 1)


def person():
    p = Person.register("p1", given_name="Amina", family_name="El Idrissi", today=TODAY)
    p.pending = []
    return p


def error(fn, *args, **kwargs) -> DomainError:
    with pytest.raises(DomainError) as caught:
        fn(*args, **kwargs)
    return caught.value


def test_give_then_withdraw_then_give_again_is_a_timeline():
    p = person()
    p.give_consent("newsletter", dt.date(2024, 1, 10), "paper_form", " signed at the forum ",
                   today=TODAY)
    p.withdraw_consent("newsletter", dt.date(2024, 3, 1), "email", today=TODAY)
    p.give_consent("newsletter", dt.date(2024, 5, 2), "online", today=TODAY)
    assert [e.type for e in p.pending] == ["person.consent_given", "person.consent_withdrawn",
                                           "person.consent_given"]
    assert p.pending[0].note == "signed at the forum"
    state = p.consents["newsletter"]
    assert (state.status, state.since, state.method) == (GIVEN, dt.date(2024, 5, 2), "online")
    assert p.version == 4


def test_each_purpose_is_its_own_timeline():
    p = person()
    p.give_consent("photos", dt.date(2024, 1, 10), "oral", today=TODAY)
    p.give_consent("newsletter", dt.date(2024, 1, 10), "oral", today=TODAY)
    p.withdraw_consent("photos", dt.date(2024, 2, 10), "oral", today=TODAY)
    assert p.consents["photos"].status == WITHDRAWN
    assert p.consents["newsletter"].status == GIVEN
    assert "event_invitations" not in p.consents


def test_the_rules_name_the_field_at_fault():
    p = person()
    assert error(p.give_consent, "spam", TODAY, "oral", today=TODAY).field == "purpose"
    assert error(p.give_consent, "newsletter", TODAY, "pigeon", today=TODAY).field == "method"
    future = error(p.give_consent, "newsletter", TODAY + dt.timedelta(days=1), "oral",
                   today=TODAY)
    assert future.field == "given_at" and "future" in future.message
    assert error(p.give_consent, "newsletter", None, "oral", today=TODAY).field == "given_at"
    assert error(p.give_consent, "newsletter", TODAY, "oral", "x" * 501,
                 today=TODAY).field == "note"
    nothing = error(p.withdraw_consent, "newsletter", TODAY, "oral", today=TODAY)
    assert nothing.field == "purpose" and "nothing to withdraw" in nothing.message
    p.give_consent("newsletter", dt.date(2024, 5, 1), "oral", today=TODAY)
    again = error(p.give_consent, "newsletter", TODAY, "oral", today=TODAY)
    assert again.field == "purpose" and "already given" in again.message
    before = error(p.withdraw_consent, "newsletter", dt.date(2024, 4, 30), "oral", today=TODAY)
    assert before.field == "withdrawn_at"
    assert error(p.withdraw_consent, "newsletter", TODAY + dt.timedelta(days=1), "oral",
                 today=TODAY).field == "withdrawn_at"
    p.withdraw_consent("newsletter", dt.date(2024, 5, 20), "oral", today=TODAY)
    twice = error(p.withdraw_consent, "newsletter", TODAY, "oral", today=TODAY)
    assert "nothing to withdraw" in twice.message
    assert error(p.give_consent, "newsletter", dt.date(2024, 5, 19), "oral",
                 today=TODAY).field == "given_at"
    assert len(p.pending) == 2  # nothing refused was recorded


def test_archived_people_can_withdraw_but_not_give():
    p = person()
    p.give_consent("photos", dt.date(2024, 1, 1), "oral", today=TODAY)
    p.archive("left")
    assert "archived" in error(p.give_consent, "newsletter", TODAY, "oral", today=TODAY).message
    p.withdraw_consent("photos", TODAY, "email", today=TODAY)
    assert p.consents["photos"].status == WITHDRAWN


def test_events_round_trip_through_the_registry():
    p = person()
    p.give_consent("data_processing", dt.date(2024, 1, 1), "online", "form #12", today=TODAY)
    (event,) = p.pending
    data = event.to_data()
    assert data == {"purpose": "data_processing", "given_at": "2024-01-01", "method": "online",
                    "note": "form #12"}
    assert registry.to_event(event.type, data) == event
    assert "note" in type(event).personal_data


# -- handlers with the in-memory store ----------------------------------------------------

@pytest.fixture
def store():
    return InMemoryEventStore(registry)


@pytest.fixture
def uow(store):
    return UnitOfWork(store, metadata=Metadata(actor="staff-1", correlation_id="req-1"))


def test_handlers_append_on_the_person_stream_with_the_recorder(store, uow):
    p = register_person(uow, {"given_name": "Youssef", "family_name": "Aït Said"})
    give_consent(uow, p.id, 1, purpose="newsletter", given_at=dt.date(2024, 1, 2),
                 method="paper_form", note=None)
    withdraw_consent(uow, p.id, 2, purpose="newsletter", withdrawn_at=dt.date(2024, 2, 2),
                     method="email")
    stored = store.load(p.id)
    assert [s.type for s in stored] == ["person.registered", "person.consent_given",
                                        "person.consent_withdrawn"]
    assert {s.stream_type for s in stored} == {"person"}
    assert stored[1].metadata["actor"] == "staff-1"


def test_handlers_check_the_version_and_refuse_without_writing(store, uow):
    p = register_person(uow, {"given_name": "Youssef", "family_name": "Aït Said"})
    give_consent(uow, p.id, 1, purpose="photos", given_at=dt.date(2024, 1, 2), method="oral")
    with pytest.raises(ConcurrencyError):
        give_consent(uow, p.id, 1, purpose="newsletter", given_at=dt.date(2024, 1, 2),
                     method="oral")
    with pytest.raises(DomainError):
        give_consent(uow, p.id, 2, purpose="photos", given_at=dt.date(2024, 1, 3), method="oral")
    archive_person(uow, p.id, 2)
    withdraw_consent(uow, p.id, 3, purpose="photos", withdrawn_at=dt.date(2024, 1, 3),
                     method="oral")
    assert len(store.load(p.id)) == 4

"""The erasure rules of Person, pure (no database): who may be erased, with what reason,
and that nothing more is recorded about an erased person."""
import datetime as dt

import pytest

from services.stakeholders.domain import Person, PersonErased
from services.stakeholders.duplicates import domain as merging
from shared.eventstore import DomainError

TODAY = dt.date(2026, 12, 4)
ZINEB = {"given_name": "Zineb", "family_name": "Aït Brahim", "email": "zineb@example.ma",
         "phone": "+212 6 12 34 56 78", "residence_country": "MA"}


def erased(person: Person) -> Person:
    person.erase("Demande écrite du 3 décembre")
    return person


def test_erasure_records_the_reason_and_empties_the_person():
    person = erased(Person.register("p-1", today=TODAY, **ZINEB))
    assert isinstance(person.pending[-1], PersonErased)
    assert person.pending[-1].reason == "Demande écrite du 3 décembre"
    assert person.erased and person.archived and person.details == {}


def test_an_archived_person_can_be_erased_once():
    person = Person.register("p-1", today=TODAY, **ZINEB)
    person.archive("parti")
    erased(person)
    with pytest.raises(DomainError, match="already been erased"):
        person.erase("encore")


@pytest.mark.parametrize("reason", ["", "   ", None, "x" * 501])
def test_the_reason_is_required_and_bounded(reason):
    person = Person.register("p-1", today=TODAY, **ZINEB)
    with pytest.raises(DomainError) as error:
        person.erase(reason)
    assert error.value.field == "reason" and not person.erased


@pytest.mark.parametrize("reason", ["Demande de zineb", "Courriel de M. AIT BRAHIM",
                                    "écrit par zineb@example.ma", "appel du 06 12 34 56 78"])
def test_the_reason_may_not_name_the_person(reason):
    person = Person.register("p-1", today=TODAY, **ZINEB)
    with pytest.raises(DomainError, match="must not name") as error:
        person.erase(reason)
    assert error.value.field == "reason"


def test_a_merged_record_is_erased_through_its_survivor_only():
    survivor = Person.register("p-1", today=TODAY, **ZINEB)
    merged = Person.register("p-2", today=TODAY, **ZINEB)
    merging.merge(survivor, merged, {}, today=TODAY)
    with pytest.raises(DomainError, match="erase that record instead"):
        merged.erase("Demande")
    merged.erase("Demande", with_survivor=True)
    assert merged.erased


def test_nothing_more_is_recorded_about_an_erased_person():
    person = erased(Person.register("p-1", today=TODAY, **ZINEB))
    other = Person.register("p-2", today=TODAY, given_name="Omar", family_name="Idrissi")
    attempts = [lambda: person.correct({"email": "z@example.ma"}, today=TODAY),
                lambda: person.archive(),
                lambda: person.give_consent("photos", TODAY, "oral", today=TODAY),
                lambda: person.withdraw_consent("photos", TODAY, "oral", today=TODAY),
                lambda: merging.merge(other, person, {}, today=TODAY),
                lambda: merging.merge(person, other, {}, today=TODAY)]
    for attempt in attempts:
        with pytest.raises(DomainError, match="has been erased"):
            attempt()

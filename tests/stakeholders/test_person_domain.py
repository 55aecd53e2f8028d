import datetime as dt

import pytest

from services.stakeholders.domain import (Person, PersonArchived, PersonCorrected,
                                          PersonRegistered, registry)
from shared.eventstore import DomainError

TODAY = dt.date(2026, 6, 1)


def amina(**overrides):
    details = dict(given_name=" Amina ", family_name="El  Idrissi", sex="female",
                   birth_date=dt.date(2003, 4, 5), email="Amina@Example.ORG",
                   nationality="ma", languages=["ar", "TZM", "fr", "fr"], roles=["volunteer"])
    details.update(overrides)
    return Person.register("p-1", today=TODAY, **details)


def test_register_records_cleaned_details():
    person = amina()
    (event,) = person.pending
    assert isinstance(event, PersonRegistered)
    assert (event.given_name, event.family_name) == ("Amina", "El Idrissi")
    assert event.email == "amina@example.org" and event.nationality == "MA"
    assert event.languages == ("ar", "tzm", "fr")
    assert person.version == 1 and person.decided_on == 0


@pytest.mark.parametrize("overrides, field", [
    ({"given_name": "  "}, "given_name"),
    ({"family_name": None}, "family_name"),
    ({"email": "not-an-email"}, "email"),
    ({"birth_date": dt.date(2026, 6, 2)}, "birth_date"),
    ({"sex": "x"}, "sex"),
    ({"roles": ["wizard"]}, "roles"),
    ({"nationality": "Morocco"}, "nationality"),
    ({"phone": "call me"}, "phone"),
])
def test_register_rules_name_the_field(overrides, field):
    with pytest.raises(DomainError) as error:
        amina(**overrides)
    assert error.value.field == field


def test_correct_records_only_what_changed():
    person = Person.rebuild("p-1", amina().pending)
    person.correct({"email": "new@example.org", "given_name": "Amina", "phone": None},
                   today=TODAY)
    (event,) = person.pending
    assert isinstance(event, PersonCorrected)
    assert event.changed == ("email",)
    assert event.to_data() == {"changed": ["email"], "email": "new@example.org"}
    assert person.details["email"] == "new@example.org"


def test_correct_without_change_is_refused():
    person = Person.rebuild("p-1", amina().pending)
    with pytest.raises(DomainError, match="Nothing changed"):
        person.correct({"email": "AMINA@example.org"}, today=TODAY)


def test_correct_keeps_the_rules():
    person = Person.rebuild("p-1", amina().pending)
    with pytest.raises(DomainError) as error:
        person.correct({"family_name": ""}, today=TODAY)
    assert error.value.field == "family_name"


def test_nothing_after_archive():
    person = Person.rebuild("p-1", [*amina().pending, PersonArchived(reason="left")])
    assert person.archived
    with pytest.raises(DomainError, match="archived person cannot be corrected"):
        person.correct({"email": "x@example.org"}, today=TODAY)
    with pytest.raises(DomainError, match="already archived"):
        person.archive("again")


def test_events_declare_personal_data_and_round_trip():
    assert {"given_name", "family_name", "birth_date", "email", "phone", "whatsapp"} <= set(
        PersonRegistered.personal_data)
    assert set(PersonRegistered.personal_data) <= set(PersonCorrected.personal_data)
    event = amina().pending[0]
    assert registry.to_event(event.type, event.to_data()) == event
    corrected = PersonCorrected(changed=("birth_date",), birth_date=dt.date(2000, 1, 1))
    assert registry.to_event(corrected.type, corrected.to_data()) == corrected

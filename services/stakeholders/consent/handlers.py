"""Consent commands: load the person, decide, append (people_consents moves in the same
transaction)."""
from __future__ import annotations

import datetime as dt

from shared.eventstore import UnitOfWork

from ..domain import Person


def give_consent(uow: UnitOfWork, person_id: str, expected_version: int, *, purpose: str,
                 given_at: dt.date, method: str, note: str | None = None) -> Person:
    person = uow.get(Person, person_id, expected_version)
    person.give_consent(purpose, given_at, method, note)
    uow.save(person)
    return person


def withdraw_consent(uow: UnitOfWork, person_id: str, expected_version: int, *, purpose: str,
                     withdrawn_at: dt.date, method: str, note: str | None = None) -> Person:
    person = uow.get(Person, person_id, expected_version)
    person.withdraw_consent(purpose, withdrawn_at, method, note)
    uow.save(person)
    return person

"""One function per command: load, decide, append (with the projections, in one transaction)."""
from __future__ import annotations

import uuid
from typing import Any

from shared.eventstore import UnitOfWork

from .domain import Person


def register_person(uow: UnitOfWork, command: dict[str, Any]) -> Person:
    person = Person.register(str(uuid.uuid4()), **command)
    uow.save(person)
    return person


def correct_person(uow: UnitOfWork, person_id: str, expected_version: int,
                   changes: dict[str, Any]) -> Person:
    person = uow.get(Person, person_id, expected_version)
    person.correct(changes)
    uow.save(person)
    return person


def archive_person(uow: UnitOfWork, person_id: str, expected_version: int,
                   reason: str | None = None) -> Person:
    person = uow.get(Person, person_id, expected_version)
    person.archive(reason)
    uow.save(person)
    return person

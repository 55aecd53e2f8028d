"""One function per command: load, decide, append (with the projections, in one transaction)."""
from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from shared.eventstore import DomainError, NotFound, UnitOfWork

from ..domain import ERASED_REFUSAL, Person
from .domain import N_, Interaction, Organisation


def register_organisation(uow: UnitOfWork, command: dict[str, Any]) -> Organisation:
    organisation = Organisation.register(str(uuid.uuid4()), **command)
    uow.save(organisation)
    return organisation


def correct_organisation(uow: UnitOfWork, organisation_id: str, expected_version: int,
                         changes: dict[str, Any]) -> Organisation:
    organisation = uow.get(Organisation, organisation_id, expected_version)
    organisation.correct(changes)
    uow.save(organisation)
    return organisation


def archive_organisation(uow: UnitOfWork, organisation_id: str, expected_version: int,
                         reason: str | None = None) -> Organisation:
    organisation = uow.get(Organisation, organisation_id, expected_version)
    organisation.archive(reason)
    uow.save(organisation)
    return organisation


def add_affiliation(uow: UnitOfWork, organisation_id: str, expected_version: int | None,
                    person_id: str, role: str, start: dt.date, end: dt.date | None = None
                    ) -> tuple[Organisation, str]:
    """The organisation, and the new affiliation's id. The person must be known and not
    archived. Without `expected_version` the affiliation is added to the current state
    (adding one never overwrites anything)."""
    organisation = uow.get(Organisation, organisation_id, expected_version)
    _known_person(uow, person_id)
    affiliation_id = str(uuid.uuid4())
    organisation.add_affiliation(affiliation_id, person_id, role, start, end)
    uow.save(organisation)
    return organisation, affiliation_id


def end_affiliation(uow: UnitOfWork, organisation_id: str, expected_version: int | None,
                    affiliation_id: str, end: dt.date | None) -> Organisation:
    organisation = uow.get(Organisation, organisation_id, expected_version)
    organisation.end_affiliation(affiliation_id, end)
    uow.save(organisation)
    return organisation


def remove_affiliation(uow: UnitOfWork, organisation_id: str, expected_version: int | None,
                       affiliation_id: str, reason: str | None = None) -> Organisation:
    organisation = uow.get(Organisation, organisation_id, expected_version)
    organisation.remove_affiliation(affiliation_id, reason)
    uow.save(organisation)
    return organisation


def record_interaction(uow: UnitOfWork, subject_type: str, subject_id: str,
                       command: dict[str, Any]) -> Interaction:
    """An interaction with a known person or organisation; its author is the actor of the
    unit of work (the signed-in staff member)."""
    subject = uow.get(Person if subject_type == "person" else Organisation, subject_id)
    if subject_type == "person":
        subject.refuse_if_erased()
    if subject.archived:
        raise DomainError(N_("No interaction can be recorded with an archived record."))
    if subject_type == "person":
        subject.refuse_if_merged()
    interaction = Interaction.record_new(
        str(uuid.uuid4()), subject_type=subject_type, subject_id=subject_id,
        author_id=uow.metadata.actor, **command)
    uow.save(interaction)
    return interaction


def remove_interaction(uow: UnitOfWork, interaction_id: str, reason: str | None = None
                       ) -> Interaction:
    interaction = uow.get(Interaction, interaction_id)
    interaction.remove(reason)
    uow.save(interaction)
    return interaction


def _known_person(uow: UnitOfWork, person_id: str) -> None:
    try:
        person = uow.get(Person, person_id) if person_id else None
    except NotFound:
        person = None
    if person is None:
        raise DomainError(N_("This person is not known."), "person_id")
    if person.erased:
        raise DomainError(ERASED_REFUSAL, "person_id")
    if person.archived:
        raise DomainError(N_("This person is archived."), "person_id")
    if person.merged_into:
        raise DomainError(N_("This person was merged into another record: choose that "
                             "record."), "person_id")

"""One function per command: load, decide, append (with the projections, in one transaction).
Called as handler(uow, **path arguments, **command) by shared.web.commands. Recording a
coaching session or a document may leave out expected_version: it is then decided on the
current version (the append still refuses a stream that moved meanwhile)."""
from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from shared.eventstore import DomainError, UnitOfWork

from .domain import N_, Accompaniment
from .schemas import PROGRAMMES


def _new_id() -> str:
    return str(uuid.uuid4())


def open_accompaniment(uow: UnitOfWork, **details: Any) -> Accompaniment:
    """Open the accompaniment of a project (it starts at the idea stage). An association
    must be known to the directory (the replica of stakeholders) and not archived. The
    programme is one reporting has defined; while it has defined none, one of the two codes
    the directory uses (PRA, GENCLIMAT)."""
    known = uow.directory.programmes() or set(PROGRAMMES)
    if details.get("programme") not in known:
        raise DomainError(N_("Choose the programme."), "programme")
    if details.get("organisation_id"):
        association = uow.directory.host(details["organisation_id"])
        if association is None or association.archived:
            raise DomainError(N_("Unknown association, or archived in the directory."),
                              "organisation_id")
    accompaniment = Accompaniment.open(_new_id(), **details)
    uow.save(accompaniment)
    return accompaniment


def change_stage(uow: UnitOfWork, accompaniment_id: str, expected_version: int, *,
                 stage: str, on: dt.date) -> Accompaniment:
    """Move the project on to its next stage, on a date."""
    accompaniment = uow.get(Accompaniment, accompaniment_id, expected_version)
    accompaniment.change_stage(stage, on)
    uow.save(accompaniment)
    return accompaniment


def decide(uow: UnitOfWork, accompaniment_id: str, expected_version: int, *, selected: bool,
           on: dt.date, budget_granted: float | None = None) -> Accompaniment:
    """Record the selection committee's decision on a submitted project."""
    accompaniment = uow.get(Accompaniment, accompaniment_id, expected_version)
    accompaniment.decide(selected, on, budget_granted)
    uow.save(accompaniment)
    return accompaniment


def record_coaching(uow: UnitOfWork, accompaniment_id: str, *, date: dt.date, hours: float,
                    activity_id: str | None = None, notes: str | None = None,
                    expected_version: int | None = None) -> dict[str, Any]:
    """Record a coaching session (optionally the activity that was its workshop)."""
    accompaniment = uow.get(Accompaniment, accompaniment_id, expected_version)
    coaching_id = _new_id()
    accompaniment.record_coaching(coaching_id, date, hours, activity_id, notes)
    uow.save(accompaniment)
    return {"id": accompaniment.id, "version": accompaniment.version, "coaching_id": coaching_id}


def expect_document(uow: UnitOfWork, accompaniment_id: str, *, kind: str, due_on: dt.date,
                    label: str | None = None, expected_version: int | None = None
                    ) -> dict[str, Any]:
    """Ask the project for a document (budget, report...) by a due date."""
    accompaniment = uow.get(Accompaniment, accompaniment_id, expected_version)
    document_id = _new_id()
    accompaniment.expect_document(document_id, kind, due_on, label)
    uow.save(accompaniment)
    return {"id": accompaniment.id, "version": accompaniment.version, "document_id": document_id}


def receive_document(uow: UnitOfWork, accompaniment_id: str, document_id: str, *,
                     received_on: dt.date, expected_version: int | None = None
                     ) -> Accompaniment:
    """Record that an expected document has been received."""
    accompaniment = uow.get(Accompaniment, accompaniment_id, expected_version)
    accompaniment.receive_document(document_id, received_on)
    uow.save(accompaniment)
    return accompaniment

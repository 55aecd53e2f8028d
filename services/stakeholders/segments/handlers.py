"""Segment commands: load, decide, append (the `segments` table moves in the same transaction)."""
from __future__ import annotations

import uuid
from typing import Any

from shared.eventstore import ConcurrencyError, DomainError, NotFound, UnitOfWork

from ..organisations.domain import Organisation
from .domain import N_, Segment


def _known_organisations(uow: UnitOfWork, ids, already=()) -> None:
    """Each organisation newly named must exist and be active (one already in the segment
    and archived since stays: it simply matches no one)."""
    for organisation_id in dict.fromkeys(v.strip() for v in ids or () if v and v.strip()):
        if organisation_id in (already or ()):
            continue
        try:
            organisation = uow.get(Organisation, organisation_id)
        except NotFound:
            organisation = None
        if organisation is None:
            raise DomainError(N_("This organisation is not known."), "organisation_ids")
        if organisation.archived:
            raise DomainError(N_("This organisation is archived."), "organisation_ids")


def save_segment(uow: UnitOfWork, command: dict[str, Any]) -> Segment:
    segment = Segment.save(str(uuid.uuid4()), **command)
    _known_organisations(uow, segment.definition.get("organisation_ids"))
    uow.save(segment)
    return segment


def _load(uow: UnitOfWork, segment_id: str, expected_version: int) -> Segment:
    """The segment as decided on `expected_version`; exports since then change no definition,
    so they do not make a form stale."""
    try:
        return uow.get(Segment, segment_id, expected_version)
    except ConcurrencyError as exc:
        if exc.actual < expected_version or any(
                c.type != "segment.exported" for c in exc.changes):
            raise
        return uow.get(Segment, segment_id)


def change_segment(uow: UnitOfWork, segment_id: str, expected_version: int,
                   changes: dict[str, Any]) -> Segment:
    segment = _load(uow, segment_id, expected_version)
    before = segment.definition.get("organisation_ids") or ()
    segment.change(changes)
    _known_organisations(uow, segment.definition.get("organisation_ids"), before)
    uow.save(segment)
    return segment


def delete_segment(uow: UnitOfWork, segment_id: str, expected_version: int) -> Segment:
    segment = _load(uow, segment_id, expected_version)
    segment.delete()
    uow.save(segment)
    return segment


def record_export(uow: UnitOfWork, segment_id: str, purpose: str, count: int,
                  format: str) -> Segment:
    """An export is recorded whatever the segment's version: it changes no definition."""
    for attempt in range(3):
        segment = uow.get(Segment, segment_id)
        segment.exported(purpose, count, format)
        try:
            uow.save(segment)
        except ConcurrencyError:  # changed between load and append: decide again
            if attempt == 2:
                raise
            continue
        return segment

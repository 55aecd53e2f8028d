"""Register a group: resolve its members, then one append (capacity, waitlist in order,
already registered skipped)."""
from __future__ import annotations

import uuid
from typing import Any, Iterable

from shared.eventstore import DomainError

from ..domain import N_, Activity
from ..handlers import ActivitiesWork


def members(uow: ActivitiesWork, person_ids: Iterable[str], organisation_id: str | None,
            segment_id: str | None) -> list[str]:
    """The group's people, in order; picked people must be known here and active."""
    if organisation_id:
        found = uow.members(organisation_id)
        if not found:
            raise DomainError(N_("No current member of this organisation is known."),
                              "organisation_id")
        return found
    if segment_id:
        found = uow.directory.segment_members(segment_id)
        if not found:
            raise DomainError(N_("This segment holds no one."), "segment_id")
        return found  # the directory answers for them, ahead of the replica
    wanted = list(dict.fromkeys(person_ids))
    known = uow.people(wanted)
    if any(p not in known for p in wanted):
        raise DomainError(N_("Unknown person, or archived or merged into another record."),
                          "person_ids")
    return wanted


def register_group(uow: ActivitiesWork, activity_id: str, *, person_ids: Iterable[str] = (),
                   organisation_id: str | None = None, segment_id: str | None = None,
                   expected_version: int | None = None) -> dict[str, Any]:
    """Register a whole group at once: the people picked, an organisation's current members
    or a segment's. Beyond capacity the rest are waitlisted in order; those registered or
    waitlisted already are skipped and listed."""
    activity = uow.get(Activity, activity_id, expected_version)
    people = members(uow, person_ids, organisation_id, segment_id)
    made, skipped = activity.register_group([(str(uuid.uuid4()), p) for p in people])
    uow.save(activity)
    answers = [{"id": r.id, "person_id": r.person_id, "status": r.status} for r in made]
    return {"id": activity.id, "version": activity.version, "registrations": answers,
            "skipped": skipped, "status": answers[0]["status"],
            "registration_id": answers[0]["id"]}

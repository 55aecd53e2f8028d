"""A new person registered in the directory then here; a walk-in given a place, present."""
from __future__ import annotations

import uuid
from typing import Any, Iterable

from shared.eventstore import ConcurrencyError, DomainError

from ..domain import N_, Activity
from ..handlers import ActivitiesWork
from .schemas import NEW_PERSON


def _in_directory(uow: ActivitiesWork, person: dict[str, Any]) -> str:
    """Registers the person in stakeholders (their record, the only one); the new id. The
    replica learns of them by the directory's events; this command needs only the id."""
    fields = {k: person.get(k) for k in NEW_PERSON}
    if fields.get("residence_country"):
        fields["residence_country"] = fields["residence_country"].upper()
    return uow.directory.register_person(fields)


def register_new_person(uow: ActivitiesWork, activity_id: str, *,
                        expected_version: int | None = None, **person: Any) -> dict[str, Any]:
    """Register someone not yet known: first in the stakeholders directory, then to the
    activity by the id it gave (registered or waitlisted)."""
    activity = uow.get(Activity, activity_id, expected_version)
    person_id = _checked_first(activity, lambda: _in_directory(uow, person))
    activity, (made,) = _saved(uow, activity, lambda a: a.register([(str(uuid.uuid4()),
                                                                      person_id)]))
    return {"id": activity.id, "version": activity.version, "status": made.status,
            "registration_id": made.id,
            "registrations": [{"id": made.id, "person_id": person_id, "status": made.status}]}


def add_walk_in(uow: ActivitiesWork, activity_id: str, session_id: str, *,
                person_id: str | None = None, half_days: Iterable[str] = (),
                expected_version: int | None = None, **person: Any) -> dict[str, Any]:
    """Someone in the room who was not on the list: a known person (person_id) or a new one
    (registered in the directory first), given a place and marked present."""
    activity = uow.get(Activity, activity_id, expected_version)
    if person_id:
        if person_id not in uow.people([person_id]):
            raise DomainError(N_("Unknown person, or archived or merged into another record."),
                              "person_id")
    else:
        person_id = _checked_first(activity, lambda: _in_directory(uow, person),
                                   session_id=session_id)
    registration_id = str(uuid.uuid4())
    activity, _ = _saved(uow, activity, lambda a: a.walk_in(registration_id, person_id,
                                                            session_id, list(half_days)))
    mine = next(r for r in activity.active_registrations() if r.person_id == person_id)
    return {"id": activity.id, "version": activity.version, "status": mine.status,
            "registration_id": mine.id,
            "registrations": [{"id": mine.id, "person_id": person_id, "status": mine.status}]}


def _checked_first(activity: Activity, create, session_id: str | None = None) -> str:
    """Nothing is created in the directory for a command this activity would refuse anyway
    (finished activity, unknown session)."""
    if session_id is None:
        activity.check_takes_registrations()
    else:
        activity.check_takes_attendance(session_id)
    return create()


def _saved(uow: ActivitiesWork, activity: Activity, decide):
    """Decide and append. The person may exist in the directory by now: if the activity
    changed meanwhile, the decision is taken again on its current version rather than
    lost (a retried form would create the person twice)."""
    try:
        result = decide(activity)
        uow.save(activity)
    except ConcurrencyError:
        activity = uow.get(Activity, activity.id)
        result = decide(activity)
        uow.save(activity)
    return activity, result

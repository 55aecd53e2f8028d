"""One function per command: load, decide, append (with the projections, in one transaction).

Called as handler(uow, **path arguments, **command) by shared.web.commands. A command on
registrations or attendance may leave out expected_version: it is then decided on the
current version (the append still refuses a stream that moved meanwhile).
"""
from __future__ import annotations

import datetime as dt
import uuid
from typing import Any, Callable, Iterable, Sequence

from shared.eventstore import DomainError, Metadata, UnitOfWork
from shared.programmes import refuse_unknown

from .domain import N_, Activity

People = Callable[[Sequence[str]], set[str]]


class ActivitiesWork(UnitOfWork):
    """A unit of work that also knows which people may be registered: `people(ids)` gives
    those of `ids` the replica holds as active (neither archived nor merged);
    `members(organisation_id)` the people currently affiliated with an organisation (the
    replica's); `directory` is stakeholders' API (services.activities.directory);
    `programmes()` the programmes reporting has defined, {code: {..., "funder": name}}
    (none known: no check, see shared.programmes.refuse_unknown)."""

    def __init__(self, store, projectors=(), metadata: Metadata | None = None, *,
                 people: People, members: Callable[[str], list[str]] | None = None,
                 directory=None, programmes: Callable[[], dict[str, dict]] = dict):
        super().__init__(store, projectors, metadata)
        self.people, self.members, self.directory = people, members, directory
        self.programmes = programmes


def _new_id() -> str:
    return str(uuid.uuid4())


def _saved(activity: Activity, **more) -> dict[str, Any]:
    return {"id": activity.id, "version": activity.version, **more}


# -- life cycle ----------------------------------------------------------------------------

def plan_activity(uow: ActivitiesWork, **details: Any) -> Activity:
    """Plan an activity (it starts as planned). Its programme is one reporting has defined;
    without a funder given, the programme's funder is named."""
    known = uow.programmes()
    refuse_unknown(details.get("programme"), known)
    if details.get("programme") in known and not details.get("funder"):
        details["funder"] = known[details["programme"]]["funder"]
    activity = Activity.plan(_new_id(), **details)
    uow.save(activity)
    return activity


def correct_activity(uow: ActivitiesWork, activity_id: str, expected_version: int,
                     **changes: Any) -> Activity:
    """Correct an activity's details: send only the fields that change. A new programme is
    one reporting has defined (the one already stored is kept as it is)."""
    activity = uow.get(Activity, activity_id, expected_version)
    if changes.get("programme") not in (None, activity.details.get("programme")):
        refuse_unknown(changes["programme"], uow.programmes())
    activity.correct(changes)
    uow.save(activity)
    return activity


def _transition(name: str, doc: str):
    def handler(uow: UnitOfWork, activity_id: str, expected_version: int, **args) -> Activity:
        activity = uow.get(Activity, activity_id, expected_version)
        getattr(activity, name)(**args)
        uow.save(activity)
        return activity

    handler.__name__, handler.__doc__ = name, doc
    return handler


open_registration = _transition("open_registration", "Open the activity for registration.")
mark_held = _transition("mark_held", "Record that the activity has been held.")
close = _transition("close", "Close the activity (attendance is final).")
cancel = _transition("cancel", "Cancel the activity, saying why.")
TRANSITIONS = {"open": open_registration, "held": mark_held, "close": close, "cancel": cancel}


# -- sessions ------------------------------------------------------------------------------

def schedule_session(uow: UnitOfWork, activity_id: str, expected_version: int, *,
                     date: dt.date, start: dt.time, end: dt.time, place: str | None = None,
                     online_link: str | None = None) -> dict[str, Any]:
    """Schedule a dated session (its half-days follow from its hours)."""
    activity = uow.get(Activity, activity_id, expected_version)
    session_id = _new_id()
    activity.schedule_session(session_id, date, start, end, place, online_link)
    uow.save(activity)
    return {"id": session_id, "activity_id": activity.id, "version": activity.version}


# -- registrations -------------------------------------------------------------------------

def register(uow: ActivitiesWork, activity_id: str, *, person_id: str | None = None,
             person_ids: Iterable[str] = (), expected_version: int | None = None
             ) -> dict[str, Any]:
    """Register one person (person_id) or a whole group at once (person_ids): everyone or
    no one. Each answer says whether the person is registered or waitlisted."""
    wanted = list(dict.fromkeys([*([person_id] if person_id else []), *person_ids]))
    known = uow.people(wanted)
    unknown = [p for p in wanted if p not in known]
    if unknown:
        raise DomainError(N_("Unknown person, or archived or merged into another record."),
                          "person_id" if person_id else "person_ids")
    activity = uow.get(Activity, activity_id, expected_version)
    made = activity.register([(_new_id(), p) for p in wanted])
    uow.save(activity)
    answers = [{"id": r.id, "person_id": r.person_id, "status": r.status} for r in made]
    return _saved(activity, registrations=answers, status=answers[0]["status"],
                  registration_id=answers[0]["id"])


def cancel_registration(uow: UnitOfWork, activity_id: str, registration_id: str, *,
                        reason: str, expected_version: int | None = None) -> Activity:
    """Cancel a registration, saying why; the first waitlisted person takes the place."""
    activity = uow.get(Activity, activity_id, expected_version)
    activity.cancel_registration(registration_id, reason)
    uow.save(activity)
    return activity


# -- attendance ----------------------------------------------------------------------------

def record_attendance(uow: UnitOfWork, activity_id: str, session_id: str, *,
                      attendance: list[dict], expected_version: int | None = None) -> Activity:
    """Record attendance per person and half-day for a session (a correction too)."""
    activity = uow.get(Activity, activity_id, expected_version)
    activity.record_attendance(session_id, attendance)
    uow.save(activity)
    return activity

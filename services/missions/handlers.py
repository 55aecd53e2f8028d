"""One function per command: load, decide, append (with the projections, in one transaction).

Called as handler(uow, **path arguments, **command) by shared.web.commands. What a rule
needs beyond the mission (the host's approval, the volunteer's and the host's other
missions) the unit of work reads from this service's replica and projection.
"""
from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any, Callable

from shared.eventstore import DomainError, Metadata, UnitOfWork
from shared.programmes import refuse_unknown

from .domain import N_, Host, Mission, Period


@dataclass(frozen=True)
class Directory:
    """What the rules are told, read from the replica and the projection:
    host(id) -> Host or None; active_person(id) -> bool (known, neither archived nor
    merged); volunteer_missions(person_id) -> [Period] of the person's missions not
    cancelled; host_placements(host_id) -> [Period] of the agreed and under-way missions;
    programmes() -> the codes of the programmes reporting has defined (the replica's)."""
    host: Callable[[str], Host | None]
    active_person: Callable[[str], bool]
    volunteer_missions: Callable[[str], list[Period]]
    host_placements: Callable[[str], list[Period]]
    programmes: Callable[[], set[str]] = frozenset


class MissionsWork(UnitOfWork):
    def __init__(self, store, projectors=(), metadata: Metadata | None = None, *,
                 directory: Directory):
        super().__init__(store, projectors, metadata)
        self.directory = directory

    def context(self, details: dict[str, Any]) -> dict[str, Any]:
        """The rules' keyword arguments for a mission with these details."""
        return {"host": self.directory.host(details["host_id"]),
                "volunteer_missions": self.directory.volunteer_missions(details["volunteer_id"]),
                "host_placements": self.directory.host_placements(details["host_id"])}


def _new_id() -> str:
    return str(uuid.uuid4())


def _volunteer(uow: MissionsWork, person_id: str | None) -> None:
    if person_id and not uow.directory.active_person(person_id):
        raise DomainError(N_("Unknown volunteer, or archived or merged into another record."),
                          "volunteer_id")


# -- life cycle ----------------------------------------------------------------------------

def draft_mission(uow: MissionsWork, **details: Any) -> Mission:
    """Draft a mission: a volunteer placed with a host structure (it starts as a draft),
    for a programme reporting has defined (shared.programmes.refuse_unknown)."""
    _volunteer(uow, details.get("volunteer_id"))
    refuse_unknown(details.get("programme"), uow.directory.programmes())
    context = uow.context(details)
    mission = Mission.draft(_new_id(), host=context["host"],
                            volunteer_missions=context["volunteer_missions"], **details)
    uow.save(mission)
    return mission


def correct_mission(uow: MissionsWork, mission_id: str, expected_version: int,
                    **changes: Any) -> Mission:
    """Correct a mission's details: send only the fields that change (a new programme is
    one reporting has defined; the one already stored is kept as it is)."""
    mission = uow.get(Mission, mission_id, expected_version)
    _volunteer(uow, changes.get("volunteer_id"))
    if changes.get("programme") not in (None, mission.details.get("programme")):
        refuse_unknown(changes["programme"], uow.directory.programmes())
    context = uow.context({**mission.details, **changes})
    mission.correct(changes, host=context["host"],
                    volunteer_missions=context["volunteer_missions"])
    uow.save(mission)
    return mission


def propose(uow: MissionsWork, mission_id: str, expected_version: int) -> Mission:
    """Propose the mission to the volunteer and the host."""
    mission = uow.get(Mission, mission_id, expected_version)
    mission.propose()
    uow.save(mission)
    return mission


def agree(uow: MissionsWork, mission_id: str, expected_version: int) -> Mission:
    """Record that the agreement is signed (the host must have room in its approval)."""
    mission = uow.get(Mission, mission_id, expected_version)
    mission.agree(**uow.context(mission.details))
    uow.save(mission)
    return mission


def start(uow: MissionsWork, mission_id: str, expected_version: int,
          started_on: dt.date) -> Mission:
    """Record that the volunteer started the mission (once agreed)."""
    mission = uow.get(Mission, mission_id, expected_version)
    mission.start(started_on, host=uow.directory.host(mission.details["host_id"]))
    uow.save(mission)
    return mission


def complete(uow: MissionsWork, mission_id: str, expected_version: int,
             completed_on: dt.date) -> Mission:
    """Record that the mission was completed."""
    mission = uow.get(Mission, mission_id, expected_version)
    mission.complete(completed_on)
    uow.save(mission)
    return mission


def interrupt(uow: MissionsWork, mission_id: str, expected_version: int,
              interrupted_on: dt.date, reason: str) -> Mission:
    """Interrupt a mission under way, saying why."""
    mission = uow.get(Mission, mission_id, expected_version)
    mission.interrupt(interrupted_on, reason)
    uow.save(mission)
    return mission


def cancel(uow: MissionsWork, mission_id: str, expected_version: int, reason: str) -> Mission:
    """Cancel a mission not started yet, saying why."""
    mission = uow.get(Mission, mission_id, expected_version)
    mission.cancel(reason)
    uow.save(mission)
    return mission


def extend(uow: MissionsWork, mission_id: str, expected_version: int, planned_end: dt.date,
           reason: str) -> Mission:
    """Move the planned end later, saying why."""
    mission = uow.get(Mission, mission_id, expected_version)
    mission.extend(planned_end, reason, **uow.context(mission.details))
    uow.save(mission)
    return mission

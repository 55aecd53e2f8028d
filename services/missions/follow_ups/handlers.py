"""The follow-up's commands: load the mission, decide, append. They may leave out
expected_version (then decided on the current version; the append still refuses a stream
that moved meanwhile)."""
from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from shared.eventstore import UnitOfWork

from ..domain import Mission


def _saved(mission: Mission, **more) -> dict[str, Any]:
    return {"id": mission.id, "version": mission.version, **more}


def record_follow_up(uow: UnitOfWork, mission_id: str, *, expected_version: int | None = None,
                     **meeting: Any) -> dict[str, Any]:
    """Record a follow-up meeting (arrival, monthly, mid-term, final or ad hoc)."""
    mission = uow.get(Mission, mission_id, expected_version)
    follow_up_id = str(uuid.uuid4())
    mission.record_follow_up(follow_up_id, **meeting)
    uow.save(mission)
    return _saved(mission, follow_up_id=follow_up_id)


def report_incident(uow: UnitOfWork, mission_id: str, *, expected_version: int | None = None,
                    **incident: Any) -> dict[str, Any]:
    """Report an incident with its kind and severity."""
    mission = uow.get(Mission, mission_id, expected_version)
    incident_id = str(uuid.uuid4())
    mission.report_incident(incident_id, **incident)
    uow.save(mission)
    return _saved(mission, incident_id=incident_id)


def resolve_incident(uow: UnitOfWork, mission_id: str, incident_id: str, *,
                     resolved_on: dt.date, resolution: str | None = None,
                     expected_version: int | None = None) -> Mission:
    """Record that an incident is resolved."""
    mission = uow.get(Mission, mission_id, expected_version)
    mission.resolve_incident(incident_id, resolved_on=resolved_on, resolution=resolution)
    uow.save(mission)
    return mission


def record_training(uow: UnitOfWork, mission_id: str, *, expected_version: int | None = None,
                    **training: Any) -> Mission:
    """Record a mandatory training the volunteer followed (again: a correction)."""
    mission = uow.get(Mission, mission_id, expected_version)
    mission.record_training(**training)
    uow.save(mission)
    return mission


def review_mission(uow: UnitOfWork, mission_id: str, *, expected_version: int | None = None,
                   **review: Any) -> Mission:
    """Write the end-of-mission review (again: a correction)."""
    mission = uow.get(Mission, mission_id, expected_version)
    mission.review_mission(**review)
    uow.save(mission)
    return mission

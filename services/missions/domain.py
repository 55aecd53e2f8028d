"""Volunteer missions: the Mission aggregate, its events and its rules. Pure Python, no I/O.

One stream per mission: its life cycle (draft -> proposed -> agreed -> under way ->
completed, or interrupted, or cancelled), its follow-up meetings, incidents, mandatory
trainings and end-of-mission review.

What a rule needs to know beyond the mission (the host's approval as stakeholders said it,
the volunteer's other missions, the host's other placements) is handed in by the handler
as plain values (Host, Period).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, ClassVar, Iterable

from shared.eventstore import Aggregate, Correction, DomainError, DomainEvent, EventRegistry
from shared.text import normalise  # noqa: F401 (the search key, for this service's modules)

from .dates import add_months
from .follow_ups.domain import FOLLOW_UP_EVENTS, FollowedMission


def N_(message: str) -> str:
    """Marks a message for translation; the web layer translates it when shown."""
    return message


DIRECTIONS = ("MA_to_FR", "FR_to_MA")
SCHEMES = ("civic_service", "volunteering")
CIVIC_SERVICE = "civic_service"
OFFICES = ("marseille", "agadir", "taliouine", "tiznit")
STATUSES = ("draft", "proposed", "agreed", "under_way", "completed", "interrupted",
            "cancelled")
FINISHED = ("completed", "interrupted", "cancelled")
ENGAGED = ("agreed", "under_way")  # what takes a place in the host's approval
TEXT_MAX, LONG_MAX = 200, 4000
MAX_WEEKLY_HOURS = 48   # French civic service: 24 to 48 hours a week
MAX_MONTHS = 24
MISSION_FIELDS = ("volunteer_id", "host_id", "direction", "scheme", "programme", "office",
                  "planned_start", "planned_end", "weekly_hours", "referent", "tutor",
                  "description")
DATE_FIELDS = ("planned_start", "planned_end")
REQUIRED = ("volunteer_id", "host_id", "direction", "scheme", "office", "planned_start",
            "planned_end", "weekly_hours")
# Where each state may go
TRANSITIONS = {"proposed": ("draft",), "agreed": ("proposed",), "under_way": ("agreed",),
               "completed": ("under_way",), "interrupted": ("under_way",),
               "cancelled": ("draft", "proposed", "agreed")}


# -- events ------------------------------------------------------------------------------

@dataclass(frozen=True)
class MissionDrafted(DomainEvent):
    type: ClassVar[str] = "mission.drafted"
    # the description is free text that often names the volunteer: sealed under the
    # mission's own key, which erasing its volunteer destroys too (policies.py)
    personal_data: ClassVar[tuple[str, ...]] = ("description",)
    published_personal: ClassVar[dict] = {}  # no consumer needs the description
    volunteer_id: str = ""
    host_id: str = ""
    direction: str = ""
    scheme: str = ""
    programme: str | None = None
    office: str = ""
    planned_start: dt.date | None = None
    planned_end: dt.date | None = None
    weekly_hours: int = 0
    referent: str | None = None      # staff account id at the NGO
    tutor: str | None = None         # the tutor's name at the host
    description: str | None = None


@dataclass(frozen=True)
class MissionCorrected(Correction):
    type: ClassVar[str] = "mission.corrected"
    personal_data: ClassVar[tuple[str, ...]] = ("description",)
    published_personal: ClassVar[dict] = {}  # no consumer needs the description
    volunteer_id: str | None = None
    host_id: str | None = None
    direction: str | None = None
    scheme: str | None = None
    programme: str | None = None
    office: str | None = None
    planned_start: dt.date | None = None
    planned_end: dt.date | None = None
    weekly_hours: int | None = None
    referent: str | None = None
    tutor: str | None = None
    description: str | None = None


@dataclass(frozen=True)
class MissionProposed(DomainEvent):
    type: ClassVar[str] = "mission.proposed"


@dataclass(frozen=True)
class MissionAgreed(DomainEvent):
    """The agreement (convention) is signed by the volunteer, the host and the NGO."""
    type: ClassVar[str] = "mission.agreed"


@dataclass(frozen=True)
class MissionStarted(DomainEvent):
    type: ClassVar[str] = "mission.started"
    started_on: dt.date | None = None


@dataclass(frozen=True)
class MissionCompleted(DomainEvent):
    type: ClassVar[str] = "mission.completed"
    completed_on: dt.date | None = None


@dataclass(frozen=True)
class MissionInterrupted(DomainEvent):
    type: ClassVar[str] = "mission.interrupted"
    personal_data: ClassVar[tuple[str, ...]] = ("reason",)
    personal_subject: ClassVar[str | None] = "volunteer_id"
    volunteer_id: str = ""  # whose key seals the reason (older events: the mission's key)
    published_personal: ClassVar[dict] = {}  # reporting counts without it
    interrupted_on: dt.date | None = None
    reason: str = ""


@dataclass(frozen=True)
class MissionCancelled(DomainEvent):
    type: ClassVar[str] = "mission.cancelled"
    personal_data: ClassVar[tuple[str, ...]] = ("reason",)
    personal_subject: ClassVar[str | None] = "volunteer_id"
    volunteer_id: str = ""
    published_personal: ClassVar[dict] = {}  # reporting counts without it
    reason: str = ""


@dataclass(frozen=True)
class MissionExtended(DomainEvent):
    type: ClassVar[str] = "mission.extended"
    personal_data: ClassVar[tuple[str, ...]] = ("reason",)
    personal_subject: ClassVar[str | None] = "volunteer_id"
    volunteer_id: str = ""
    published_personal: ClassVar[dict] = {}  # reporting counts without it
    planned_end: dt.date | None = None
    reason: str = ""


@dataclass(frozen=True)
class VolunteerTransferred(DomainEvent):
    """Two records of one person were merged in stakeholders: the mission now belongs to
    the surviving record."""
    type: ClassVar[str] = "mission.volunteer_transferred"
    from_person_id: str = ""
    to_person_id: str = ""


LIFE_CYCLE_EVENTS = (MissionDrafted, MissionCorrected, MissionProposed, MissionAgreed,
                     MissionStarted, MissionCompleted, MissionInterrupted, MissionCancelled,
                     MissionExtended, VolunteerTransferred)


# -- what the rules are told -------------------------------------------------------------

@dataclass(frozen=True)
class Host:
    """A host structure as stakeholders' events said it (the replica)."""
    id: str
    name: str = ""
    archived: bool = False
    approval_number: str | None = None
    approval_start: dt.date | None = None
    approval_end: dt.date | None = None
    capacity: int | None = None

    def approval_covers(self, start: dt.date, end: dt.date) -> bool:
        return bool(self.approval_number) \
            and (self.approval_start is None or self.approval_start <= start) \
            and (self.approval_end is None or end <= self.approval_end)


@dataclass(frozen=True)
class Period:
    """Another mission's dates (of the same volunteer, or at the same host)."""
    mission_id: str
    start: dt.date
    end: dt.date


def _overlaps(a_start, a_end, b_start, b_end) -> bool:
    return a_start <= b_end and b_start <= a_end


def most_at_once(periods: Iterable[Period], start: dt.date, end: dt.date) -> int:
    """The most of `periods` under way on one same day between start and end."""
    edges = []
    for p in periods:
        lo, hi = max(p.start, start), min(p.end, end)
        if lo <= hi:
            edges += [(lo, 1), (hi + dt.timedelta(days=1), -1)]
    most = current = 0
    for _, step in sorted(edges, key=lambda e: (e[0], e[1])):
        current += step
        most = max(most, current)
    return most


# -- the mission -------------------------------------------------------------------------

class Mission(FollowedMission, Aggregate):
    stream_type: ClassVar[str] = "mission"

    def __init__(self, id: str):
        super().__init__(id)
        self.details: dict[str, Any] = {}
        self.status = "draft"
        self.started_on: dt.date | None = None
        self.ended_on: dt.date | None = None
        self.end_reason: str | None = None
        self.extensions: list[tuple[dt.date, str]] = []
        self._init_follow_up()

    # -- life cycle ----------------------------------------------------------------------

    @classmethod
    def draft(cls, id: str, *, host: Host | None, volunteer_missions: Iterable[Period] = (),
              **details: Any) -> "Mission":
        mission = cls(id)
        clean = _clean({**{name: None for name in MISSION_FIELDS}, **details})
        _check(clean)
        mission._check_host(host, clean)
        mission._check_volunteer_free(volunteer_missions, clean["planned_start"],
                                      clean["planned_end"])
        mission.record(MissionDrafted(**clean))
        return mission

    def correct(self, changes: dict[str, Any], *, host: Host | None,
                volunteer_missions: Iterable[Period] = ()) -> None:
        """Correct the details; once agreed, the volunteer and the host stay (a new
        agreement is a new mission) and the end date moves only by an extension."""
        self._refuse_if_finished()
        clean = _clean(changes)
        merged = {**self.details, **clean}
        _check(merged)
        diff = {k: v for k, v in clean.items() if self.details.get(k) != v}
        if not diff:
            raise DomainError(N_("Nothing changed."))
        if self.status in ENGAGED:
            for name in ("volunteer_id", "host_id", "scheme", "planned_start", "planned_end"):
                if name in diff:
                    raise DomainError(N_("The agreement is signed: the volunteer, the host, "
                                         "the scheme and the dates no longer change (extend "
                                         "the mission to move its end)."), name)
        if diff.keys() & {"host_id", "scheme", "planned_start", "planned_end"}:
            self._check_host(host, merged)
        if diff.keys() & {"volunteer_id", "planned_start", "planned_end"}:
            self._check_volunteer_free(volunteer_missions, merged["planned_start"],
                                       merged["planned_end"])
        self.record(MissionCorrected(changed=tuple(k for k in MISSION_FIELDS if k in diff),
                                     **diff))

    def propose(self) -> None:
        self._move_to("proposed", N_("Only a draft mission can be proposed."))
        self.record(MissionProposed())

    def agree(self, *, host: Host | None, volunteer_missions: Iterable[Period] = (),
              host_placements: Iterable[Period] = ()) -> None:
        """The agreement is signed: the host must have room in its approval."""
        self._move_to("agreed", N_("Only a proposed mission can be agreed: propose it to "
                                   "the volunteer and the host first."))
        self._check_host(host, self.details)
        self._check_volunteer_free(volunteer_missions, *self.period)
        self._check_room(host, host_placements, *self.period)
        self.record(MissionAgreed())

    def start(self, started_on: dt.date, *, host: Host | None) -> None:
        if self.status in ("draft", "proposed"):
            raise DomainError(N_("The mission cannot start before its agreement is signed."),
                              "status")
        self._move_to("under_way", N_("This mission has already started or is finished."))
        if started_on is None:
            raise DomainError(N_("Give the date the mission started."), "started_on")
        if started_on > self.details["planned_end"]:
            raise DomainError(N_("The mission cannot start after its planned end."),
                              "started_on")
        if self.scheme == CIVIC_SERVICE and (
                host is None or not host.approval_covers(started_on, self.details["planned_end"])):
            raise DomainError(N_("The host's civic-service approval does not cover the "
                                 "mission any more: it cannot take the volunteer in."),
                              "host_id")
        self.record(MissionStarted(started_on=started_on))

    def complete(self, completed_on: dt.date) -> None:
        self._move_to("completed", N_("Only a mission under way can be completed."))
        self._check_end_date(completed_on, "completed_on")
        self.record(MissionCompleted(completed_on=completed_on))

    def interrupt(self, interrupted_on: dt.date, reason: str) -> None:
        self._move_to("interrupted", N_("Only a mission under way can be interrupted; a "
                                        "mission not started yet is cancelled."))
        self._check_end_date(interrupted_on, "interrupted_on")
        self.record(MissionInterrupted(interrupted_on=interrupted_on,
                                       volunteer_id=self.volunteer_id,
                                       reason=_reason(reason, N_(
                                           "Say why the mission is interrupted."))))

    def cancel(self, reason: str) -> None:
        self._move_to("cancelled", N_("A mission under way is interrupted, not cancelled; "
                                      "a finished mission cannot be cancelled."))
        self.record(MissionCancelled(volunteer_id=self.volunteer_id, reason=_reason(reason, N_(
            "Say why the mission is cancelled."))))

    def extend(self, planned_end: dt.date, reason: str, *, host: Host | None,
               volunteer_missions: Iterable[Period] = (),
               host_placements: Iterable[Period] = ()) -> None:
        """Move the planned end later, saying why (the approval and the places must hold
        over the longer period)."""
        self._refuse_if_finished()
        if planned_end is None or planned_end <= self.details["planned_end"]:
            raise DomainError(N_("An extension moves the end date later than the planned "
                                 "end."), "planned_end")
        _check({**self.details, "planned_end": planned_end})
        reason = _reason(reason, N_("Say why the mission is extended."))
        start = self.started_on or self.details["planned_start"]
        self._check_host(host, {**self.details, "planned_end": planned_end})
        self._check_volunteer_free(volunteer_missions, start, planned_end)
        if self.status in ENGAGED:
            self._check_room(host, host_placements, start, planned_end)
        self.record(MissionExtended(planned_end=planned_end, volunteer_id=self.volunteer_id,
                                    reason=reason))

    def transfer_volunteer(self, from_person_id: str, to_person_id: str) -> None:
        """A merge in stakeholders: the mission follows the surviving record."""
        if self.details.get("volunteer_id") == from_person_id and to_person_id:
            self.record(VolunteerTransferred(from_person_id=from_person_id,
                                             to_person_id=to_person_id))

    # -- reading -------------------------------------------------------------------------

    @property
    def scheme(self) -> str:
        return self.details.get("scheme") or ""

    @property
    def period(self) -> tuple[dt.date, dt.date]:
        """The days the mission takes: from its start (actual, else planned) to its end
        (actual once finished, else planned)."""
        start = self.started_on or self.details["planned_start"]
        return start, self.ended_on or self.details["planned_end"]

    # -- folding -------------------------------------------------------------------------

    def apply(self, event: DomainEvent) -> None:
        if isinstance(event, MissionDrafted):
            self.details = {name: getattr(event, name) for name in MISSION_FIELDS}
        elif isinstance(event, MissionCorrected):
            self.details.update(event.changes())
        elif isinstance(event, MissionProposed):
            self.status = "proposed"
        elif isinstance(event, MissionAgreed):
            self.status = "agreed"
        elif isinstance(event, MissionStarted):
            self.status, self.started_on = "under_way", event.started_on
        elif isinstance(event, MissionCompleted):
            self.status, self.ended_on = "completed", event.completed_on
        elif isinstance(event, MissionInterrupted):
            self.status, self.ended_on = "interrupted", event.interrupted_on
            self.end_reason = event.reason
        elif isinstance(event, MissionCancelled):
            self.status, self.end_reason = "cancelled", event.reason
        elif isinstance(event, MissionExtended):
            self.details["planned_end"] = event.planned_end
            self.extensions.append((event.planned_end, event.reason))
        elif isinstance(event, VolunteerTransferred):
            self.details["volunteer_id"] = event.to_person_id
        else:
            self.apply_more(event)  # the follow-up's events

    # -- rules ---------------------------------------------------------------------------

    def _check_host(self, host: Host | None, details: dict[str, Any]) -> None:
        if host is None or host.archived:
            raise DomainError(N_("Unknown host structure, or archived in the directory."),
                              "host_id")
        if details.get("scheme") == CIVIC_SERVICE and not host.approval_number:
            raise DomainError(N_("This host structure has no civic-service approval: it "
                                 "cannot take in a civic-service volunteer."), "host_id")
        if details.get("scheme") == CIVIC_SERVICE and not host.approval_covers(
                details["planned_start"], details["planned_end"]):
            raise DomainError(N_("The host's civic-service approval is not valid over the "
                                 "whole mission (check its start and end dates)."), "host_id")

    def _check_volunteer_free(self, others: Iterable[Period], start: dt.date,
                              end: dt.date) -> None:
        for other in others:
            if other.mission_id != self.id and _overlaps(start, end, other.start, other.end):
                raise DomainError(N_("This volunteer is already in another mission over "
                                     "these dates."), "planned_start")

    def _check_room(self, host: Host | None, placements: Iterable[Period], start: dt.date,
                    end: dt.date) -> None:
        if host is None or host.capacity is None:
            return
        others = [p for p in placements if p.mission_id != self.id]
        if most_at_once(others, start, end) + 1 > host.capacity:
            raise DomainError(N_("The host structure has no room left in its approval over "
                                 "these dates: its capacity is reached."), "host_id")

    def _check_end_date(self, on: dt.date, name: str) -> None:
        if on is None:
            raise DomainError(N_("Give the date."), name)
        if on < self.started_on:
            raise DomainError(N_("The end cannot be before the mission started."), name)
        if on > self.details["planned_end"]:
            raise DomainError(N_("This is after the planned end: extend the mission first, "
                                 "saying why."), name)

    def _move_to(self, status: str, refusal: str) -> None:
        if self.status not in TRANSITIONS[status]:
            raise DomainError(refusal, "status")

    def _refuse_if_finished(self) -> None:
        if self.status in FINISHED:
            raise DomainError(N_("A completed, interrupted or cancelled mission cannot be "
                                 "changed."), "status")


# -- validation --------------------------------------------------------------------------

def _text(value: Any) -> Any:
    return " ".join(value.split()) or None if isinstance(value, str) else value


def _reason(reason: str | None, missing: str) -> str:
    reason = " ".join((reason or "").split())
    if not reason:
        raise DomainError(missing, "reason")
    if len(reason) > LONG_MAX:
        raise DomainError(N_("Must be 4000 characters or fewer."), "reason")
    return reason


def _clean(values: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, value in values.items():
        if name not in MISSION_FIELDS:
            raise DomainError(N_("Unknown field."), name)
        out[name] = value.strip() or None if name == "description" and isinstance(
            value, str) else _text(value)
    return out


def _check(m: dict[str, Any]) -> None:
    for name in REQUIRED:
        if m.get(name) in (None, ""):
            raise DomainError(N_("This field is required."), name)
    if m["direction"] not in DIRECTIONS:
        raise DomainError(N_("Choose the direction: Morocco to France or France to "
                             "Morocco."), "direction")
    if m["scheme"] not in SCHEMES:
        raise DomainError(N_("Choose the scheme from the list."), "scheme")
    if m["office"] not in OFFICES:
        raise DomainError(N_("Choose the office that follows the mission."), "office")
    if m["planned_end"] <= m["planned_start"]:
        raise DomainError(N_("The mission must end after it starts."), "planned_end")
    if m["planned_end"] > add_months(m["planned_start"], MAX_MONTHS):
        raise DomainError(N_("A mission lasts 24 months at most."), "planned_end")
    hours = m["weekly_hours"]
    if isinstance(hours, bool) or not isinstance(hours, int) or not 1 <= hours <= MAX_WEEKLY_HOURS:
        raise DomainError(N_("Weekly hours are a whole number between 1 and 48."),
                          "weekly_hours")
    for name in ("programme", "referent", "tutor"):
        if m.get(name) and len(m[name]) > TEXT_MAX:
            raise DomainError(N_("Must be 200 characters or fewer."), name)
    if m.get("description") and len(m["description"]) > LONG_MAX:
        raise DomainError(N_("Must be 4000 characters or fewer."), "description")






EVENTS = LIFE_CYCLE_EVENTS + FOLLOW_UP_EVENTS
registry = EventRegistry(*EVENTS)

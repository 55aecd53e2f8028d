"""Activities: the Activity aggregate (its sessions, registrations and attendance), its
events and its rules. Pure Python, no I/O.

One stream per activity: a group registration, a promotion from the waitlist and a merge
moving registrations are each one append, decided on one version.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, ClassVar

from shared.eventstore import Aggregate, Correction, DomainError, DomainEvent, EventRegistry
from shared.text import normalise  # noqa: F401 (the search key, for this service's modules)

from .consultants.domain import EVENTS as CONSULTANT_EVENTS


def N_(message: str) -> str:
    """Marks a message for translation; the web layer translates it when shown."""
    return message


KINDS = ("information_day", "workshop", "training", "climate_animation",
         "project_structuring_workshop", "webinar", "forum", "meeting")
OFFICES = ("marseille", "agadir", "taliouine", "tiznit")
STATUSES = ("planned", "open", "held", "closed", "cancelled")
ATTENDANCE = ("present", "absent", "excused", "late")
HALF_DAYS = ("morning", "afternoon")
NOON = dt.time(12, 0)
HALF_DAY_HOURS = 4  # a session longer than this is a full day: two attendance lines
TEXT_MAX, LONG_MAX = 200, 2000
CAPACITY_MAX = 100_000  # a big forum or webinar; more is a typing error (and overflows)
ACTIVITY_FIELDS = ("title", "kind", "programme", "objectives", "office", "venue",
                   "online_link", "partners", "facilitators", "capacity", "funder")
LIST_FIELDS = ("partners", "facilitators")
# Where each state may go: the life cycle of DOMAIN.md
TRANSITIONS = {"open": ("planned",), "held": ("open",), "closed": ("held",),
               "cancelled": ("planned", "open")}
TAKES_REGISTRATIONS = ("planned", "open")
TAKES_ATTENDANCE = ("open", "held")


# -- events ------------------------------------------------------------------------------

@dataclass(frozen=True)
class ActivityPlanned(DomainEvent):
    type: ClassVar[str] = "activity.planned"
    title: str = ""
    kind: str = ""
    programme: str | None = None
    objectives: str | None = None
    office: str = ""
    venue: str | None = None
    online_link: str | None = None
    partners: tuple[str, ...] = ()       # organisation ids (stakeholders)
    facilitators: tuple[str, ...] = ()   # names of staff or consultants
    capacity: int | None = None          # None: no limit
    funder: str | None = None            # as the sign-in sheet names it (free text for now)


@dataclass(frozen=True)
class ActivityCorrected(Correction):
    type: ClassVar[str] = "activity.corrected"
    title: str | None = None
    kind: str | None = None
    programme: str | None = None
    objectives: str | None = None
    office: str | None = None
    venue: str | None = None
    online_link: str | None = None
    partners: tuple[str, ...] | None = None
    facilitators: tuple[str, ...] | None = None
    capacity: int | None = None
    funder: str | None = None


@dataclass(frozen=True)
class RegistrationOpened(DomainEvent):
    type: ClassVar[str] = "activity.registration_opened"


@dataclass(frozen=True)
class ActivityHeld(DomainEvent):
    type: ClassVar[str] = "activity.held"


@dataclass(frozen=True)
class ActivityClosed(DomainEvent):
    type: ClassVar[str] = "activity.closed"


@dataclass(frozen=True)
class ActivityCancelled(DomainEvent):
    type: ClassVar[str] = "activity.cancelled"
    reason: str = ""


@dataclass(frozen=True)
class SessionScheduled(DomainEvent):
    type: ClassVar[str] = "activity.session_scheduled"
    session_id: str = ""
    date: dt.date | None = None
    start: str = ""   # "HH:MM", local time of the place
    end: str = ""
    place: str | None = None
    online_link: str | None = None


@dataclass(frozen=True)
class PersonRegistered(DomainEvent):
    """`waitlisted`: beyond capacity, the person waits in order of registration."""
    type: ClassVar[str] = "activity.person_registered"
    registration_id: str = ""
    person_id: str = ""
    waitlisted: bool = False
    walk_in: bool = False  # came without registering: given a place, capacity or not


@dataclass(frozen=True)
class RegistrationCancelled(DomainEvent):
    """`reason`, free text about the person's registration, is sealed under their key
    (`person_id`: empty in events recorded before it was, whose reason is in clear)."""
    type: ClassVar[str] = "activity.registration_cancelled"
    personal_data: ClassVar[tuple[str, ...]] = ("reason",)
    personal_subject: ClassVar[str] = "person_id"
    published_personal: ClassVar[dict] = {}  # no consumer needs the reason
    registration_id: str = ""
    reason: str = ""
    person_id: str = ""


@dataclass(frozen=True)
class PromotedFromWaitlist(DomainEvent):
    type: ClassVar[str] = "activity.promoted_from_waitlist"
    registration_id: str = ""


@dataclass(frozen=True)
class AttendanceRecorded(DomainEvent):
    """`marks`: [{person_id, half_day, status}]; a later record of the same person and
    half-day corrects the earlier one (the events are its history). `source`: "staff", or
    "self_sign_in" when a participant signed on their phone (services/activities/self_sign_in)."""
    type: ClassVar[str] = "activity.attendance_recorded"
    session_id: str = ""
    marks: tuple[dict, ...] = ()
    source: str = "staff"


@dataclass(frozen=True)
class RegistrationTransferred(DomainEvent):
    """Two records of one person were merged in stakeholders: the registration (and its
    attendance) now belongs to the surviving record."""
    type: ClassVar[str] = "activity.registration_transferred"
    registration_id: str = ""
    from_person_id: str = ""
    to_person_id: str = ""


@dataclass(frozen=True)
class RegistrationGivenBack(DomainEvent):
    """The merge of two records was undone in stakeholders: the registration that the merge
    moved goes back (with its attendance) to the restored record."""
    type: ClassVar[str] = "activity.registration_given_back"
    registration_id: str = ""
    from_person_id: str = ""
    to_person_id: str = ""


@dataclass(frozen=True)
class RegistrationReinstated(DomainEvent):
    """A registration cancelled by a merge (the survivor was registered already) is valid
    again once the merge is undone; on the waitlist if the places are taken meanwhile."""
    type: ClassVar[str] = "activity.registration_reinstated"
    registration_id: str = ""
    waitlisted: bool = False


EVENTS = (ActivityPlanned, ActivityCorrected, RegistrationOpened, ActivityHeld, ActivityClosed,
          ActivityCancelled, SessionScheduled, PersonRegistered, RegistrationCancelled,
          PromotedFromWaitlist, AttendanceRecorded, RegistrationTransferred,
          RegistrationGivenBack, RegistrationReinstated)
registry = EventRegistry(*EVENTS, *CONSULTANT_EVENTS)


# -- state -------------------------------------------------------------------------------

@dataclass
class Session:
    id: str
    date: dt.date
    start: dt.time
    end: dt.time
    place: str | None = None
    online_link: str | None = None

    @property
    def half_days(self) -> tuple[str, ...]:
        """A session longer than a half-day, or spanning noon, has both lines."""
        if self.start < NOON < self.end or self.hours > HALF_DAY_HOURS:
            return HALF_DAYS
        return ("morning",) if self.start < NOON else ("afternoon",)

    @property
    def hours(self) -> float:
        return _hours(self.start, self.end)

    def hours_of(self, half_day: str) -> float:
        """The hours a half-day line of this session stands for."""
        if len(self.half_days) == 1:
            return self.hours if half_day in self.half_days else 0.0
        if self.start < NOON < self.end:
            return _hours(self.start, NOON) if half_day == "morning" else _hours(NOON, self.end)
        return self.hours / 2


@dataclass
class Registration:
    id: str
    person_id: str
    waitlisted: bool
    order: int
    cancelled: bool = False
    cancel_reason: str | None = None
    walk_in: bool = False
    merged_from: str | None = None  # the absorbed record it was moved from by a merge

    @property
    def status(self) -> str:
        return "cancelled" if self.cancelled else "waitlisted" if self.waitlisted else "registered"


class Activity(Aggregate):
    stream_type: ClassVar[str] = "activity"

    def __init__(self, id: str):
        super().__init__(id)
        self.details: dict[str, Any] = {}
        self.status = "planned"
        self.cancel_reason: str | None = None
        self.sessions: dict[str, Session] = {}
        self.registrations: dict[str, Registration] = {}
        self.attendance: dict[str, dict[tuple[str, str], str]] = {}  # session -> marks

    # -- life cycle ----------------------------------------------------------------------

    @classmethod
    def plan(cls, id: str, **details: Any) -> "Activity":
        activity = cls(id)
        clean = _clean({**{name: None for name in ACTIVITY_FIELDS}, **details})
        _check(clean)
        activity.record(ActivityPlanned(**clean))
        return activity

    def correct(self, changes: dict[str, Any]) -> None:
        self._refuse_if_finished()
        clean = _clean(changes)
        _check({**self.details, **clean})
        diff = {k: v for k, v in clean.items() if self.details.get(k) != v}
        if not diff:
            raise DomainError(N_("Nothing changed."))
        if "capacity" in diff and diff["capacity"] is not None \
                and diff["capacity"] < len(self.registered()):
            raise DomainError(N_("The capacity cannot be below the number of people "
                                 "registered; cancel registrations first."), "capacity")
        self.record(ActivityCorrected(changed=tuple(k for k in ACTIVITY_FIELDS if k in diff),
                                      **diff))
        self._promote_while_room()

    def open_registration(self) -> None:
        self._move_to("open")
        self.record(RegistrationOpened())

    def mark_held(self) -> None:
        self._move_to("held")
        if not self.sessions:
            raise DomainError(N_("Schedule at least one session before marking the activity "
                                 "as held."))
        self.record(ActivityHeld())

    def close(self) -> None:
        self._move_to("closed")
        self.record(ActivityClosed())

    def cancel(self, reason: str) -> None:
        self._move_to("cancelled")
        reason = " ".join((reason or "").split())
        if not reason:
            raise DomainError(N_("Say why the activity is cancelled."), "reason")
        self.record(ActivityCancelled(reason=reason[:LONG_MAX]))

    # -- sessions ------------------------------------------------------------------------

    def schedule_session(self, session_id: str, date: dt.date, start: dt.time, end: dt.time,
                         place: str | None = None, online_link: str | None = None) -> None:
        self._refuse_if_finished()
        if self.status == "held":
            raise DomainError(N_("The activity has been held: no more sessions."))
        if end <= start:
            raise DomainError(N_("The session must end after it starts."), "end")
        place, online_link = _text(place), _text(online_link)
        if not place and not online_link and not (self.details.get("venue")
                                                  or self.details.get("online_link")):
            raise DomainError(N_("Give the place or the online link."), "place")
        for name, value in (("place", place), ("online_link", online_link)):
            if value and len(value) > TEXT_MAX:
                raise DomainError(N_("Must be 200 characters or fewer."), name)
        for other in self.sessions.values():
            if other.date == date and start < other.end and other.start < end:
                raise DomainError(N_("Another session of this activity overlaps these hours."),
                                  "start")
        self.record(SessionScheduled(session_id=session_id, date=date, start=_hhmm(start),
                                     end=_hhmm(end), place=place, online_link=online_link))

    # -- registrations -------------------------------------------------------------------

    def register(self, registrations: list[tuple[str, str]]) -> list[Registration]:
        """[(registration_id, person_id)], in order: everyone or no one (a group at once).
        Beyond capacity, people are waitlisted in that order."""
        self.check_takes_registrations()
        if not registrations:
            raise DomainError(N_("Choose at least one person."), "person_ids")
        seen = {r.person_id for r in self.active_registrations()}
        for _, person_id in registrations:
            if person_id in seen:
                raise DomainError(N_("This person is already registered."), "person_ids")
            seen.add(person_id)
        made = []
        for registration_id, person_id in registrations:
            full = self.capacity is not None and len(self.registered()) >= self.capacity
            self.record(PersonRegistered(registration_id=registration_id, person_id=person_id,
                                         waitlisted=full))
            made.append(self.registrations[registration_id])
        return made

    def check_takes_registrations(self) -> None:
        if self.status not in TAKES_REGISTRATIONS:
            raise DomainError(N_("This activity takes no more registrations: it has been held, closed or cancelled."),
                              "person_ids")

    def check_takes_attendance(self, session_id: str) -> Session:
        """The session, if attendance can be recorded for it now."""
        if self.status not in TAKES_ATTENDANCE:
            raise DomainError(N_("Attendance is recorded once registration is open, until the "
                                 "activity is closed."))
        return self._session(session_id)

    def register_group(self, registrations: list[tuple[str, str]]
                       ) -> tuple[list[Registration], list[str]]:
        """A whole group at once: those already registered (or waitlisted) are skipped and
        given back; the others are registered in order, the rest waitlisted."""
        active = {r.person_id for r in self.active_registrations()}
        seen: set[str] = set()
        new, skipped = [], []
        for registration_id, person_id in registrations:
            if person_id not in seen:
                seen.add(person_id)
                if person_id in active:
                    skipped.append(person_id)
                else:
                    new.append((registration_id, person_id))
        if not new and skipped:
            raise DomainError(N_("Everyone chosen is already registered."), "person_ids")
        return self.register(new), skipped

    def walk_in(self, registration_id: str, person_id: str, session_id: str,
                half_days: list[str]) -> None:
        """Someone came without registering (or from the waitlist): they get a place,
        whatever the capacity (they are in the room), and are marked present."""
        session = self.check_takes_attendance(session_id)
        half_days = list(dict.fromkeys(half_days or session.half_days))
        if any(h not in session.half_days for h in half_days):
            raise DomainError(N_("This session has no such half-day."), "half_days")
        mine = next((r for r in self.active_registrations() if r.person_id == person_id), None)
        if mine and not mine.waitlisted:
            raise DomainError(N_("This person is already on the list: mark them there."),
                              "person_id")
        if mine:
            self.record(PromotedFromWaitlist(registration_id=mine.id))
        else:
            self.record(PersonRegistered(registration_id=registration_id, person_id=person_id,
                                         waitlisted=False, walk_in=True))
        self.record(AttendanceRecorded(session_id=session_id, marks=tuple(
            {"person_id": person_id, "half_day": h, "status": "present"} for h in half_days)))

    def cancel_registration(self, registration_id: str, reason: str) -> None:
        if self.status not in TAKES_REGISTRATIONS:
            raise DomainError(N_("Registrations can no longer be changed: the activity has been "
                                 "held, closed or cancelled."))
        registration = self._registration(registration_id)
        if registration.cancelled:
            raise DomainError(N_("This registration is already cancelled."))
        reason = " ".join((reason or "").split())
        if not reason:
            raise DomainError(N_("Say why the registration is cancelled."), "reason")
        self.record(RegistrationCancelled(registration_id=registration_id,
                                          reason=reason[:TEXT_MAX],
                                          person_id=registration.person_id))
        self._promote_while_room()

    def transfer_registrations(self, from_person_id: str, to_person_id: str) -> None:
        """A merge in stakeholders: the absorbed person's registration moves to the survivor,
        unless the survivor is registered already (then it is cancelled: no one twice)."""
        for registration in list(self.registrations.values()):
            if registration.person_id != from_person_id or registration.cancelled:
                continue
            if any(r.person_id == to_person_id for r in self.active_registrations()):
                self.record(RegistrationCancelled(registration_id=registration.id,
                                                  reason="merged",
                                                  person_id=registration.person_id))
                self._promote_while_room()
            else:
                self.record(RegistrationTransferred(registration_id=registration.id,
                                                    from_person_id=from_person_id,
                                                    to_person_id=to_person_id))

    def give_back_registrations(self, restored_id: str, survivor_id: str) -> None:
        """An un-merge: what the merge of `restored_id` into `survivor_id` moved goes back
        (attendance too), and what it cancelled as a double is valid again."""
        for registration in sorted(self.registrations.values(), key=lambda r: r.order):
            if registration.person_id == survivor_id and registration.merged_from == restored_id:
                self.record(RegistrationGivenBack(registration_id=registration.id,
                                                  from_person_id=survivor_id,
                                                  to_person_id=restored_id))
            elif (registration.person_id == restored_id and registration.cancelled
                  and registration.cancel_reason == "merged"):
                full = (self.status in TAKES_REGISTRATIONS and self.capacity is not None
                        and len(self.registered()) >= self.capacity)
                self.record(RegistrationReinstated(registration_id=registration.id,
                                                   waitlisted=full or registration.waitlisted))
        if self.status in TAKES_REGISTRATIONS:
            self._promote_while_room()

    # -- attendance ----------------------------------------------------------------------

    def record_attendance(self, session_id: str, marks: list[dict],
                          source: str = "staff") -> None:
        """The whole list at once (or only the exceptions): {person_id, half_day, status}."""
        session = self.check_takes_attendance(session_id)
        if not marks:
            raise DomainError(N_("Mark at least one person."), "attendance")
        registered = {r.person_id for r in self.registered()}
        seen, changed = set(), []
        current = self.attendance.get(session_id, {})
        for mark in marks:
            key = (mark["person_id"], mark["half_day"])
            if mark["person_id"] not in registered:
                raise DomainError(N_("Only registered people (not waitlisted) can be marked."),
                                  "attendance")
            if mark["half_day"] not in session.half_days:
                raise DomainError(N_("This session has no such half-day."), "attendance")
            if mark["status"] not in ATTENDANCE:
                raise DomainError(N_("Choose present, absent, excused or late."), "attendance")
            if key in seen:
                raise DomainError(N_("A person is marked twice for the same half-day."),
                                  "attendance")
            seen.add(key)
            if current.get(key) != mark["status"]:
                changed.append({"person_id": key[0], "half_day": key[1],
                                "status": mark["status"]})
        if not changed:
            raise DomainError(N_("Nothing changed."))
        self.record(AttendanceRecorded(session_id=session_id, marks=tuple(changed),
                                       source=source))

    # -- reading -------------------------------------------------------------------------

    @property
    def capacity(self) -> int | None:
        return self.details.get("capacity")

    def active_registrations(self) -> list[Registration]:
        return sorted((r for r in self.registrations.values() if not r.cancelled),
                      key=lambda r: r.order)

    def registered(self) -> list[Registration]:
        return [r for r in self.active_registrations() if not r.waitlisted]

    def waitlist(self) -> list[Registration]:
        return [r for r in self.active_registrations() if r.waitlisted]

    def hours_delivered(self) -> float:
        return sum(s.hours for s in self.sessions.values())

    def hours_attended(self, person_id: str) -> float:
        total = 0.0
        for session_id, marks in self.attendance.items():
            session = self.sessions[session_id]
            total += sum(session.hours_of(half_day) for (who, half_day), status in marks.items()
                         if who == person_id and status in ("present", "late"))
        return total

    # -- folding -------------------------------------------------------------------------

    def apply(self, event: DomainEvent) -> None:
        if isinstance(event, ActivityPlanned):
            self.details = {name: getattr(event, name) for name in ACTIVITY_FIELDS}
        elif isinstance(event, ActivityCorrected):
            self.details.update(event.changes())
        elif isinstance(event, RegistrationOpened):
            self.status = "open"
        elif isinstance(event, ActivityHeld):
            self.status = "held"
        elif isinstance(event, ActivityClosed):
            self.status = "closed"
        elif isinstance(event, ActivityCancelled):
            self.status, self.cancel_reason = "cancelled", event.reason
        elif isinstance(event, SessionScheduled):
            self.sessions[event.session_id] = Session(
                event.session_id, event.date, dt.time.fromisoformat(event.start),
                dt.time.fromisoformat(event.end), event.place, event.online_link)
        elif isinstance(event, PersonRegistered):
            self.registrations[event.registration_id] = Registration(
                event.registration_id, event.person_id, event.waitlisted,
                len(self.registrations), walk_in=event.walk_in)
        elif isinstance(event, RegistrationCancelled):
            registration = self.registrations[event.registration_id]
            registration.cancelled, registration.cancel_reason = True, event.reason
        elif isinstance(event, PromotedFromWaitlist):
            self.registrations[event.registration_id].waitlisted = False
        elif isinstance(event, AttendanceRecorded):
            marks = self.attendance.setdefault(event.session_id, {})
            for mark in event.marks:
                marks[(mark["person_id"], mark["half_day"])] = mark["status"]
        elif isinstance(event, (RegistrationTransferred, RegistrationGivenBack)):
            registration = self.registrations[event.registration_id]
            registration.person_id = event.to_person_id
            registration.merged_from = (event.from_person_id if isinstance(
                event, RegistrationTransferred) else None)
            for marks in self.attendance.values():
                for (who, half_day) in [k for k in marks if k[0] == event.from_person_id]:
                    marks[(event.to_person_id, half_day)] = marks.pop((who, half_day))
        elif isinstance(event, RegistrationReinstated):
            registration = self.registrations[event.registration_id]
            registration.cancelled, registration.cancel_reason = False, None
            registration.waitlisted = event.waitlisted
        else:
            raise TypeError(type(event).__name__)

    # -- helpers -------------------------------------------------------------------------

    def _promote_while_room(self) -> None:
        """The first waitlisted take the places that freed, in order."""
        while self.waitlist() and (self.capacity is None
                                   or len(self.registered()) < self.capacity):
            self.record(PromotedFromWaitlist(registration_id=self.waitlist()[0].id))

    def _session(self, session_id: str) -> Session:
        session = self.sessions.get(session_id)
        if session is None:
            raise DomainError(N_("Unknown session."), "session_id")
        return session

    def _registration(self, registration_id: str) -> Registration:
        registration = self.registrations.get(registration_id)
        if registration is None:
            raise DomainError(N_("Unknown registration."), "registration_id")
        return registration

    def _move_to(self, status: str) -> None:
        if self.status not in TRANSITIONS[status]:
            raise DomainError(N_("This cannot be done in the activity's current status."),
                              "status")

    def _refuse_if_finished(self) -> None:
        if self.status in ("closed", "cancelled"):
            raise DomainError(N_("A closed or cancelled activity cannot be changed."))


# -- validation --------------------------------------------------------------------------

def _text(value: Any) -> str | None:
    return " ".join(value.split()) or None if isinstance(value, str) else value


def _clean(values: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, value in values.items():
        if name not in ACTIVITY_FIELDS:
            raise DomainError(N_("Unknown field."), name)
        if name in LIST_FIELDS:
            out[name] = tuple(dict.fromkeys(v for v in (_text(str(x)) for x in value or ()) if v))
        elif name == "objectives" and isinstance(value, str):
            out[name] = value.strip() or None
        else:
            out[name] = _text(value)
    return out


def _check(a: dict[str, Any]) -> None:
    if not a.get("title"):
        raise DomainError(N_("A title is required."), "title")
    if a.get("kind") not in KINDS:
        raise DomainError(N_("Choose a kind of activity from the list."), "kind")
    if a.get("office") not in OFFICES:
        raise DomainError(N_("Choose the organising office."), "office")
    for name in ("title", "programme", "venue", "online_link", "funder"):
        if a.get(name) and len(a[name]) > TEXT_MAX:
            raise DomainError(N_("Must be 200 characters or fewer."), name)
    if a.get("objectives") and len(a["objectives"]) > LONG_MAX:
        raise DomainError(N_("Must be 2000 characters or fewer."), "objectives")
    if a.get("programme") and len(a["programme"]) > 40:
        raise DomainError(N_("A programme code has 40 characters or fewer."), "programme")
    capacity = a.get("capacity")
    if capacity is not None and (not isinstance(capacity, int) or capacity < 1):
        raise DomainError(N_("The capacity is a number of places, at least 1."), "capacity")
    if capacity is not None and capacity > CAPACITY_MAX:
        raise DomainError(N_("The capacity is at most 100,000 places."), "capacity")


def _hhmm(value: dt.time) -> str:
    return value.strftime("%H:%M")


def _hours(start: dt.time, end: dt.time) -> float:
    minutes = (end.hour * 60 + end.minute) - (start.hour * 60 + start.minute)
    return round(max(minutes, 0) / 60, 2)



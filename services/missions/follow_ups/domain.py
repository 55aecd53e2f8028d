"""What follows a mission once agreed, recorded on the mission's own stream: follow-up
meetings, incidents, mandatory trainings and the end-of-mission review (events and the
Mission's commands for them, as a mixin), and the schedule of meetings derived from the
mission's dates. Pure Python, no I/O."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, ClassVar, Iterable

from shared.eventstore import DomainError, DomainEvent

from ..dates import add_months


def N_(message: str) -> str:
    return message


FOLLOW_UP_KINDS = ("arrival", "monthly", "mid_term", "final", "ad_hoc")
INCIDENT_KINDS = ("health", "accident", "conflict", "housing", "administrative", "safety",
                  "other")
SEVERITIES = ("low", "medium", "serious")
TRAININGS = ("civic_citizen", "first_aid")   # mandatory for every volunteer
NEXT_STEPS = ("studies", "employment", "training", "entrepreneurship", "volunteering",
              "job_seeking", "other")
FOLLOWED = ("under_way", "completed", "interrupted")  # when meetings and incidents happen
TEXT_MAX, LONG_MAX, MAX_ITEMS = 200, 4000, 20


# -- events ------------------------------------------------------------------------------

@dataclass(frozen=True)
class FollowUpRecorded(DomainEvent):
    """A meeting with the volunteer (and the tutor, the referent…): notes and issues are
    case notes about the volunteer."""
    type: ClassVar[str] = "mission.follow_up_recorded"
    personal_data: ClassVar[tuple[str, ...]] = ("notes", "issues", "wellbeing",
                                                "participants")
    personal_subject: ClassVar[str | None] = "volunteer_id"
    # reporting keeps the wellbeing mark with the meeting; the case notes and who was
    # there (names) stay in missions
    published_personal: ClassVar[dict] = {"wellbeing": ("reporting",)}
    private: ClassVar[tuple[str, ...]] = ("participants",)
    follow_up_id: str = ""
    volunteer_id: str = ""  # whose key seals the notes (older events: the mission's key)
    kind: str = ""
    date: dt.date | None = None
    participants: tuple[str, ...] = ()
    wellbeing: int | None = None      # 1 (bad) to 5 (very good)
    notes: str | None = None
    issues: tuple[str, ...] = ()


@dataclass(frozen=True)
class IncidentReported(DomainEvent):
    type: ClassVar[str] = "mission.incident_reported"
    personal_data: ClassVar[tuple[str, ...]] = ("description",)
    personal_subject: ClassVar[str | None] = "volunteer_id"
    published_personal: ClassVar[dict] = {}  # reporting counts without it
    incident_id: str = ""
    volunteer_id: str = ""
    kind: str = ""
    severity: str = ""
    reported_on: dt.date | None = None
    description: str | None = None


@dataclass(frozen=True)
class IncidentResolved(DomainEvent):
    type: ClassVar[str] = "mission.incident_resolved"
    personal_data: ClassVar[tuple[str, ...]] = ("resolution",)
    personal_subject: ClassVar[str | None] = "volunteer_id"
    published_personal: ClassVar[dict] = {}  # reporting counts without it
    incident_id: str = ""
    volunteer_id: str = ""
    resolved_on: dt.date | None = None
    resolution: str | None = None


@dataclass(frozen=True)
class TrainingRecorded(DomainEvent):
    """A mandatory training the volunteer followed (recorded again: corrected)."""
    type: ClassVar[str] = "mission.training_recorded"
    training: str = ""
    start: dt.date | None = None
    end: dt.date | None = None
    provider: str | None = None


@dataclass(frozen=True)
class MissionReviewed(DomainEvent):
    """The end-of-mission review (recorded again: corrected)."""
    type: ClassVar[str] = "mission.reviewed"
    personal_data: ClassVar[tuple[str, ...]] = ("skills_gained", "comments")
    personal_subject: ClassVar[str | None] = "volunteer_id"
    volunteer_id: str = ""
    published_personal: ClassVar[dict] = {}  # reporting counts without it
    skills_gained: tuple[str, ...] = ()
    volunteer_satisfaction: int | None = None  # 1 to 5
    host_satisfaction: int | None = None       # 1 to 5
    next_step: str | None = None
    comments: str | None = None


FOLLOW_UP_EVENTS = (FollowUpRecorded, IncidentReported, IncidentResolved, TrainingRecorded,
                    MissionReviewed)


# -- state -------------------------------------------------------------------------------

@dataclass
class FollowUp:
    id: str
    kind: str
    date: dt.date
    participants: tuple[str, ...] = ()
    wellbeing: int | None = None
    notes: str | None = None
    issues: tuple[str, ...] = ()


@dataclass
class Incident:
    id: str
    kind: str
    severity: str
    reported_on: dt.date
    description: str | None = None
    resolved_on: dt.date | None = None
    resolution: str | None = None

    @property
    def open(self) -> bool:
        return self.resolved_on is None


@dataclass
class Training:
    training: str
    start: dt.date
    end: dt.date
    provider: str | None = None


class FollowedMission:
    """The Mission's follow-up: its commands check, its `apply_more` folds.

    Its events are case notes about the volunteer: each carries the volunteer's id, whose
    key seals them (erasing the volunteer destroys them). Once erased they read back as
    None, so the folding takes no personal field for granted."""

    status: str
    details: dict[str, Any]
    started_on: dt.date | None
    ended_on: dt.date | None

    @property
    def volunteer_id(self) -> str:
        return self.details.get("volunteer_id") or ""

    def _init_follow_up(self) -> None:
        self.follow_ups: dict[str, FollowUp] = {}
        self.incidents: dict[str, Incident] = {}
        self.trainings: dict[str, Training] = {}
        self.review: dict[str, Any] | None = None

    # -- meetings ------------------------------------------------------------------------

    def record_follow_up(self, follow_up_id: str, *, kind: str, date: dt.date,
                         participants: Iterable[str] = (), wellbeing: int | None = None,
                         notes: str | None = None, issues: Iterable[str] = ()) -> None:
        if self.status not in FOLLOWED:
            raise DomainError(N_("Follow-up meetings are recorded once the mission is under "
                                 "way."), "status")
        if kind not in FOLLOW_UP_KINDS:
            raise DomainError(N_("Choose the kind of meeting from the list."), "kind")
        if date is None:
            raise DomainError(N_("Give the date of the meeting."), "date")
        if date < self.started_on:
            raise DomainError(N_("The meeting cannot be before the mission started."), "date")
        if wellbeing is not None and (isinstance(wellbeing, bool) or wellbeing not in range(1, 6)):
            raise DomainError(N_("Wellbeing is a mark from 1 (bad) to 5 (very good)."),
                              "wellbeing")
        if kind in ("arrival", "mid_term", "final") and any(
                f.kind == kind for f in self.follow_ups.values()):
            raise DomainError(N_("This meeting is already recorded; record an ad hoc "
                                 "meeting instead."), "kind")
        self.record(FollowUpRecorded(
            follow_up_id=follow_up_id, volunteer_id=self.volunteer_id, kind=kind, date=date,
            participants=_items(participants, "participants"), wellbeing=wellbeing,
            notes=_long(notes, "notes"), issues=_items(issues, "issues")))

    # -- incidents -----------------------------------------------------------------------

    def report_incident(self, incident_id: str, *, kind: str, severity: str,
                        reported_on: dt.date, description: str | None = None) -> None:
        if self.status not in FOLLOWED:
            raise DomainError(N_("Incidents are reported once the mission is under way."),
                              "status")
        if kind not in INCIDENT_KINDS:
            raise DomainError(N_("Choose the kind of incident from the list."), "kind")
        if severity not in SEVERITIES:
            raise DomainError(N_("Choose the severity: low, medium or serious."), "severity")
        if reported_on is None or reported_on < self.started_on:
            raise DomainError(N_("The incident cannot be reported before the mission "
                                 "started."), "reported_on")
        self.record(IncidentReported(incident_id=incident_id, volunteer_id=self.volunteer_id,
                                     kind=kind, severity=severity,
                                     reported_on=reported_on,
                                     description=_long(description, "description")))

    def resolve_incident(self, incident_id: str, *, resolved_on: dt.date,
                         resolution: str | None = None) -> None:
        incident = self.incidents.get(incident_id)
        if incident is None:
            raise DomainError(N_("Unknown incident."), "incident_id")
        if not incident.open:
            raise DomainError(N_("This incident is already resolved."), "incident_id")
        if resolved_on is None or resolved_on < incident.reported_on:
            raise DomainError(N_("An incident cannot be resolved before it was reported."),
                              "resolved_on")
        self.record(IncidentResolved(incident_id=incident_id, volunteer_id=self.volunteer_id,
                                     resolved_on=resolved_on,
                                     resolution=_long(resolution, "resolution")))

    # -- trainings and review ------------------------------------------------------------

    def record_training(self, *, training: str, start: dt.date, end: dt.date | None = None,
                        provider: str | None = None) -> None:
        if self.status in ("draft", "cancelled"):
            raise DomainError(N_("Trainings are recorded once the mission is proposed."),
                              "status")
        if training not in TRAININGS:
            raise DomainError(N_("Choose the training: civic and citizen training or first "
                                 "aid."), "training")
        if start is None:
            raise DomainError(N_("Give the date of the training."), "start")
        end = end or start
        if end < start:
            raise DomainError(N_("The training must end on or after its first day."), "end")
        provider = _short(provider, "provider")
        if self.trainings.get(training) == Training(training, start, end, provider):
            raise DomainError(N_("Nothing changed."))
        self.record(TrainingRecorded(training=training, start=start, end=end,
                                     provider=provider))

    def review_mission(self, *, skills_gained: Iterable[str] = (),
                       volunteer_satisfaction: int | None = None,
                       host_satisfaction: int | None = None, next_step: str | None = None,
                       comments: str | None = None) -> None:
        if self.status not in ("completed", "interrupted"):
            raise DomainError(N_("The end-of-mission review is written once the mission is "
                                 "completed or interrupted."), "status")
        for name, mark in (("volunteer_satisfaction", volunteer_satisfaction),
                           ("host_satisfaction", host_satisfaction)):
            if mark is not None and (isinstance(mark, bool) or mark not in range(1, 6)):
                raise DomainError(N_("Satisfaction is a mark from 1 to 5."), name)
        if next_step is not None and next_step not in NEXT_STEPS:
            raise DomainError(N_("Choose what comes next from the list."), "next_step")
        self.record(MissionReviewed(
            volunteer_id=self.volunteer_id, skills_gained=_items(skills_gained, "skills_gained"),
            volunteer_satisfaction=volunteer_satisfaction, host_satisfaction=host_satisfaction,
            next_step=next_step, comments=_long(comments, "comments")))

    # -- reading -------------------------------------------------------------------------

    def open_serious_incidents(self) -> list[Incident]:
        return [i for i in self.incidents.values() if i.open and i.severity == "serious"]

    def missing_trainings(self) -> list[str]:
        return [t for t in TRAININGS if t not in self.trainings]

    # -- folding -------------------------------------------------------------------------

    def apply_more(self, event: DomainEvent) -> None:
        if isinstance(event, FollowUpRecorded):
            self.follow_ups[event.follow_up_id] = FollowUp(
                event.follow_up_id, event.kind, event.date, event.participants or (),
                event.wellbeing, event.notes, event.issues or ())
        elif isinstance(event, IncidentReported):
            self.incidents[event.incident_id] = Incident(
                event.incident_id, event.kind, event.severity, event.reported_on,
                event.description)
        elif isinstance(event, IncidentResolved):
            incident = self.incidents[event.incident_id]
            incident.resolved_on, incident.resolution = event.resolved_on, event.resolution
        elif isinstance(event, TrainingRecorded):
            self.trainings[event.training] = Training(event.training, event.start, event.end,
                                                      event.provider)
        elif isinstance(event, MissionReviewed):
            self.review = {"skills_gained": list(event.skills_gained or ()),
                           "volunteer_satisfaction": event.volunteer_satisfaction,
                           "host_satisfaction": event.host_satisfaction,
                           "next_step": event.next_step, "comments": event.comments}
        else:
            raise TypeError(type(event).__name__)


# -- the schedule ------------------------------------------------------------------------

@dataclass(frozen=True)
class Meeting:
    """A meeting the schedule expects: due on `due_on`; `done_on` once held."""
    kind: str
    due_on: dt.date
    done_on: dt.date | None = None
    number: int | None = None   # monthly meetings: the mission's month it belongs to

    def state(self, on: dt.date) -> str:
        """done, overdue, due_this_week (its due date in on's Monday-Sunday week) or
        upcoming."""
        if self.done_on:
            return "done"
        if self.due_on < on:
            return "overdue"
        monday = on - dt.timedelta(days=on.weekday())
        return "due_this_week" if self.due_on <= monday + dt.timedelta(days=6) else "upcoming"


NEAR = dt.timedelta(days=15)  # a monthly meeting this close to mid-term or final is it


def schedule(start: dt.date, end: dt.date, held: Iterable[FollowUp] = ()) -> list[Meeting]:
    """The meetings a mission from `start` to `end` expects, matched with those held:
    an arrival meeting within the first month (by mid-term for a short one), then one a month (due at each monthly
    anniversary from the second), a mid-term meeting halfway, a final meeting on the last
    day. A monthly meeting falling within 15 days of mid-term or final is that meeting.
    Each monthly slot is met by the first unused monthly meeting held after the slot's
    month began."""
    mid = start + dt.timedelta(days=(end - start).days // 2)
    slots: list[Meeting] = [Meeting("arrival", min(add_months(start, 1), mid))]
    month = 2
    while (due := add_months(start, month)) < end:
        if abs(due - mid) > NEAR and end - due > NEAR:
            slots.append(Meeting("monthly", due, number=month))
        month += 1
    slots += [Meeting("mid_term", mid), Meeting("final", end)]
    held = sorted(held, key=lambda f: f.date)
    used: set[str] = set()
    matched = []
    for slot in sorted(slots, key=lambda s: s.due_on):
        opened = add_months(start, slot.number - 1) if slot.number else start
        meeting = next((f for f in held if f.kind == slot.kind and f.id not in used
                        and (slot.kind != "monthly" or f.date >= opened)), None)
        if meeting:
            used.add(meeting.id)
        matched.append(Meeting(slot.kind, slot.due_on, meeting.date if meeting else None,
                               slot.number))
    return matched


# -- validation --------------------------------------------------------------------------

def _short(value: str | None, name: str) -> str | None:
    value = " ".join((value or "").split()) or None
    if value and len(value) > TEXT_MAX:
        raise DomainError(N_("Must be 200 characters or fewer."), name)
    return value


def _long(value: str | None, name: str) -> str | None:
    value = (value or "").strip() or None
    if value and len(value) > LONG_MAX:
        raise DomainError(N_("Must be 4000 characters or fewer."), name)
    return value


def _items(values: Iterable[str], name: str) -> tuple[str, ...]:
    items = tuple(dict.fromkeys(v for v in (_short(str(x), name) for x in values or ()) if v))
    if len(items) > MAX_ITEMS:
        raise DomainError(N_("20 entries at most."), name)
    return items

"""A fixed history of events for the reporting tests: activities' made by the real
activities code (its aggregate and event store, read back through its feed), missions'
built per the agreed contract, and stakeholders' people. Every figure the tests expect is
counted by hand from this history (see test_measures.py)."""
from __future__ import annotations

import datetime as dt
import itertools
import uuid

from services.activities.domain import Activity, registry as activity_registry
from services.activities.projections import PROJECTORS as ACTIVITY_PROJECTORS
from shared.eventstore import EventStore, UnitOfWork
from shared.messaging.envelope import ReceivedEvent
from shared.messaging.feed import LocalFeed

UTC = dt.timezone.utc
D = dt.date
T = dt.time


class ListFeed:
    """A source's feed held in memory (the shape of shared.messaging.feed's feeds)."""

    def __init__(self, source: str):
        self.source = source
        self.events: list[ReceivedEvent] = []
        self._versions: dict[str, itertools.count] = {}

    def add(self, type_: str, stream_id: str, data: dict, when: dt.datetime | None = None,
            stream_type: str | None = None) -> ReceivedEvent:
        version = next(self._versions.setdefault(stream_id, itertools.count(1)))
        event = ReceivedEvent(id=str(uuid.uuid4()), source=self.source, type=type_,
                              stream_id=stream_id, stream_type=stream_type or type_.split(".")[0],
                              version=version, position=len(self.events) + 1, data=data,
                              time=when or dt.datetime.now(UTC))
        self.events.append(event)
        return event

    def read_after(self, position: int, limit: int = 500) -> list[ReceivedEvent]:
        return self.events[position:position + limit]

    def last_position(self) -> int:
        return len(self.events)


def person(feed: ListFeed, pid: str, sex: str, birth: str | None, region: str | None,
           roles=()):
    feed.add("person.registered", pid, {
        "given_name": "Nom", "family_name": "Caché", "email": f"{pid}@example.org",
        "phone": "+212600000000", "sex": sex, "birth_date": birth,
        "residence_country": "MA" if region == "Souss-Massa" else "FR",
        "residence_region": region, "roles": list(roles)})


class Activities:
    """Activities recorded through the activities aggregate and its event store."""

    def __init__(self, engine):
        self.store = EventStore(engine, activity_registry)
        self.uow = UnitOfWork(self.store, ACTIVITY_PROJECTORS)
        self.feed = LocalFeed(self.store, "activities")

    def save(self, activity: Activity) -> None:
        self.uow.save(activity)

    def load(self, activity_id: str) -> Activity:
        return self.uow.get(Activity, activity_id)

    def held(self, programme, kind, office, day, start, end, people, marks, hold=True):
        """An activity with one session, `people` registered and `marks` recorded
        ({(person, half_day): status}); returns (activity id, session id)."""
        activity = Activity.plan(str(uuid.uuid4()), title="Atelier", kind=kind, office=office,
                                 programme=programme, venue="Salle")
        session_id = str(uuid.uuid4())
        activity.schedule_session(session_id, day, start, end)
        self.save(activity)
        activity.register([(str(uuid.uuid4()), p) for p in people])
        activity.open_registration()
        self.save(activity)
        if marks:
            activity.record_attendance(session_id, [
                {"person_id": p, "half_day": h, "status": s} for (p, h), s in marks.items()])
            self.save(activity)
        if hold:
            activity.mark_held()
        else:
            activity.cancel("Intempéries")
        self.save(activity)
        return activity.id, session_id


def at(day: str) -> dt.datetime:
    return dt.datetime.fromisoformat(day + "T10:00:00+00:00")


def missions_history(feed: ListFeed) -> None:
    def mission(mid, volunteer, office, programme, started=None, completed=None,
                interrupted=None):
        feed.add("mission.drafted", mid, {
            "volunteer_id": volunteer, "host_id": "host-1", "direction": "MA_to_FR",
            "scheme": "civic_service", "programme": programme, "office": office,
            "planned_start": started, "planned_end": "2026-12-31", "weekly_hours": 24,
            "referent": None}, at("2025-09-01"))
        feed.add("mission.proposed", mid, {}, at("2025-09-02"))
        feed.add("mission.agreed", mid, {}, at("2025-09-03"))
        if started:
            feed.add("mission.started", mid, {"started_on": started}, at(started))
        if completed:
            feed.add("mission.completed", mid, {"completed_on": completed}, at(completed))
        if interrupted:
            feed.add("mission.interrupted", mid, {"interrupted_on": interrupted,
                                                  "reason": "raisons personnelles"},
                     at(interrupted))

    mission("m1", "v1", "agadir", "MTD2", started="2026-02-01", completed="2026-05-31")
    mission("m2", "v2", "marseille", "MTD2", started="2026-04-15")
    feed.add("mission.follow_up_recorded", "m2", {
        "follow_up_id": "f1", "kind": "arrival", "date": "2026-04-20", "wellbeing": 4,
        "notes": "Se sent bien, loge chez sa tante"}, at("2026-04-20"))
    mission("m3", "v1", "agadir", "MTD2", started="2025-10-01", interrupted="2026-01-15")
    mission("m4", "v2", "agadir", "OTHER", started="2026-02-01")
    mission("m5", "v2", "agadir", "MTD2")  # agreed, never started

    def accompaniment(aid, organisation, opened, closed=None):
        feed.add("accompaniment.opened", aid, {
            "organisation_id": organisation, "group_name": None if organisation else "Jeunes",
            "title": "Projet", "programme": "MTD2", "office": "tiznit",
            "budget_requested": 10000}, at(opened))
        if closed:
            feed.add("accompaniment.stage_changed", aid, {"stage": "closed", "on": closed},
                     at(closed))

    accompaniment("ac1", "o1", "2026-01-10")
    accompaniment("ac2", "o1", "2026-03-10")
    accompaniment("ac3", None, "2026-02-10")
    accompaniment("ac4", "o2", "2025-11-01", closed="2025-12-01")
    feed.add("accompaniment.coaching_recorded", "ac1", {
        "coaching_id": "c1", "date": "2026-02-01", "hours": 2, "activity_id": None,
        "notes": "Budget à revoir"}, at("2026-02-01"))


def build(activities_engine) -> dict:
    """Every source's feed of the history, and the moment before the late correction."""
    people = ListFeed("stakeholders")
    person(people, "p1", "female", "2000-03-15", "Souss-Massa", ["young_person"])
    person(people, "p2", "male", "2008-01-01", "Souss-Massa")
    person(people, "p3", "female", "1980-05-05", "Provence-Alpes-Côte d'Azur")
    person(people, "p4", "unknown", None, None)
    person(people, "v1", "female", "1999-07-01", "Souss-Massa", ["volunteer"])
    person(people, "v2", "male", "2002-02-02", "Provence-Alpes-Côte d'Azur", ["volunteer"])
    acts = Activities(activities_engine)
    a1, s1 = acts.held("MTD2", "training", "agadir", D(2026, 3, 1), T(9), T(17),
                       ["p1", "p2", "p3"],
                       {("p1", "morning"): "present", ("p1", "afternoon"): "present",
                        ("p2", "morning"): "present", ("p2", "afternoon"): "absent",
                        ("p3", "morning"): "absent", ("p3", "afternoon"): "absent"})
    acts.held("MTD2", "workshop", "tiznit", D(2026, 4, 1), T(14), T(17), ["p1", "p4"],
              {("p1", "afternoon"): "present", ("p4", "afternoon"): "late"})
    acts.held("OTHER", "training", "agadir", D(2026, 3, 10), T(9), T(12), ["p3"],
              {("p3", "morning"): "present"})
    acts.held("MTD2", "workshop", "agadir", D(2026, 5, 1), T(9), T(12), ["p2"], {},
              hold=False)
    missions = ListFeed("missions")
    missions_history(missions)
    before_correction = dt.datetime.now(UTC)
    return {"stakeholders": people, "activities": acts.feed, "missions": missions,
            "acts": acts, "a1": a1, "s1": s1, "before_correction": before_correction}


def correct_p3(history: dict) -> None:
    """The late correction: p3 was in fact present on the morning of A1's session."""
    acts = history["acts"]
    activity = acts.load(history["a1"])
    activity.record_attendance(history["s1"], [{"person_id": "p3", "half_day": "morning",
                                                "status": "present"}])
    acts.save(activity)

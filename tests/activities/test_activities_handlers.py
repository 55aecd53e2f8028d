"""Handlers: load, decide, append in one unit of work; only known, active people are
registered; a group is one append; a stale version is refused."""
import datetime as dt

import pytest

from services.activities import handlers
from services.activities.domain import registry
from shared.eventstore import ConcurrencyError, DomainError, NotFound
from shared.testing.fakes import InMemoryEventStore

KNOWN = {"p1", "p2", "p3"}


@pytest.fixture
def uow():
    return handlers.ActivitiesWork(InMemoryEventStore(registry),
                                   people=lambda ids: {i for i in ids if i in KNOWN})


def opened(uow, capacity=2):
    activity = handlers.plan_activity(uow, title="Formation OSIM", kind="training",
                                      office="tiznit", capacity=capacity, venue="Tiznit")
    handlers.schedule_session(uow, activity.id, 1, date=dt.date(2025, 4, 2),
                              start=dt.time(9), end=dt.time(12))
    handlers.open_registration(uow, activity.id, 2)
    return activity.id


def test_a_group_is_one_append_with_an_answer_per_person(uow):
    activity_id = opened(uow)
    before = uow.store.last_position()
    answer = handlers.register(uow, activity_id, person_ids=["p1", "p2", "p3"])
    assert [r["status"] for r in answer["registrations"]] == ["registered", "registered",
                                                              "waitlisted"]
    appended = uow.store.read_after(before)
    assert len(appended) == 3 and len({e.recorded_at for e in appended}) == 1
    assert answer["version"] == 6


def test_unknown_archived_or_merged_people_are_refused_before_anything_is_written(uow):
    activity_id = opened(uow)
    before = uow.store.last_position()
    with pytest.raises(DomainError) as exc:
        handlers.register(uow, activity_id, person_ids=["p1", "ghost"])
    assert exc.value.field == "person_ids"
    assert uow.store.last_position() == before


def test_a_stale_version_and_an_unknown_activity_are_refused(uow):
    activity_id = opened(uow)
    with pytest.raises(ConcurrencyError):
        handlers.correct_activity(uow, activity_id, 1, title="Autre")
    with pytest.raises(NotFound):
        handlers.cancel(uow, "nope", 1, reason="x")


def test_cancelling_promotes_in_the_same_append(uow):
    activity_id = opened(uow, capacity=1)
    first = handlers.register(uow, activity_id, person_id="p1")
    handlers.register(uow, activity_id, person_id="p2")
    before = uow.store.last_position()
    handlers.cancel_registration(uow, activity_id, first["registration_id"], reason="malade")
    assert [e.type for e in uow.store.read_after(before)] == [
        "activity.registration_cancelled", "activity.promoted_from_waitlist"]

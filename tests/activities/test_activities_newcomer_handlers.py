"""Newcomer handlers in one unit of work: a person created in the directory is never lost
to a concurrent change of the activity (decided again on its current version), and
nothing is asked of the directory for a command the activity refuses anyway."""
import datetime as dt

import pytest

from services.activities import handlers
from services.activities.domain import registry
from services.activities.newcomers.handlers import add_walk_in, register_new_person
from shared.eventstore import DomainError
from shared.testing.fakes import InMemoryEventStore


class Directory:
    """Stakeholders as the handler sees it; `meanwhile` runs while the call is under way
    (another officer changing the activity then)."""

    def __init__(self):
        self.created, self.meanwhile = [], None

    def register_person(self, fields):
        self.created.append(fields)
        if self.meanwhile:
            self.meanwhile()
        return f"new-{len(self.created)}"


@pytest.fixture
def directory():
    return Directory()


@pytest.fixture
def uow(directory):
    return handlers.ActivitiesWork(InMemoryEventStore(registry), directory=directory,
                                   people=lambda ids: {i for i in ids if i == "known"})


def opened(uow):
    activity = handlers.plan_activity(uow, title="Forum", kind="forum", office="agadir",
                                      capacity=1, venue="Agadir")
    handlers.schedule_session(uow, activity.id, 1, date=dt.date(2026, 12, 4),
                              start=dt.time(14), end=dt.time(17))
    handlers.open_registration(uow, activity.id, 2)
    return activity.id


def test_a_concurrent_change_does_not_lose_the_person_created(uow, directory):
    activity_id = opened(uow)
    directory.meanwhile = lambda: handlers.register(uow, activity_id, person_id="known")
    answer = register_new_person(uow, activity_id, expected_version=3, given_name="Aya",
                                 family_name="Tazi", residence_country="ma")
    assert answer["status"] == "waitlisted"  # decided again: the place went meanwhile
    assert answer["version"] == 5 and len(directory.created) == 1
    assert directory.created[0]["residence_country"] == "MA"


def test_nothing_is_created_for_a_command_the_activity_refuses(uow, directory):
    activity_id = opened(uow)
    session_id = next(iter(uow.get(handlers.Activity, activity_id).sessions))
    with pytest.raises(DomainError):
        add_walk_in(uow, activity_id, "no-such-session", given_name="A", family_name="B")
    handlers.cancel(uow, activity_id, 3, reason="Intempéries")
    with pytest.raises(DomainError):
        register_new_person(uow, activity_id, given_name="A", family_name="B")
    with pytest.raises(DomainError):
        add_walk_in(uow, activity_id, session_id, given_name="A", family_name="B")
    assert directory.created == []

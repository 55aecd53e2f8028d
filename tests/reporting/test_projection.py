"""The people projection and its queries, on a real PostgreSQL database."""
import datetime as dt
import itertools
import uuid

import pytest

from services.reporting import queries
from services.reporting.app import migrate
from services.reporting.projections import apply_event, people
from shared.db import make_engine
from shared.eventstore.schema import consumer_positions
from shared.messaging.envelope import ReceivedEvent
from shared.settings import Settings


@pytest.fixture
def engine(make_database):
    settings = Settings(service="reporting", database_url=make_database("reporting"),
                        secret_key="s", service_token="t")
    migrate(settings)
    engine = make_engine(settings.database_url)
    yield engine
    engine.dispose()


_versions = itertools.count(1)  # increasing, as a person's stream versions are


def event(type_, person_id, data, position=1):
    return ReceivedEvent(id=str(uuid.uuid4()), source="stakeholders", type=type_,
                         stream_id=person_id, stream_type="person", version=next(_versions),
                         position=position, data=data, time=dt.datetime.now(dt.timezone.utc))


def registered(person_id, sex, country, region, **extra):
    return event("person.registered", person_id, {
        "given_name": "X", "family_name": "Y", "email": "x@example.org", "sex": sex,
        "residence_country": country, "residence_region": region, **extra})


def test_people_are_counted_by_region_and_sex_without_names(engine):
    with engine.begin() as conn:
        apply_event(conn, registered("p1", "female", "MA", "Souss-Massa", birth_date="2000-01-02"))
        apply_event(conn, registered("p2", "female", "MA", "Souss-Massa"))
        apply_event(conn, registered("p3", "male", "MA", "Souss-Massa"))
        apply_event(conn, registered("p4", "male", "FR", "Provence-Alpes-Côte d'Azur"))
        apply_event(conn, registered("p5", "other", "FR", "Provence-Alpes-Côte d'Azur"))
        apply_event(conn, event("person.corrected", "p5", {"changed": ["sex"], "sex": "female"}))
        apply_event(conn, event("person.archived", "p3", {"reason": "duplicate"}))
    with engine.connect() as conn:
        figures = queries.people_by_sex_and_region(conn)
        columns = set(conn.execute(people.select()).keys())
    assert figures["items"] == [
        {"country": "FR", "region": "Provence-Alpes-Côte d'Azur", "female": 1, "male": 1,
         "other": 0, "unknown": 0, "total": 2},
        {"country": "MA", "region": "Souss-Massa", "female": 2, "male": 0, "other": 0,
         "unknown": 0, "total": 2},
    ]
    assert figures["totals"] == {"female": 3, "male": 1, "other": 0, "unknown": 0, "total": 4}
    assert not columns & {"given_name", "family_name", "email", "phone"}


def test_a_replayed_registration_does_not_count_twice(engine):
    with engine.begin() as conn:
        apply_event(conn, registered("p1", "female", "MA", "Souss-Massa"))
        apply_event(conn, registered("p1", "female", "MA", "Souss-Massa"))
    with engine.connect() as conn:
        assert queries.people_by_sex_and_region(conn)["totals"]["total"] == 1


def test_a_replayed_registration_does_not_revert_a_later_correction(engine):
    registration = registered("p1", "female", "MA", "Souss-Massa")
    correction = event("person.corrected", "p1", {"changed": ["residence_region"],
                                                  "residence_region": "Drâa-Tafilalet"})
    with engine.begin() as conn:
        apply_event(conn, registration)
        apply_event(conn, correction)
        apply_event(conn, registration)          # replayed (a rebuild, a republished message)
        apply_event(conn, correction)            # and the correction replayed too
    with engine.connect() as conn:
        row = conn.execute(people.select()).one()
    assert (row.region, row.version) == ("Drâa-Tafilalet", correction.version)


class StubFeed:
    def __init__(self, last):
        self.last = last

    def last_position(self):
        if self.last is None:
            raise ConnectionError("down")
        return self.last


def test_freshness_says_how_far_behind_each_source(engine):
    with engine.begin() as conn:
        conn.execute(consumer_positions.insert().values(
            consumer="reporting", source="stakeholders", position=7,
            updated_at=dt.datetime.now(dt.timezone.utc)))
    with engine.connect() as conn:
        (lag,) = queries.freshness(conn, {"stakeholders": StubFeed(10)})
        (down,) = queries.freshness(conn, {"stakeholders": StubFeed(None)})
    assert (lag.applied, lag.available, lag.behind) == (7, 10, 3)
    assert (down.applied, down.behind) == (7, None)

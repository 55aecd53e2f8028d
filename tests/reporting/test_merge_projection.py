"""A merged pair of people is counted once in reporting; un-merged, twice again."""
import datetime as dt
import itertools
import uuid

import pytest

from services.reporting import queries
from services.reporting.app import migrate
from services.reporting.projections import apply_event
from shared.db import make_engine
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


def event(type_, person_id, data):
    return ReceivedEvent(id=str(uuid.uuid4()), source="stakeholders", type=type_,
                         stream_id=person_id, stream_type="person", version=next(_versions),
                         position=1,
                         data=data, time=dt.datetime.now(dt.timezone.utc))


def registered(person_id, sex, country, region):
    return event("person.registered", person_id, {
        "given_name": "X", "family_name": "Y", "sex": sex, "residence_country": country,
        "residence_region": region})


def totals(engine):
    with engine.connect() as conn:
        return queries.people_by_sex_and_region(conn)["totals"]


def test_a_merged_pair_counts_once_and_twice_again_when_unmerged(engine):
    with engine.begin() as conn:
        apply_event(conn, registered("s", "unknown", "MA", "Souss-Massa"))
        apply_event(conn, registered("m", "female", "MA", "Souss-Massa"))
    assert totals(engine)["total"] == 2
    with engine.begin() as conn:
        apply_event(conn, event("person.absorbed", "s", {
            "merge_id": "x", "merged_id": "m", "changes": {"sex": "female"},
            "previous": {"sex": "unknown"}}))
        apply_event(conn, event("person.merged_into", "m", {"survivor_id": "s",
                                                             "merge_id": "x"}))
    assert totals(engine) == {"female": 1, "male": 0, "other": 0, "unknown": 0, "total": 1}
    with engine.begin() as conn:
        apply_event(conn, event("person.absorption_undone", "s", {
            "merge_id": "x", "merged_id": "m", "restored": {"sex": "unknown"}}))
        apply_event(conn, event("person.unmerged", "m", {"survivor_id": "s", "merge_id": "x"}))
    assert totals(engine) == {"female": 1, "male": 0, "other": 0, "unknown": 1, "total": 2}

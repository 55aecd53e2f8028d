"""A person registered in stakeholders is counted by reporting, through RabbitMQ."""
import json
import time

from cloudevents.core.formats.json import JSONFormat
from sqlalchemy import select

from services.reporting.queries import CONSUMER
from shared.eventstore.schema import consumer_positions


def applied_position(engine) -> int:
    with engine.connect() as conn:
        return conn.execute(select(consumer_positions.c.position).where(
            consumer_positions.c.consumer == CONSUMER)).scalar_one_or_none() or 0


def test_a_registered_person_shows_in_reporting(platform):
    platform.register(sex="female", residence_country="MA", residence_region="Souss-Massa")
    platform.register(sex="male", residence_country="FR",
                      residence_region="Provence-Alpes-Côte d'Azur")
    platform.wait_for_total(2, timeout=10)
    figures = platform.figures()
    rows = {(r["country"], r["region"]): r for r in figures["items"]}
    assert rows[("MA", "Souss-Massa")]["female"] == 1
    assert rows[("FR", "Provence-Alpes-Côte d'Azur")]["male"] == 1
    lag = {f["source"]: f for f in figures["freshness"]}["stakeholders"]
    assert lag["behind"] == 0 and lag["lag_seconds"] == 0
    assert "Amina" not in str(figures)


def test_a_correction_moves_the_person_between_regions(platform):
    created = platform.register(residence_region="Souss-Massa")
    platform.wait_for_total(1, timeout=10)
    response = platform.people.post(
        f"/stakeholders/api/v1/people/{created['id']}/correct",
        json={"expected_version": created["version"], "residence_region": "Drâa-Tafilalet"},
        headers={"X-CSRFToken": platform.people_csrf})
    assert response.status_code == 200, response.get_json()
    for _ in range(200):
        regions = [r["region"] for r in platform.figures()["items"]]
        if regions == ["Drâa-Tafilalet"]:
            break
        time.sleep(0.05)
    assert regions == ["Drâa-Tafilalet"]


def test_the_broker_stopped_and_restarted_loses_nothing_and_counts_nothing_twice(
        platform, broker_outage):
    stop, start = broker_outage
    for i in range(10):
        platform.register(given_name=f"Avant {i}")
    stop()
    for i in range(10):  # the writes do not need the broker: they only append
        platform.register(given_name=f"Pendant {i}")
    start()
    for i in range(10):
        platform.register(given_name=f"Après {i}")
    platform.wait_for_total(30, timeout=90)
    assert platform.figures()["totals"]["total"] == 30
    assert applied_position(platform.reporting_engine) == platform.people_store.last_position()


def test_the_feed_serves_cloudevents_to_the_service_token_only(platform):
    platform.register()
    denied = platform.people.get("/stakeholders/api/v1/events?after=0")
    assert denied.status_code == 401
    served = platform.people.get("/stakeholders/api/v1/events?after=0&limit=10",
                                 headers={"Authorization": "Bearer system-test-token"})
    assert served.status_code == 200
    items = served.get_json()["items"]  # the staff account signed in is in the log too
    (item,) = [i for i in items if i["type"] == "stakeholders.person.registered"]
    event = JSONFormat().read(None, json.dumps(item))  # validates the CloudEvents attributes
    assert event.get_source() == "/argan/stakeholders"
    assert event.get_extension("sequence") == 1
    assert event.get_extension("position") == [i["position"] for i in items].index(
        item["position"]) + 1  # positions count from 1, without gaps

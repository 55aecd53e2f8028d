"""Faults against the production processes: `argan web stakeholders`, `argan worker
stakeholders` (its relay) and `argan worker reporting` (its consumer), each on its own
PostgreSQL database, the workers reaching the shared RabbitMQ through a TCP proxy of this
test's own (the broker itself is never stopped: others use it).

"Doubled" is measured by writes: triggers of the test count every row written to
reporting's people table and every statement writing to it (an upsert or a guarded update
would hide a second application from the totals)."""
from __future__ import annotations

import datetime as dt
import json
import os
import signal
import sys
import threading
import time
import uuid
from pathlib import Path

import pytest
import requests
from kombu import Producer
from sqlalchemy import select, text, update

from services.reporting import app as reporting
from services.stakeholders import app as stakeholders
from shared.db import make_engine
from shared.eventstore.schema import consumer_positions, dead_letters, relay_cursors
from shared.messaging import signing
from shared.messaging.envelope import CONTENT_TYPE
from shared.messaging.topology import Topology, open_connection
from shared.settings import Settings
from shared.testing.fixtures import RUN_ID
from shared.testing.processes import Process, free_port, wait_for
from shared.testing.tcp_proxy import TcpProxy
from shared.testing.web import grant_token_in

SECRET = "faults-secret"
TOKEN = "faults-service-token"
MAX_ATTEMPTS = 3
ARGAN = str(Path(sys.executable).with_name("argan"))

# The reporting worker, except that applying a person living in CRASH_REGION kills the
# process outright (as a segfault or the OOM killer would): nothing can catch it.
CRASHING_WORKER = """
import os
from services.reporting import app
real = app.apply_event
def apply_event(conn, event):
    if event.data.get("residence_region") == os.environ["CRASH_REGION"]:
        os._exit(70)
    real(conn, event)
app.apply_event = apply_event
from services.cli import main
main(["worker", "reporting"])
"""

COUNT_WRITES = """
CREATE TABLE test_people_writes (person_id text NOT NULL, op text NOT NULL);
CREATE TABLE test_people_statements (op text NOT NULL);
CREATE FUNCTION test_people_row() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN INSERT INTO test_people_writes VALUES (NEW.person_id, TG_OP); RETURN NULL; END $$;
CREATE FUNCTION test_people_statement() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN INSERT INTO test_people_statements VALUES (TG_OP); RETURN NULL; END $$;
CREATE TRIGGER test_people_row AFTER INSERT OR UPDATE ON reporting_people
    FOR EACH ROW EXECUTE FUNCTION test_people_row();
CREATE TRIGGER test_people_statement AFTER INSERT OR UPDATE ON reporting_people
    FOR EACH STATEMENT EXECUTE FUNCTION test_people_statement();
"""


class Cluster:
    def __init__(self, env, logs, proxy, amqp_url, topology, people_engine, report_engine,
                 web_url, token):
        self.env, self.logs, self.proxy = env, logs, proxy
        self.amqp_url, self.topology = amqp_url, topology
        self.people_engine, self.report_engine = people_engine, report_engine
        self.web_url, self.token = web_url, token
        self.session = requests.Session()
        self.session.headers["Authorization"] = f"Bearer {token}"
        self.processes: dict[str, Process] = {}

    def process(self, name: str, argv: list[str], **options) -> Process:
        self.processes[name] = Process(name, argv, self.env, self.logs, **options)
        return self.processes[name]

    # -- stakeholders -----------------------------------------------------------------------

    def register(self, region: str = "Souss-Massa", **fields) -> dict:
        body = {"given_name": "Amina", "family_name": "Ait Lahcen", "sex": "female",
                "residence_country": "MA", "residence_region": region, **fields}
        response = self.session.post(f"{self.web_url}/stakeholders/api/v1/people", json=body,
                                     timeout=30)
        assert response.status_code == 201, response.text
        return response.json()

    def correct(self, person: dict, **fields) -> dict:
        response = self.session.post(
            f"{self.web_url}/stakeholders/api/v1/people/{person['id']}/correct",
            json={"expected_version": person["version"], **fields}, timeout=30)
        assert response.status_code == 200, response.text
        return response.json()

    def last_position(self) -> int:
        with self.people_engine.connect() as conn:
            return conn.execute(text("SELECT coalesce(max(position), 0) FROM events "
                                     "WHERE position > 0")).scalar_one()

    def position_of(self, person_id: str) -> int:
        """The position of the person's registration, once numbered (appends are numbered
        by the first reader after their commit)."""
        def numbered():
            with self.people_engine.connect() as conn:
                position = conn.execute(text("SELECT position FROM events WHERE stream_id = :s"
                                             " AND version = 1"), {"s": person_id}).scalar_one()
            return position if position > 0 else None
        return wait_for(numbered, 10)

    def relay_cursor(self) -> int:
        with self.people_engine.connect() as conn:
            return conn.execute(select(relay_cursors.c.position)).scalar() or 0

    # -- reporting ---------------------------------------------------------------------------

    def people(self) -> dict[str, str]:
        """person id -> region, as reporting holds them."""
        with self.report_engine.connect() as conn:
            return dict(conn.execute(text("SELECT person_id, region FROM reporting_people")).all())

    def writes(self) -> dict[str, int]:
        with self.report_engine.connect() as conn:
            return dict(conn.execute(text("SELECT person_id, count(*) FROM test_people_writes "
                                          "GROUP BY person_id")).all())

    def statements(self) -> int:
        with self.report_engine.connect() as conn:
            return conn.execute(text("SELECT count(*) FROM test_people_statements")).scalar_one()

    def applied(self) -> int:
        with self.report_engine.connect() as conn:
            return conn.execute(select(consumer_positions.c.position).where(
                consumer_positions.c.consumer == "reporting",
                consumer_positions.c.source == "stakeholders")).scalar() or 0

    def dead_letter(self, event_id: str):
        with self.report_engine.connect() as conn:
            return conn.execute(select(dead_letters).where(
                dead_letters.c.event_id == event_id)).first()

    # -- the broker, directly (not through the proxy) -------------------------------------

    def queue_state(self) -> tuple[int, int]:
        """(messages ready, consumers) of reporting's queue."""
        with open_connection(self.amqp_url) as conn:
            conn.ensure_connection(max_retries=3)
            _, messages, consumers = conn.channel().queue_declare(
                self.topology.queue_name("reporting"), passive=True)
        return messages, consumers

    def forge(self, position: int, *, signed: bool, stream_id: str | None = None) -> str:
        """Publish a well-formed `person.registered` that stakeholders never recorded."""
        event_id = str(uuid.uuid4())
        body = json.dumps({
            "specversion": "1.0", "id": event_id, "source": "/argan/stakeholders",
            "type": "stakeholders.person.registered", "subject": stream_id or str(uuid.uuid4()),
            "time": dt.datetime.now(dt.timezone.utc).isoformat(),
            "datacontenttype": "application/json", "sequence": 1, "position": position,
            "streamtype": "person", "schemaversion": 1,
            "data": {"sex": "male", "residence_country": "FR", "residence_region": "Forged"},
        }).encode()
        headers = {}
        if signed:  # as with a stolen key: only the feed can tell it is not stakeholders'
            headers[signing.HEADER] = signing.sign(
                signing.derived_key(SECRET, "stakeholders"), body)
        with open_connection(self.amqp_url) as conn:
            conn.ensure_connection(max_retries=3)
            Producer(conn.channel(), exchange=self.topology.events_exchange(),
                     auto_declare=False).publish(
                body, routing_key="stakeholders.person.registered", headers=headers,
                content_type=CONTENT_TYPE, content_encoding="utf-8", delivery_mode=2)
        return event_id

    def wait_until_settled(self, timeout: float = 20) -> None:
        """Everything stakeholders recorded is in reporting and nothing waits in the queue."""
        assert wait_for(lambda: self.applied() == self.last_position()
                        and self.queue_state()[0] == 0, timeout), self.explain()

    def explain(self) -> str:
        tails = {name: p.log_path.read_text(errors="replace")[-3000:]
                 for name, p in self.processes.items() if p.log_path.exists()}
        return (f"applied {self.applied()}, stakeholders at {self.last_position()}, relay at "
                f"{self.relay_cursor()}, queue {self.queue_state()}\n"
                + "\n".join(f"--- {name}\n{tail}" for name, tail in tails.items()))


@pytest.fixture(scope="module")
def cluster(make_database, amqp_url, tmp_path_factory):
    logs = tmp_path_factory.mktemp("faults")
    exchange = f"argan.events.faults-{RUN_ID}-{uuid.uuid4().hex[:6]}"
    topology = Topology(exchange=exchange, queue_prefix=exchange + ".")
    proxy = TcpProxy.to_url(amqp_url)
    port = free_port()
    web_url = f"http://127.0.0.1:{port}"
    env = {**os.environ,
           "STAKEHOLDERS_DATABASE_URL": make_database("faults_stakeholders"),
           "REPORTING_DATABASE_URL": make_database("faults_reporting"),
           "SECRET_KEY": SECRET, "SERVICE_TOKEN": TOKEN, "AMQP_URL": proxy.url(amqp_url),
           "ARGAN_EXCHANGE": exchange, "ARGAN_QUEUE_PREFIX": exchange + ".",
           "ARGAN_BASE_URL": web_url, "ARGAN_MAX_ATTEMPTS": str(MAX_ATTEMPTS),
           "LOG_LEVEL": "INFO"}
    for service, root in (("stakeholders", stakeholders), ("reporting", reporting)):
        root.migrate(Settings.from_env(service, env))
    people_engine = make_engine(env["STAKEHOLDERS_DATABASE_URL"])
    report_engine = make_engine(env["REPORTING_DATABASE_URL"])
    with report_engine.begin() as conn:
        conn.exec_driver_sql(COUNT_WRITES)
    c = Cluster(env, logs, proxy, amqp_url, topology, people_engine, report_engine, web_url,
                grant_token_in(people_engine, ("officer",)))
    c.process("web", [ARGAN, "web", "stakeholders", "--bind", f"127.0.0.1:{port}",
                      "--workers", "1"], stop_signal=signal.SIGQUIT).start()  # no grace
    c.process("relay", [ARGAN, "worker", "stakeholders"]).start()
    c.process("consumer", [ARGAN, "worker", "reporting"]).start()
    try:
        assert wait_for(lambda: _healthy(web_url), 60), c.explain()
        assert wait_for(lambda: _consumed(c), 60), c.explain()
        yield c
    finally:
        for process in c.processes.values():
            process.stop()
        proxy.close()
        with open_connection(amqp_url) as conn:
            conn.ensure_connection(max_retries=3)
            topology.delete(conn.channel(), [("reporting", "events")])
        people_engine.dispose()
        report_engine.dispose()


def _healthy(url: str) -> bool:
    try:
        return requests.get(f"{url}/stakeholders/healthz", timeout=2).status_code == 200
    except requests.RequestException:
        return False


def _consumed(cluster: Cluster) -> bool:
    try:
        return cluster.queue_state()[1] == 1
    except Exception:  # the queue is not declared yet
        return False


def test_a_silent_partition_of_10s_during_registrations_converges_within_15s(cluster):
    cluster.wait_until_settled()
    before, statements = set(cluster.people()), cluster.statements()
    registered: list[str] = []
    stop = threading.Event()

    def register_until_stopped():
        while not stop.is_set():
            registered.append(cluster.register()["id"])
            time.sleep(0.1)

    writer = threading.Thread(target=register_until_stopped)
    writer.start()
    try:
        time.sleep(2)
        cluster.proxy.hang()                 # connections open, nothing flows
        time.sleep(10)
    finally:
        cluster.proxy.restore()
    healed = time.monotonic()
    time.sleep(1)
    stop.set()
    writer.join(30)

    expected = before | set(registered)

    def converged():
        return (set(cluster.people()) == expected
                and cluster.relay_cursor() == cluster.last_position()
                and cluster.queue_state() == (0, 1))  # the consumer is back on its queue

    assert wait_for(converged, 15 - (time.monotonic() - healed)), cluster.explain()
    print(f"converged {time.monotonic() - healed:.1f}s after the partition")
    assert len(registered) > 50
    writes = cluster.writes()
    assert {person: writes.get(person) for person in registered} == \
        {person: 1 for person in registered}        # 0 lost, 0 doubled
    assert cluster.statements() - statements == len(registered)


def test_a_message_forged_ten_positions_ahead_is_dead_lettered_and_events_go_on(cluster):
    cluster.wait_until_settled()
    last = cluster.last_position()
    forged = cluster.forge(last + 10, signed=True)
    dead = wait_for(lambda: cluster.dead_letter(forged), 30)
    assert dead is not None, cluster.explain()
    assert "feed has nothing" in dead.error and dead.position == last + 10

    person = cluster.register()["id"]
    assert wait_for(lambda: person in cluster.people(), 2), cluster.explain()
    assert cluster.applied() == cluster.last_position() == last + 1   # not moved to +10
    assert "Forged" not in cluster.people().values()


def test_a_message_forged_at_the_next_position_is_never_applied_the_real_event_is(cluster):
    cluster.wait_until_settled()
    last = cluster.last_position()
    forged_person = str(uuid.uuid4())
    forged = cluster.forge(last + 1, signed=False, stream_id=forged_person)
    real = cluster.register(region="L'Oriental")["id"]
    assert cluster.position_of(real) == last + 1        # the same position as the forgery

    assert wait_for(lambda: real in cluster.people(), 10), cluster.explain()
    dead = wait_for(lambda: cluster.dead_letter(forged), 10)
    assert dead is not None and dead.error.startswith("rejected: not signed")
    cluster.wait_until_settled()
    assert forged_person not in cluster.people()
    assert cluster.people()[real] == "L'Oriental"
    assert cluster.writes()[real] == 1


def test_a_replayed_old_event_does_not_revert_a_correction(cluster):
    person = cluster.register(region="Souss-Massa")
    corrected = cluster.correct(person, residence_region="Drâa-Tafilalet")
    assert corrected["version"] == 2
    assert wait_for(lambda: cluster.people().get(person["id"]) == "Drâa-Tafilalet", 10), \
        cluster.explain()
    cluster.wait_until_settled()
    writes = cluster.writes()
    # Reporting replays the whole log (as after a lost position): registrations included.
    with cluster.report_engine.begin() as conn:
        conn.execute(update(consumer_positions).where(consumer_positions.c.consumer ==
                                                      "reporting").values(position=0))
    later = cluster.register()["id"]                    # its message finds the gap from 0
    assert wait_for(lambda: later in cluster.people(), 15), cluster.explain()
    cluster.wait_until_settled()
    assert cluster.people()[person["id"]] == "Drâa-Tafilalet"
    assert cluster.writes() == {**writes, later: 1}     # nothing written again


def test_a_message_that_kills_the_worker_is_dead_lettered_after_the_configured_deliveries(
        cluster):
    cluster.wait_until_settled()
    cluster.processes["consumer"].stop()
    crashing = cluster.process("crashing", [sys.executable, "-c", CRASHING_WORKER])
    crashing.start(CRASH_REGION="Dakhla-Oued Ed-Dahab")
    killer = cluster.register(region="Dakhla-Oued Ed-Dahab")["id"]
    event_id = _event_id(cluster, killer)
    crashes = 0
    deadline = time.monotonic() + 90
    while cluster.dead_letter(event_id) is None and time.monotonic() < deadline:
        if crashing.exited:                  # as a supervisor (docker, systemd) restarts it
            assert crashing.popen.returncode == 70, cluster.explain()
            crashes += 1
            crashing.start(CRASH_REGION="Dakhla-Oued Ed-Dahab")
        time.sleep(0.1)
    dead = cluster.dead_letter(event_id)
    assert dead is not None, cluster.explain()
    assert crashes == MAX_ATTEMPTS
    assert "did the consumer die" in dead.error

    after = cluster.register()["id"]
    assert wait_for(lambda: after in cluster.people(), 15), cluster.explain()
    assert not crashing.exited
    assert killer not in cluster.people()


def _event_id(cluster: Cluster, person_id: str) -> str:
    with cluster.people_engine.connect() as conn:
        return conn.execute(text("SELECT id FROM events WHERE stream_id = :s AND version = 1"),
                            {"s": person_id}).scalar_one()

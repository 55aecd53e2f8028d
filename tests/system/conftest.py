"""Stakeholders, reporting and activities on their own PostgreSQL databases, talking
through a real RabbitMQ, each with its worker as `argan worker` runs it."""
from __future__ import annotations

import subprocess
import threading
import time
from dataclasses import dataclass

import pytest
from kombu import Connection
from werkzeug.serving import make_server

from services.activities import app as activities
from services.reporting import app as reporting
from services.stakeholders import app as stakeholders
from services.stakeholders.accounts import open_staff_account
from shared.messaging.topology import Topology
from shared.settings import Settings
from shared.testing.web import (DEFAULT_EMAIL, DEFAULT_PASSWORD, mounted_client, sign_in,
                                sign_in_as)


@dataclass
class Platform:
    people: object          # signed-in test client of stakeholders
    people_csrf: str
    reports: object         # signed-in test client of reporting
    people_store: object
    reporting_engine: object
    apps: dict              # service -> Flask app (mounted under /<service>)

    def register(self, **fields):
        body = {"given_name": "Amina", "family_name": "Ait Lahcen", "sex": "female",
                "residence_country": "MA", "residence_region": "Souss-Massa", **fields}
        response = self.people.post("/stakeholders/api/v1/people", json=body,
                                    headers={"X-CSRFToken": self.people_csrf})
        assert response.status_code == 201, response.get_json()
        return response.get_json()

    def figures(self):
        response = self.reports.get("/reporting/api/v1/indicators/people-by-sex-and-region")
        assert response.status_code == 200, response.get_data(as_text=True)
        return response.get_json()

    def wait_for_total(self, expected: int, timeout: float = 30.0) -> float:
        """Seconds until reporting counts `expected` people; fails after `timeout`."""
        start = time.monotonic()
        while time.monotonic() - start < timeout:
            if self.figures()["totals"]["total"] >= expected:
                return time.monotonic() - start
            time.sleep(0.05)
        pytest.fail(f"reporting still counts {self.figures()['totals']['total']}, not {expected}")


def _serve(app):
    """Serve an app already mounted under its prefix (see mounted_client) on a free port."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@pytest.fixture
def platform(make_database, amqp_url, unique_name):
    exchange = unique_name("argan.events")
    common = dict(secret_key="system-test-secret", service_token="system-test-token",
                  amqp_url=amqp_url, exchange=exchange, queue_prefix=exchange + ".",
                  queue_type="quorum", testing=True)
    people_settings = Settings(service="stakeholders",
                               database_url=make_database("stakeholders"), **common)
    stakeholders.migrate(people_settings)
    people_app = stakeholders.create_app(people_settings)
    people = mounted_client(people_app, "/stakeholders")
    server = _serve(people_app)  # the feed reporting fills gaps from
    report_settings = Settings(service="reporting", database_url=make_database("reporting"),
                               base_url=f"http://127.0.0.1:{server.server_port}", **common)
    reporting.migrate(report_settings)
    report_app = reporting.create_app(report_settings)
    activities_settings = report_settings.but(service="activities",
                                              database_url=make_database("activities"))
    activities.migrate(activities_settings)
    activities_app = activities.create_app(activities_settings)
    mounted_client(activities_app, "/activities")

    people_store = people_app.extensions["argan"]["store"]
    workers = [stakeholders.create_worker(people_settings, store=people_store),
               reporting.create_worker(report_settings,
                                       store=report_app.extensions["argan"]["store"]),
               activities.create_worker(activities_settings)]
    for worker in workers:
        worker.start()

    open_staff_account(people_app.extensions["argan"]["engine"], DEFAULT_EMAIL,
                       DEFAULT_PASSWORD, "Test Admin", roles=("admin",))
    csrf = sign_in(people)
    reports = mounted_client(report_app, "/reporting")
    sign_in_as(reports)
    apps = {"stakeholders": people_app, "reporting": report_app, "activities": activities_app}
    try:
        yield Platform(people, csrf, reports, people_store,
                       report_app.extensions["argan"]["engine"], apps)
    finally:
        for worker in workers:
            worker.stop()
        server.shutdown()
        _delete_topology(amqp_url, Topology.from_settings(report_settings))
        for app in apps.values():
            app.extensions["argan"]["engine"].dispose()


def _delete_topology(amqp_url, topology):
    with Connection(amqp_url) as conn:
        topology.delete(conn.default_channel, [("reporting", "events"), ("activities", "events"),
                                               ("stakeholders", "events")])


@pytest.fixture
def broker_outage():
    """Stops the RabbitMQ app (the node stays up) and always starts it again."""
    stopped = []

    def stop():
        subprocess.run(["rabbitmqctl", "stop_app"], check=True, capture_output=True)
        stopped.append(True)

    def start():
        subprocess.run(["rabbitmqctl", "start_app"], check=True, capture_output=True)
        subprocess.run(["rabbitmqctl", "await_startup"], check=True, capture_output=True)
        stopped.clear()

    yield stop, start
    if stopped:
        start()

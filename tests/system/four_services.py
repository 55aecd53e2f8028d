"""The four services on their own databases, talking through a real RabbitMQ and reading
each other's event feeds over HTTP, as `argan web` and `argan worker` run them, behind one
origin (what nginx does in production); every client signed in as an admin."""
from __future__ import annotations

import threading
from contextlib import contextmanager
from typing import Callable, Iterator

from kombu import Connection
from werkzeug.exceptions import NotFound
from werkzeug.middleware.dispatcher import DispatcherMiddleware
from werkzeug.serving import make_server

from services.activities import app as activities
from services.missions import app as missions
from services.reporting import app as reporting
from services.stakeholders import app as stakeholders
from services.stakeholders.accounts import open_staff_account
from shared.messaging.topology import Topology
from shared.settings import Settings
from shared.testing.web import (DEFAULT_EMAIL, DEFAULT_PASSWORD, mounted_client, sign_in,
                                sign_in_as)
from tests.system.test_missions_follow_hosts import Client

ROOTS = {"stakeholders": stakeholders, "activities": activities, "missions": missions,
         "reporting": reporting}


class Origin:
    """One origin serving every service under its prefix, started before the apps exist so
    that their settings can name it."""

    def __init__(self):
        self.mounts: dict = {}
        self.server = make_server("127.0.0.1", 0, self, threaded=True)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_port}"

    def __call__(self, environ, start_response):
        return DispatcherMiddleware(NotFound(), self.mounts)(environ, start_response)


class RunningSet:
    def __init__(self, settings: dict, apps: dict, clients: dict, topology: Topology):
        self.settings, self.apps, self.clients, self.topology = settings, apps, clients, topology


@contextmanager
def four_services_running(database_url: Callable[[str], str], amqp_url: str,
                          exchange: str, before_start: Callable[[Topology], None] = lambda t: None
                          ) -> Iterator[RunningSet]:
    """The set started (migrated, web and workers), its exchanges and queues deleted after.
    `database_url(service)` gives each service its database; `before_start(topology)` runs
    once the exchanges can be declared, before any event is published."""
    origin = Origin()
    common = dict(secret_key="system-test-secret", service_token="system-test-token",
                  amqp_url=amqp_url, exchange=exchange, queue_prefix=exchange + ".",
                  queue_type="quorum", testing=True, base_url=origin.url)
    settings = {name: Settings(service=name, database_url=database_url(name), **common)
                for name in ROOTS}
    topology = Topology.from_settings(settings["reporting"])
    before_start(topology)
    apps, workers = {}, []
    try:
        for name, root in ROOTS.items():
            root.migrate(settings[name])
            apps[name] = root.create_app(settings[name])
            origin.mounts[f"/{name}"] = apps[name].wsgi_app
            workers.append(root.create_worker(settings[name],
                                              store=apps[name].extensions["argan"]["store"]))
        for worker in workers:
            worker.start()
        open_staff_account(apps["stakeholders"].extensions["argan"]["engine"], DEFAULT_EMAIL,
                           DEFAULT_PASSWORD, "Test Admin", roles=("admin",))
        clients = {}
        for name, app in apps.items():
            client = mounted_client(app, f"/{name}")
            csrf = sign_in(client) if name == "stakeholders" else sign_in_as(client)
            clients[name] = Client(client, csrf, f"/{name}/api/v1")
        yield RunningSet(settings, apps, clients, topology)
    finally:
        for worker in workers:
            worker.stop()
        origin.server.shutdown()
        with Connection(amqp_url) as conn:
            topology.delete(conn.default_channel, [(name, "events") for name in ROOTS])
        for app in apps.values():
            app.extensions["argan"]["store"].dispose()
            app.extensions["argan"]["engine"].dispose()

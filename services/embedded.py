"""`argan run`: every service in one process, each on its own SQLite file under var/.

The broker is kombu's in-process memory transport; relays and consumers run as
threads. Consumers catch up from the event logs at start, so nothing published
while the process was down is lost.
"""
from __future__ import annotations

import logging
import os
import secrets
from pathlib import Path

from werkzeug.exceptions import NotFound
from werkzeug.middleware.dispatcher import DispatcherMiddleware
from werkzeug.serving import make_server
from werkzeug.utils import redirect

from shared.messaging.feed import LocalFeed
from shared.settings import SERVICES, Settings

from .catalogue import composition_root

log = logging.getLogger(__name__)


def _secret(var: Path, name: str, env: str) -> str:
    """From the environment, else generated once and kept in var/ (mode 600)."""
    if os.environ.get(env):
        return os.environ[env]
    path = var / name
    if not path.exists():
        path.write_text(secrets.token_urlsafe(48))
        path.chmod(0o600)
    return path.read_text().strip()


def embedded_settings(var: str, base_url: str = "http://127.0.0.1:8000") -> dict[str, Settings]:
    folder = Path(var).resolve()
    folder.mkdir(parents=True, exist_ok=True)
    secret = _secret(folder, "secret_key", "SECRET_KEY")
    token = _secret(folder, "service_token", "SERVICE_TOKEN")
    return {service: Settings(service=service, database_url=f"sqlite:///{folder / service}.db",
                              secret_key=secret, service_token=token, amqp_url="memory://",
                              queue_type="classic", base_url=base_url)
            for service in SERVICES}


def build(settings: dict[str, Settings]):
    """Migrate, compose the apps and the workers; returns (wsgi app, workers, first admin).

    Every consumer reads the stakeholders event log in-process (LocalFeed) to catch up and
    fill gaps; each has its own queue name (the service's), as memory:// needs."""
    for service in SERVICES:
        composition_root(service).migrate(settings[service])
    stakeholders = composition_root("stakeholders")
    people_app = stakeholders.create_app(settings["stakeholders"])
    people_store = people_app.extensions["argan"]["store"]
    feeds = {"stakeholders": LocalFeed(people_store, "stakeholders")}
    reporting = composition_root("reporting")
    report_app = reporting.create_app(settings["reporting"], feeds=feeds)
    apps = {"stakeholders": people_app, "reporting": report_app}
    workers = [stakeholders.create_worker(settings["stakeholders"], store=people_store),
               reporting.create_worker(settings["reporting"], feeds=feeds,
                                       store=report_app.extensions["argan"]["store"])]
    for service in ("activities", "missions"):
        root = composition_root(service)
        apps[service] = root.create_app(settings[service])
        own = apps[service].extensions["argan"]
        workers.append(root.create_worker(settings[service], feeds=feeds, engine=own["engine"],
                                          **({"store": own["store"]} if service == "activities"
                                             else {})))
    from .stakeholders.accounts import ensure_first_admin
    first_admin = ensure_first_admin(people_app.extensions["argan"]["engine"])
    root = DispatcherMiddleware(_home, {f"/{name}": app for name, app in apps.items()})
    return root, workers, first_admin


def _home(environ, start_response):
    """The origin's root leads to the directory; anything else unknown is a 404."""
    if environ.get("PATH_INFO", "/") in ("", "/"):
        return redirect("/stakeholders/")(environ, start_response)
    return NotFound()(environ, start_response)


def run_embedded(var: str, host: str, port: int) -> None:
    settings = embedded_settings(var, f"http://{host}:{port}")
    app, workers, first_admin = build(settings)
    for worker in workers:
        worker.start()
    server = make_server(host, port, app, threaded=True)
    if first_admin:
        email, password = first_admin
        print(f"\n  First admin account (shown once): {email} / {password}\n", flush=True)
    print(f"  Argan is running on http://{host}:{port}/  (Ctrl+C to stop)\n", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        for worker in workers:
            worker.stop()

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
from werkzeug.serving import WSGIRequestHandler, make_server
from werkzeug.utils import redirect

from shared.messaging.feed import LocalFeed
from shared.settings import SERVICES, Settings
from shared.web.access_log import without_query_values

from .catalogue import composition_root

log = logging.getLogger(__name__)


PRIVATE_FILE, PRIVATE_FOLDER = 0o600, 0o700


class RequestHandler(WSGIRequestHandler):
    """The development server's access log, without the query values (personal data)."""

    def log_request(self, code="-", size="-") -> None:
        line = f"{self.command} {without_query_values(self.path)} {self.request_version}"
        self.log("info", '"%s" %s %s', line.translate(self._control_char_table), code, size)


def _private_folder(var: str) -> Path:
    """var/ holds the databases and the secrets: only its owner may enter it."""
    folder = Path(var).resolve()
    folder.mkdir(mode=PRIVATE_FOLDER, parents=True, exist_ok=True)
    folder.chmod(PRIVATE_FOLDER)
    return folder


def _private_file(path: Path, content: str = "") -> bool:
    """Create `path` readable by its owner only, atomically (O_EXCL: never an existing
    file, never a moment with wider rights); False if it already existed."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE)
    except FileExistsError:
        return False
    with os.fdopen(fd, "w") as file:
        file.write(content)
    return True


def _secret(var: Path, name: str, env: str) -> str:
    """From the environment, else generated once and kept in var/ (mode 600)."""
    if os.environ.get(env):
        return os.environ[env]
    path = var / name
    _private_file(path, secrets.token_urlsafe(48))
    return path.read_text().strip()


def _database(folder: Path, service: str) -> str:
    """The SQLite file, created 0600 before SQLite opens it (its -wal and -shm files take
    the same mode)."""
    path = folder / f"{service}.db"
    _private_file(path)
    return f"sqlite:///{path}"


def embedded_settings(var: str, base_url: str = "http://127.0.0.1:8000") -> dict[str, Settings]:
    folder = _private_folder(var)
    secret = _secret(folder, "secret_key", "SECRET_KEY")
    token = _secret(folder, "service_token", "SERVICE_TOKEN")
    return {service: Settings(service=service, database_url=_database(folder, service),
                              secret_key=secret, service_token=token, amqp_url="memory://",
                              queue_type="classic", base_url=base_url)
            for service in SERVICES}


def build(settings: dict[str, Settings]):
    """Migrate, compose the apps and the workers; returns (wsgi app, workers, first admin).

    Every consumer reads the stakeholders event log in-process (LocalFeed) to catch up and
    fill gaps (activities and missions reporting's too, for the programmes; reporting every
    service's); each has its own queue name (the service's), as memory:// needs."""
    for service in SERVICES:
        composition_root(service).migrate(settings[service])
    stakeholders = composition_root("stakeholders")
    people_app = stakeholders.create_app(settings["stakeholders"])
    people_store = people_app.extensions["argan"]["store"]
    feeds = {"stakeholders": LocalFeed(people_store, "stakeholders")}
    apps = {"stakeholders": people_app}
    report_feeds = dict(feeds)  # reporting follows every service's log, not only people
    for service in ("activities", "missions"):
        apps[service] = composition_root(service).create_app(settings[service])
        report_feeds[service] = LocalFeed(apps[service].extensions["argan"]["store"], service)
    reporting = composition_root("reporting")
    apps["reporting"] = reporting.create_app(settings["reporting"], feeds=report_feeds)
    report_store = apps["reporting"].extensions["argan"]["store"]
    # stakeholders follows the others' erasure confirmations (the privacy desk)
    confirmations = {service: report_feeds[service] for service in ("activities", "missions")}
    confirmations["reporting"] = LocalFeed(report_store, "reporting")
    workers = [stakeholders.create_worker(settings["stakeholders"], store=people_store,
                                          feeds=confirmations)]
    workers.append(reporting.create_worker(settings["reporting"], feeds=report_feeds,
                                           store=report_store))
    # activities and missions follow people and reporting's programmes (their pick-lists)
    followed = {**feeds, "reporting": LocalFeed(report_store, "reporting")}
    for service in ("activities", "missions"):
        workers.append(composition_root(service).create_worker(
            settings[service], feeds=followed, store=apps[service].extensions["argan"]["store"]))
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
    server = make_server(host, port, app, threaded=True, request_handler=RequestHandler)
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

"""Serve one service's app under gunicorn, mounted at its path prefix, with what production
adds to it: /readyz, /metrics and JSON access lines. The settings of gunicorn itself are
in deploy/gunicorn.conf.py (`argan web SERVICE --config ...`, or GUNICORN_CONFIG)."""
from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Callable

from gunicorn.app.base import Application
from gunicorn.glogging import Logger
from werkzeug.exceptions import NotFound
from werkzeug.middleware.dispatcher import DispatcherMiddleware

from shared.logs import JsonFormatter
from shared.settings import Settings
from shared.web.access_log import without_query_values
from shared.web.health import install_readiness

from .catalogue import composition_root


class _Server(Application):
    """The app is made by each worker after the fork (no preload): every process opens its
    own connections, and the metrics know where to count (PROMETHEUS_MULTIPROC_DIR)."""

    def __init__(self, make: Callable, options: dict, config: str | None = None):
        self.make = make
        self.options = options
        self.config_file = config
        super().__init__()

    def load_config(self):
        for key, value in OPTIONS.items():
            self.cfg.set(key, value)
        if self.config_file:
            self.load_config_from_file(self.config_file)
        for key, value in self.options.items():  # the command line has the last word
            self.cfg.set(key, value)

    def load(self):
        return self.make()


class AccessLogger(Logger):
    """gunicorn's logger, with the request line and the referer free of query values."""

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        atoms["r"] = "%s %s %s" % (environ["REQUEST_METHOD"],
                                   without_query_values(environ.get("RAW_URI")),
                                   environ["SERVER_PROTOCOL"])
        atoms["q"] = "-"
        atoms["f"] = without_query_values(environ.get("HTTP_REFERER"))
        atoms.update({key: "-" for key in atoms if key.endswith("}i") and "referer" in key})
        return atoms

    def setup(self, cfg):
        super().setup(cfg)
        if os.environ.get("LOG_FORMAT", "json") == "json":
            formatter = JsonFormatter(cfg.proc_name.removeprefix("argan-"))
            for handler in [*self.error_log.handlers, *self.access_log.handlers]:
                handler.setFormatter(formatter)

    def access(self, resp, req, environ, request_time):
        """One JSON line a request: no client address, no query values; the request id
        nginx gave it, which the events it recorded carry as their correlation id."""
        if os.environ.get("LOG_FORMAT", "json") != "json":
            return super().access(resp, req, environ, request_time)
        if not self.cfg.accesslog:
            return
        self.access_log.info("request", extra={
            "method": environ["REQUEST_METHOD"],
            "path": without_query_values(environ.get("RAW_URI")),
            "status": getattr(resp, "status_code", None),
            "duration_ms": round(request_time.total_seconds() * 1000, 1),
            "correlation_id": environ.get("HTTP_X_REQUEST_ID")})


OPTIONS = {"threads": 4, "accesslog": "-", "worker_class": "gthread",
           "logger_class": AccessLogger}


def mounted(service: str, app):
    """The app answering under /<service>, as behind the reverse proxy."""
    return DispatcherMiddleware(NotFound(), {f"/{service}": app})


# The settings explained in deploy/gunicorn.conf.py, when the repository is at hand (an
# editable install; the image sets GUNICORN_CONFIG to its copy).
DEFAULT_CONFIG = Path(__file__).resolve().parents[1] / "deploy" / "gunicorn.conf.py"


def default_config() -> str | None:
    return str(DEFAULT_CONFIG) if DEFAULT_CONFIG.is_file() else None


def migrations_dir(service: str) -> Path:
    return Path(__file__).parent / service / "migrations"


def production_app(service: str, settings: Settings):
    """The service's app with its readiness and metrics, mounted at /<service>."""
    app = composition_root(service).create_app(settings)
    install_readiness(app, settings, migrations_dir(service))
    # Imported here, in the worker: prometheus-client picks where it counts (memory, or the
    # files of PROMETHEUS_MULTIPROC_DIR) when it is first imported.
    from shared.web.metrics import install_metrics
    install_metrics(app, settings)
    return mounted(service, app)


def serve(service: str, settings: Settings, *, bind: str | None = None,
          workers: int | None = None, config: str | None = None) -> None:
    options = {"proc_name": f"argan-{service}"}
    if bind:
        options["bind"] = bind
    if workers:
        options["workers"] = workers
    logging.getLogger(__name__).info("serving %s", service)
    _Server(lambda: production_app(service, settings), options, config).run()

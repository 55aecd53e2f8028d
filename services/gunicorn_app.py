"""Serve one service's app under gunicorn, mounted at its path prefix."""
from __future__ import annotations

from gunicorn.app.base import BaseApplication
from gunicorn.glogging import Logger
from werkzeug.exceptions import NotFound
from werkzeug.middleware.dispatcher import DispatcherMiddleware

from shared.settings import Settings
from shared.web.access_log import without_query_values

from .catalogue import composition_root


class _Server(BaseApplication):
    def __init__(self, app, options: dict):
        self.application = app
        self.options = options
        super().__init__()

    def load_config(self):
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self):
        return self.application


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


OPTIONS = {"threads": 4, "accesslog": "-", "worker_class": "gthread",
           "logger_class": AccessLogger}


def mounted(service: str, app):
    """The app answering under /<service>, as behind the reverse proxy."""
    return DispatcherMiddleware(NotFound(), {f"/{service}": app})


def serve(service: str, settings: Settings, *, bind: str, workers: int) -> None:
    app = composition_root(service).create_app(settings)
    _Server(mounted(service, app), {"bind": bind, "workers": workers, **OPTIONS}).run()

"""Serve one service's app under gunicorn, mounted at its path prefix."""
from __future__ import annotations

from gunicorn.app.base import BaseApplication
from werkzeug.exceptions import NotFound
from werkzeug.middleware.dispatcher import DispatcherMiddleware

from shared.settings import Settings

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


def mounted(service: str, app):
    """The app answering under /<service>, as behind the reverse proxy."""
    return DispatcherMiddleware(NotFound(), {f"/{service}": app})


def serve(service: str, settings: Settings, *, bind: str, workers: int) -> None:
    app = composition_root(service).create_app(settings)
    _Server(mounted(service, app), {"bind": bind, "workers": workers, "threads": 4,
                                    "accesslog": "-", "worker_class": "gthread"}).run()

"""Missions is not built yet (activities is: services/activities). It already is a
service of its own: its database (event-store tables and the staff accounts it knows), a
page saying so behind sign-in, and a worker that learns the staff accounts from the
stakeholders events.

One composition root for both, parametrised by `settings.service`; the Alembic history
is each service's own (services/<service>/migrations), as it will grow apart.
"""
from __future__ import annotations

from pathlib import Path

from flask import Blueprint, Flask, render_template

from shared import migrate as migrations
from shared.access.roles import ACTIVITIES_READ, MISSIONS_READ
from shared.access.wiring import staff_aware_consumer, staff_feeds
from shared.db import make_engine
from shared.eventstore import EventStore
from shared.messaging.feed import feed_blueprint
from shared.messaging.worker import Worker
from shared.settings import Settings
from shared.web.access import requires
from shared.web.app import make_app

SERVICES = ("activities", "missions")
TITLES = {"activities": "Argan — activities", "missions": "Argan — missions"}
READ = {"activities": ACTIVITIES_READ, "missions": MISSIONS_READ}


def migrations_dir(service: str) -> Path:
    return Path(__file__).parent / service / "migrations"


def create_app(settings: Settings) -> Flask:
    app, _openapi = make_app(settings, __name__, title=TITLES[settings.service])
    engine = make_engine(settings.database_url)  # lazy: connects on first use
    store = EventStore(engine)  # empty until the service records events of its own
    app.extensions["argan"] = {"engine": engine, "store": store, "settings": settings}
    app.register_blueprint(_pages(settings.service))
    app.register_blueprint(feed_blueprint(store, settings.service, settings.service_token))
    return app


def _pages(service: str) -> Blueprint:
    bp = Blueprint(service, __name__)

    @bp.get("/")
    @requires(READ[service])
    def index():
        return render_template("placeholder.html")

    return bp


def migrate(settings: Settings) -> None:
    engine = make_engine(settings.database_url)
    try:
        migrations.upgrade(engine, migrations_dir(settings.service))
    finally:
        engine.dispose()


def create_worker(settings: Settings, *, feeds: dict | None = None, engine=None) -> Worker:
    """The consumer of the staff account events (nothing to publish yet: no relay)."""
    engine = engine or make_engine(settings.database_url)
    feeds = feeds if feeds is not None else staff_feeds(settings)
    return Worker(consumers=[staff_aware_consumer(settings, engine, feeds)])

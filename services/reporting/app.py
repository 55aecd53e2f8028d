"""The composition root of reporting: its web app, its migrations and its worker."""
from __future__ import annotations

from pathlib import Path

from flask import Flask

from shared import migrate as migrations
from shared.db import make_engine
from shared.eventstore import EventStore
from shared.messaging.feed import CachedLastPosition, HttpFeed, feed_blueprint
from shared.access.wiring import staff_aware_consumer
from shared.messaging.wiring import relay_for
from shared.messaging.worker import Worker
from shared.settings import Settings
from shared.web.app import make_app

from . import api, pages
from .projections import SOURCES, apply_event

SERVICE = "reporting"


def http_feeds(settings: Settings) -> dict:
    return {source: HttpFeed(settings.feed_url(source), settings.service_token)
            for source in SOURCES}


def create_app(settings: Settings, *, feeds: dict | None = None) -> Flask:
    """`feeds`: how to read each source's event feed (HTTP unless given, e.g. in-process)."""
    app, openapi = make_app(settings, __name__, title="Argan — reporting")
    engine = make_engine(settings.database_url)
    store = EventStore(engine)
    feeds = feeds if feeds is not None else http_feeds(settings)
    # Freshness asks each source its last position at most every few seconds.
    app.extensions["argan"] = {"engine": engine, "store": store,
                               "feeds": {source: CachedLastPosition(feed)
                                         for source, feed in feeds.items()}}
    app.register_blueprint(pages.bp)
    openapi.register_blueprint(api.blp)
    app.register_blueprint(feed_blueprint(store, SERVICE, settings.service_token))
    return app


def migrate(settings: Settings) -> None:
    engine = make_engine(settings.database_url)
    try:
        migrations.upgrade(engine, Path(__file__).parent / "migrations")
    finally:
        engine.dispose()


def create_worker(settings: Settings, *, feeds: dict | None = None,
                  store: EventStore | None = None) -> Worker:
    """Reporting's relay and its consumer of every source's events (staff accounts too)."""
    engine = store.engine if store else make_engine(settings.database_url)
    store = store or EventStore(engine)
    feeds = feeds if feeds is not None else http_feeds(settings)
    bindings = [pattern for patterns in SOURCES.values() for pattern in patterns]
    return Worker(relays=[relay_for(settings, store)],
                  consumers=[staff_aware_consumer(settings, engine, feeds, apply_event, bindings)])

"""The composition root of reporting: its web app, its migrations and its worker."""
from __future__ import annotations

from pathlib import Path

from flask import Flask, g

from shared import migrate as migrations
from shared.db import make_engine
from shared.eventstore import EventStore, Metadata, UnitOfWork
from shared.messaging.asyncapi import catalogue_blueprint
from shared.messaging.feed import CachedLastPosition, HttpFeed, feed_blueprint
from shared.access.wiring import staff_aware_consumer
from shared.messaging.wiring import relay_for
from shared.messaging.worker import Worker
from shared.settings import Settings
from shared.web import make_app, signed_in_actor

from . import api, pages
from .privacy import api as privacy_api
from .programmes import api as programmes_api, pages as programmes_pages
from .programmes.domain import registry
from .programmes.projections import PROJECTORS
from .projections import SOURCES, apply_event
from .reports import api as reports_api, pages as reports_pages

SERVICE = "reporting"


def http_feeds(settings: Settings) -> dict:
    return {source: HttpFeed(settings.feed_url(source), settings.service_token)
            for source in SOURCES}


def create_app(settings: Settings, *, feeds: dict | None = None) -> Flask:
    """`feeds`: how to read each source's event feed (HTTP unless given, e.g. in-process)."""
    app, openapi = make_app(settings, __name__, title="Argan — reporting")
    engine = make_engine(settings.database_url)
    store = EventStore(engine, registry)
    feeds = feeds if feeds is not None else http_feeds(settings)
    # Freshness asks each source its last position at most every few seconds.
    app.extensions["argan"] = {"engine": engine, "store": store, "settings": settings,
                               "feeds": {source: CachedLastPosition(feed)
                                         for source, feed in feeds.items()}}

    @app.before_request
    def _unit_of_work():
        g.uow = UnitOfWork(store, PROJECTORS, Metadata(actor=signed_in_actor(),
                                                       correlation_id=g.request_id))

    app.register_blueprint(pages.bp)
    app.register_blueprint(programmes_pages.bp)
    app.register_blueprint(reports_pages.bp)
    openapi.register_blueprint(api.blp)
    openapi.register_blueprint(programmes_api.blp)
    openapi.register_blueprint(reports_api.blp)
    openapi.register_blueprint(privacy_api.blp)
    app.register_blueprint(feed_blueprint(store, SERVICE, settings.service_token))
    app.register_blueprint(catalogue_blueprint(SERVICE, registry, settings.exchange))
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
    store = store or EventStore(engine, registry)
    feeds = feeds if feeds is not None else http_feeds(settings)
    bindings = [pattern for patterns in SOURCES.values() for pattern in patterns]
    return Worker(relays=[relay_for(settings, store)],
                  consumers=[staff_aware_consumer(settings, engine, feeds, apply_event, bindings)])

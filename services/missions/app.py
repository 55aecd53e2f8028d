"""The composition root of missions: its web app, its migrations and its worker.

Each capability of the service (volunteer missions and their follow-up here; project
accompaniment and mobility opportunities beside them) adds its events to REGISTRY, its
read tables to PROJECTORS and its blueprints to PAGES / APIS: one store, one database.
"""
from __future__ import annotations

from pathlib import Path

from flask import Flask, g

from shared.access.wiring import staff_aware_consumer, staff_feeds
from shared.db import make_engine
from shared.eventstore import EventRegistry, EventStore, Metadata
from shared.messaging.asyncapi import catalogue_blueprint
from shared.messaging.feed import feed_blueprint
from shared.messaging.wiring import relay_for
from shared.messaging.worker import Worker
from shared.migrate import upgrade
from shared.programmes import programme_feeds
from shared.privacy.erasure import registry as erasure_registry
from shared.settings import Settings
from shared.web import make_app, signed_in_actor

from . import api, pages, queries
from .accompaniment import (api as accompaniment_api, pages as accompaniment_pages,
                            domain as accompaniment, projections as accompaniment_projections)
from .domain import EVENTS as MISSION_EVENTS
from .follow_ups import api as follow_ups_api, pages as follow_ups_pages
from .opportunities import (api as opportunities_api, pages as opportunities_pages,
                            domain as opportunities, projections as opportunities_projections)
from .handlers import Directory, MissionsWork
from .policies import BINDINGS, policies
from .privacy import api as privacy_api
from .projections import PROJECTORS as MISSION_PROJECTORS

SERVICE = "missions"
MIGRATIONS = Path(__file__).parent / "migrations"
REGISTRY = EventRegistry(*MISSION_EVENTS, *accompaniment.EVENTS, *opportunities.EVENTS,
                         *erasure_registry.classes())
PROJECTORS = (*MISSION_PROJECTORS, *accompaniment_projections.PROJECTORS,
              *opportunities_projections.PROJECTORS)
PAGES = (pages.bp, follow_ups_pages.bp, accompaniment_pages.bp, opportunities_pages.bp)
APIS = (api.blp, follow_ups_api.blp, accompaniment_api.blp, opportunities_api.blp)


def directory(engine) -> Directory:
    """What the mission rules read from the replica and the projection."""
    return Directory(host=lambda host_id: queries.host(engine, host_id),
                     active_person=lambda person_id: queries.active_person(engine, person_id),
                     volunteer_missions=lambda pid: queries.volunteer_missions(engine, pid),
                     host_placements=lambda host_id: queries.host_placements(engine, host_id),
                     programmes=lambda: set(queries.known_programmes(engine)))


def create_app(settings: Settings) -> Flask:
    app, rest = make_app(settings, __name__, title="Argan — missions")
    engine = make_engine(settings.database_url)  # lazy: connects on first use
    store = EventStore(engine, REGISTRY)
    app.extensions["argan"] = {"engine": engine, "store": store, "settings": settings,
                               "projectors": PROJECTORS}
    rules = directory(engine)

    @app.before_request
    def _unit_of_work():
        g.uow = MissionsWork(store, PROJECTORS, Metadata(actor=signed_in_actor(),
                                                         correlation_id=g.request_id),
                             directory=rules)

    for blueprint in PAGES:
        app.register_blueprint(blueprint)
    for blueprint in APIS:
        rest.register_blueprint(blueprint)
    rest.register_blueprint(privacy_api.blp)  # the right of access
    app.register_blueprint(feed_blueprint(store, SERVICE, settings.service_token))
    app.register_blueprint(catalogue_blueprint(SERVICE, REGISTRY, settings.exchange))
    return app


def create_worker(settings: Settings, *, feeds: dict | None = None, engine=None,
                  store: EventStore | None = None) -> Worker:
    """The relay of this service's events, and the consumer of reporting's programmes
    (the pick-list's replica) and of stakeholders' events (staff
    accounts, people and organisations with the hosts' approvals, merges)."""
    engine = store.engine if store else engine or make_engine(settings.database_url)
    store = store or EventStore(engine, REGISTRY)
    feeds = feeds if feeds is not None else {**staff_feeds(settings),
                                             **programme_feeds(settings)}
    consumer = staff_aware_consumer(settings, engine, feeds, policies(store, PROJECTORS),
                                    BINDINGS)
    return Worker(relays=[relay_for(settings, store)], consumers=[consumer])


def migrate(settings: Settings) -> None:
    engine = make_engine(settings.database_url)
    try:
        upgrade(engine, MIGRATIONS)
    finally:
        engine.dispose()

"""The composition root of the stakeholders service: the only module that reads settings."""
from __future__ import annotations

from pathlib import Path

from flask import Flask, g

from shared.db import make_engine
from shared.eventstore import EventStore, Metadata, UnitOfWork
from shared.messaging.asyncapi import catalogue_blueprint
from shared.messaging.feed import feed_blueprint
from shared.messaging.wiring import relay_for
from shared.messaging.worker import Worker
from shared.migrate import upgrade
from shared.settings import Settings
from shared.web import make_app, signed_in_actor

from . import api, pages, sign_in
from .accounts import create_admin, ensure_first_admin  # noqa: F401  (used by the CLI)
from .events import PROJECTORS, registry
from .staff import api as staff_api, pages as staff_pages
from .consent import api as consent_api, pages as consent_pages
from .segments import api as segments_api, pages as segments_pages
from .organisations import api as organisations_api, pages as organisations_pages
from .imports import api as imports_api, pages as imports_pages
from .duplicates import api as duplicates_api, pages as duplicates_pages
from .erasure import api as erasure_api, pages as erasure_pages

SERVICE = "stakeholders"
MIGRATIONS = Path(__file__).parent / "migrations"


def create_app(settings: Settings) -> Flask:
    app, rest = make_app(settings, __name__, title="Argan — Acteurs (stakeholders)")
    engine = make_engine(settings.database_url)  # lazy: connects on first use
    store = EventStore(engine, registry)
    app.extensions["argan"] = {"engine": engine, "store": store, "settings": settings,
                               "projectors": PROJECTORS}

    @app.before_request
    def _unit_of_work():
        g.uow = UnitOfWork(store, PROJECTORS, Metadata(actor=signed_in_actor(),
                                                        correlation_id=g.request_id))

    app.register_blueprint(sign_in.bp)
    app.register_blueprint(pages.bp)
    app.register_blueprint(staff_pages.bp)
    app.register_blueprint(staff_pages.me)
    rest.register_blueprint(api.blp)
    app.register_blueprint(duplicates_pages.bp)  # search and duplicates
    rest.register_blueprint(duplicates_api.blp)
    rest.register_blueprint(staff_api.blp)
    app.register_blueprint(consent_pages.bp)
    app.register_blueprint(segments_pages.bp)
    rest.register_blueprint(consent_api.blp)
    rest.register_blueprint(segments_api.blp)
    app.register_blueprint(organisations_pages.bp)
    rest.register_blueprint(organisations_api.blp)
    app.register_blueprint(imports_pages.bp)  # spreadsheet imports
    rest.register_blueprint(imports_api.blp)
    app.register_blueprint(erasure_pages.bp)  # the right to be forgotten
    rest.register_blueprint(erasure_api.blp)
    app.register_blueprint(feed_blueprint(store, SERVICE, settings.service_token))
    app.register_blueprint(catalogue_blueprint(SERVICE, registry, settings.exchange))
    return app


def create_worker(settings: Settings, *, store: EventStore | None = None) -> Worker:
    """The relay that publishes this service's events (stakeholders consumes nothing yet)."""
    store = store or EventStore(make_engine(settings.database_url), registry)
    return Worker(relays=[relay_for(settings, store)])


def migrate(settings: Settings) -> None:
    """Bring the service database to the latest Alembic revision."""
    engine = make_engine(settings.database_url)
    try:
        upgrade(engine, MIGRATIONS)
    finally:
        engine.dispose()

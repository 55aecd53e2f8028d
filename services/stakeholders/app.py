"""The composition root of the stakeholders service: the only module that reads settings."""
from __future__ import annotations

from pathlib import Path

from flask import Flask, g

from shared.db import make_engine
from shared.eventstore import EventStore, Metadata, UnitOfWork
from shared.messaging.asyncapi import catalogue_blueprint
from shared.messaging.feed import HttpFeed, feed_blueprint
from shared.messaging.wiring import consumer_for, relay_for
from shared.messaging.worker import Worker
from shared.migrate import upgrade
from shared.settings import Settings
from shared.web.forwarding import caller_credentials
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
from .privacy import api as privacy_api, pages as privacy_pages
from .privacy.client import OTHER_SERVICES, PersonalDataClient
from .privacy.projections import apply_confirmation
from .erasure import api as erasure_api, pages as erasure_pages

SERVICE = "stakeholders"
MIGRATIONS = Path(__file__).parent / "migrations"


def create_app(settings: Settings) -> Flask:
    app, rest = make_app(settings, __name__, title="Argan — Acteurs (stakeholders)")
    engine = make_engine(settings.database_url)  # lazy: connects on first use
    store = EventStore(engine, registry)
    app.extensions["argan"] = {"engine": engine, "store": store, "settings": settings,
                               "projectors": PROJECTORS}
    app.extensions["argan"]["personal_data_client"] = PersonalDataClient(
        settings.base_url, caller_credentials(app.config["SESSION_COOKIE_NAME"], language="fr"))

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
    app.register_blueprint(privacy_pages.bp)  # the admin's privacy desk
    rest.register_blueprint(privacy_api.blp)
    rest.register_blueprint(privacy_api.own_part)
    app.register_blueprint(erasure_pages.bp)  # the right to be forgotten
    rest.register_blueprint(erasure_api.blp)
    app.register_blueprint(feed_blueprint(store, SERVICE, settings.service_token))
    app.register_blueprint(catalogue_blueprint(SERVICE, registry, settings.exchange))
    return app


# What stakeholders consumes: each service's confirmation that it erased a person.
CONFIRMATION_BINDINGS = tuple(f"{name}.privacy.person_erased" for name in OTHER_SERVICES)


def create_worker(settings: Settings, *, store: EventStore | None = None,
                  feeds: dict | None = None) -> Worker:
    """The relay that publishes this service's events, and the consumer of the other
    services' erasure confirmations (their feeds fill the gaps)."""
    store = store or EventStore(make_engine(settings.database_url), registry)
    feeds = feeds if feeds is not None else {
        name: HttpFeed(settings.feed_url(name), settings.service_token) for name in OTHER_SERVICES}
    consumer = consumer_for(settings, store.engine, _apply_received, CONFIRMATION_BINDINGS,
                            feeds)
    return Worker(relays=[relay_for(settings, store)], consumers=[consumer])


def _apply_received(conn, event) -> None:
    apply_confirmation(conn, event)  # anything else of those services is not ours


def migrate(settings: Settings) -> None:
    """Bring the service database to the latest Alembic revision."""
    engine = make_engine(settings.database_url)
    try:
        upgrade(engine, MIGRATIONS)
    finally:
        engine.dispose()

"""The composition root of activities: its web app, its migrations and its worker."""
from __future__ import annotations

from pathlib import Path

from flask import Flask, g

from shared.access.wiring import staff_aware_consumer, staff_feeds
from shared.db import make_engine
from shared.eventstore import EventStore, Metadata
from shared.messaging.asyncapi import catalogue_blueprint
from shared.messaging.feed import feed_blueprint
from shared.messaging.wiring import relay_for
from shared.messaging.worker import Worker
from shared.migrate import upgrade
from shared.programmes import programme_feeds
from shared.settings import Settings
from shared.web.forwarding import caller_credentials
from shared.web import make_app, signed_in_actor

from . import api, pages, queries
from .calendar import api as calendar_api, pages as calendar_pages
from .certificates import api as certificates_api
from .consultants import api as consultants_api, pages as consultants_pages
from .directory import Directory
from .evaluations import api as evaluations_api, pages as evaluations_pages
from .events import registry
from .groups import api as groups_api, pages as groups_pages, queries as groups_queries
from .newcomers import api as newcomers_api, pages as newcomers_pages
from .sheets import api as sheets_api, pages as sheets_pages
from .handlers import ActivitiesWork
from .participants import web as participants
from .participants.links import LinkTokens
from .self_sign_in import api as self_sign_in_api, pages as self_sign_in_pages
from .policies import BINDINGS, policies
from .privacy import api as privacy_api
from .projections import PROJECTORS

SERVICE = "activities"
MIGRATIONS = Path(__file__).parent / "migrations"


def create_app(settings: Settings) -> Flask:
    app, rest = make_app(settings, __name__, title="Argan — activités (activities)")
    engine = make_engine(settings.database_url)  # lazy: connects on first use
    store = EventStore(engine, registry)
    app.extensions["argan"] = {"engine": engine, "store": store, "settings": settings,
                               "projectors": PROJECTORS,
                               "link_tokens": LinkTokens(settings.secret_key)}

    directory = Directory(settings.base_url, caller_credentials(app.config["SESSION_COOKIE_NAME"]))
    app.extensions["argan"]["directory"] = directory

    @app.before_request
    def _unit_of_work():
        g.uow = ActivitiesWork(store, PROJECTORS, Metadata(actor=signed_in_actor(),
                                                           correlation_id=g.request_id),
                               people=lambda ids: queries.active_people(engine, ids),
                               members=lambda org: groups_queries.members_of(engine, org),
                               directory=directory,
                               programmes=lambda: queries.known_programmes(engine))

    for blueprint in (pages.bp, groups_pages.bp, newcomers_pages.bp, calendar_pages.bp,
                      sheets_pages.bp, self_sign_in_pages.bp, evaluations_pages.bp,
                      consultants_pages.bp,
                      participants.blueprint(self_sign_in_pages.public, evaluations_pages.public)):
        app.register_blueprint(blueprint)
    for blueprint in (api.blp, groups_api.blp, newcomers_api.blp, calendar_api.blp,
                      sheets_api.blp, certificates_api.blp, self_sign_in_api.blp,
                      evaluations_api.blp, consultants_api.blp, privacy_api.blp):
        rest.register_blueprint(blueprint)
    app.register_blueprint(feed_blueprint(store, SERVICE, settings.service_token))
    app.register_blueprint(catalogue_blueprint(SERVICE, registry, settings.exchange))
    return app


def create_worker(settings: Settings, *, feeds: dict | None = None, engine=None,
                  store: EventStore | None = None) -> Worker:
    """The relay of this service's events, and the consumer of reporting's programmes
    (the pick-list's replica) and of stakeholders' events (staff
    accounts, people and organisations for the replica, merges)."""
    engine = store.engine if store else engine or make_engine(settings.database_url)
    store = store or EventStore(engine, registry)
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

import pytest

from services.activities.app import migrate as migrate_activities
from services.reporting.app import create_app, migrate
from services.reporting.projections import apply_event
from shared.db import make_engine
from shared.messaging.consumer import Consumer
from shared.messaging.topology import Topology
from shared.settings import Settings
from shared.testing.web import mounted_client, sign_in_as

from tests.reporting import history as h

SOURCES = ("stakeholders", "activities", "missions")


def consumer(engine, feeds) -> Consumer:
    """Reporting's consumer as wired (apply_event, tracking per source), reading feeds."""
    return Consumer("reporting", engine, apply_event, [], feeds, "memory://", Topology())


def reporting_settings(make_database) -> Settings:
    settings = Settings(service="reporting", database_url=make_database("reporting"),
                        secret_key="test-secret", service_token="service-token", testing=True)
    migrate(settings)
    return settings


def activities_engine(make_database):
    settings = Settings(service="activities", database_url=make_database("activities"),
                        secret_key="s", service_token="t")
    migrate_activities(settings)
    return make_engine(settings.database_url)


@pytest.fixture(scope="session")
def projected(make_database):
    """The fixed history (with its late correction) projected into a reporting database."""
    source_engine = activities_engine(make_database)
    history = h.build(source_engine)
    h.correct_p3(history)
    settings = reporting_settings(make_database)
    engine = make_engine(settings.database_url)
    feeds = {s: history[s] for s in SOURCES}
    consumer(engine, feeds).catch_up()
    yield {**history, "engine": engine, "settings": settings, "feeds": feeds}
    engine.dispose()
    history["acts"].store.dispose()
    source_engine.dispose()


@pytest.fixture(scope="session")
def app(projected):
    app = create_app(projected["settings"], feeds=projected["feeds"])
    yield app
    app.extensions["argan"]["store"].dispose()
    app.extensions["argan"]["engine"].dispose()


@pytest.fixture(scope="session")
def client(app):
    return mounted_client(app, "/reporting")


@pytest.fixture(scope="session")
def csrf(client):
    return sign_in_as(client, roles=("admin",))

"""Every service's app on its own fresh PostgreSQL database, migrated."""
from __future__ import annotations

import pytest

from services.catalogue import composition_root
from shared.settings import SERVICES, Settings
from shared.testing.web import mounted_client

SECRET = "access-test-secret"
SERVICE_TOKEN = "access-test-service-token"


@pytest.fixture(scope="module")
def apps(make_database):
    """{service: app}, each on its own migrated PostgreSQL database."""
    apps = {}
    for service in SERVICES:
        settings = Settings(service=service, database_url=make_database(service),
                            secret_key=SECRET, service_token=SERVICE_TOKEN, testing=True)
        root = composition_root(service)
        root.migrate(settings)
        apps[service] = root.create_app(settings)
        mounted_client(apps[service], f"/{service}")  # mounts it under its prefix, once
    yield apps
    for app in apps.values():
        app.extensions["argan"]["engine"].dispose()


@pytest.fixture
def client_of(apps):
    """client_of("reporting") -> a fresh test client of that service, at its prefix."""
    return lambda service: apps[service].test_client()


@pytest.fixture
def service_token():
    return SERVICE_TOKEN

"""Pytest fixtures for real PostgreSQL and RabbitMQ.

Where the servers come from, in order: TEST_DATABASE_URL / TEST_AMQP_URL; servers
already listening on the usual local ports; containers started with testcontainers;
otherwise the test fails saying how to provide them. Every run creates its own
databases and its own exchange and queue names, so runs never collide.
"""
from __future__ import annotations

import itertools
import os
import socket
import uuid
from urllib.parse import urlsplit, urlunsplit

import pytest
from sqlalchemy import text

from shared.db import make_engine
from shared.eventstore.schema import metadata as shared_metadata

RUN_ID = uuid.uuid4().hex[:8]
_counter = itertools.count(1)

HOW_TO = ("Provide {what}: set {var}, or run a server on 127.0.0.1:{port}, "
          "or make a Docker engine available for testcontainers.")


def _listening(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False


def _from_container(factory, what: str, var: str, port: int):
    try:
        container = factory()
        container.start()
        return container
    except Exception as exc:  # no Docker engine, no testcontainers
        pytest.fail(HOW_TO.format(what=what, var=var, port=port) + f" ({exc})", pytrace=False)


@pytest.fixture(scope="session")
def pg_url():
    """URL of a PostgreSQL maintenance database on which test databases are created."""
    url = os.environ.get("TEST_DATABASE_URL")
    if url:
        yield url
        return
    if _listening(5432):
        yield "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
        return

    def start():
        from testcontainers.postgres import PostgresContainer
        return PostgresContainer("postgres:16", driver="psycopg")

    container = _from_container(start, "PostgreSQL", "TEST_DATABASE_URL", 5432)
    yield container.get_connection_url()
    container.stop()


@pytest.fixture(scope="session")
def amqp_url():
    url = os.environ.get("TEST_AMQP_URL")
    if url:
        yield url
        return
    if _listening(5672):
        yield "amqp://guest:guest@127.0.0.1:5672//"
        return

    def start():
        from testcontainers.rabbitmq import RabbitMqContainer
        return RabbitMqContainer("rabbitmq:3.13")

    container = _from_container(start, "RabbitMQ", "TEST_AMQP_URL", 5672)
    params = container.get_connection_params()
    yield f"amqp://guest:guest@{params.host}:{params.port}//"
    container.stop()


@pytest.fixture(scope="session")
def make_database(pg_url):
    """A factory of fresh, empty PostgreSQL databases, all dropped at the end of the run."""
    admin = make_engine(pg_url, isolation_level="AUTOCOMMIT")
    created: list[str] = []

    def make(hint: str = "db") -> str:
        name = f"argan_test_{RUN_ID}_{hint}_{next(_counter)}"
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        created.append(name)
        parts = urlsplit(pg_url)
        return urlunsplit(parts._replace(path="/" + name))

    yield make
    with admin.connect() as conn:
        for name in created:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture
def unique_name():
    """unique_name('argan.events') -> a name no other test run uses."""
    return lambda prefix: f"{prefix}.test-{RUN_ID}-{next(_counter)}"


@pytest.fixture
def pg_engine(make_database):
    """An engine on a fresh PostgreSQL database holding the shared event-store tables."""
    engine = make_engine(make_database("store"))
    shared_metadata.create_all(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def sqlite_engine(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'store.db'}")
    shared_metadata.create_all(engine)
    yield engine
    engine.dispose()

"""Readiness: `GET /<service>/readyz` says whether this process can do its work.

`/healthz` (shared.web.app) answers as long as the process serves: a liveness probe, which
restarts a process that fails it. `/readyz` checks what the service needs: its database
answers, its Alembic history is applied to the head, and the broker accepts a connection.
It answers 200 when all of them pass, else 503 with each part's state, so that a proxy or
Kubernetes sends no traffic to it meanwhile, without restarting it (a broker outage is
not cured by a restart). The parts are named, never the errors' text (which may hold
addresses or credentials).
"""
from __future__ import annotations

from pathlib import Path

from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import Flask, jsonify, request
from sqlalchemy import Engine, text

from shared.messaging.topology import is_memory, open_connection
from shared.settings import Settings

from .access import public

BROKER_TIMEOUT = 2.0  # seconds: a probe must answer before the prober gives up


def script_heads(migrations_dir: Path) -> set[str]:
    config = Config()
    config.set_main_option("script_location", str(migrations_dir))
    return set(ScriptDirectory.from_config(config).get_heads())


def check_database(engine: Engine, heads: set[str]) -> dict[str, str]:
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
            current = set(MigrationContext.configure(conn).get_current_heads())
    except Exception as exc:
        return {"database": f"unreachable ({type(exc).__name__})", "migrations": "unknown"}
    return {"database": "ok",
            "migrations": "ok" if current == heads else "not applied (run argan migrate)"}


def check_broker(amqp_url: str) -> str:
    if is_memory(amqp_url):
        return "ok"
    connection = open_connection(amqp_url, connect_timeout=BROKER_TIMEOUT)
    try:
        connection.ensure_connection(max_retries=1, timeout=BROKER_TIMEOUT)
        return "ok"
    except Exception as exc:
        return f"unreachable ({type(exc).__name__})"
    finally:
        connection.collect()


def answered_first(app: Flask, endpoint: str) -> None:
    """A probe answers before every other hook of the app: a service's own (the unit of
    work that looks up who is signed in, say) must not make it fail when the database is
    away, which is what the probe is there to say."""
    def probe_first():
        if request.endpoint == endpoint:
            return app.view_functions[endpoint]()
    app.before_request_funcs.setdefault(None, []).insert(0, probe_first)


def install_readiness(app: Flask, settings: Settings, migrations_dir: Path) -> None:
    engine = app.extensions["argan"]["engine"]
    heads = script_heads(migrations_dir)
    answered_first(app, "readyz")

    @app.get("/readyz")
    @public
    def readyz():
        checks = {**check_database(engine, heads), "broker": check_broker(settings.amqp_url)}
        ready = all(state == "ok" for state in checks.values())
        return jsonify(status="ready" if ready else "unready", service=settings.service,
                       checks=checks), 200 if ready else 503

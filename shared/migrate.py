"""Alembic, one history per service, driven from code (no alembic.ini needed)."""
from __future__ import annotations

from pathlib import Path

from alembic import command, context
from alembic.config import Config
from sqlalchemy import Engine


def _config(migrations_dir: Path, engine: Engine) -> Config:
    config = Config()
    config.set_main_option("script_location", str(migrations_dir))
    config.attributes["engine"] = engine
    return config


def upgrade(engine: Engine, migrations_dir: Path, revision: str = "heads") -> None:
    command.upgrade(_config(migrations_dir, engine), revision)


def run_env() -> None:
    """Body of every service's migrations/env.py."""
    engine = context.config.attributes["engine"]
    with engine.connect() as conn:
        context.configure(connection=conn, render_as_batch=conn.dialect.name == "sqlite")
        with context.begin_transaction():
            context.run_migrations()
        conn.commit()

"""The shared tables, created by each service's first Alembic revision."""
from alembic import op

from .schema import metadata


def create_shared_tables() -> None:
    metadata.create_all(op.get_bind())


def drop_shared_tables() -> None:
    metadata.drop_all(op.get_bind())

"""The shared tables, created by each service's first Alembic revision."""
from alembic import op

from .schema import metadata, personal_keys


def create_shared_tables() -> None:
    metadata.create_all(op.get_bind())


def drop_shared_tables() -> None:
    metadata.drop_all(op.get_bind())


def create_personal_keys() -> None:
    """For a database made before crypto-shredding (its first revision predates it)."""
    personal_keys.create(op.get_bind(), checkfirst=True)


def drop_personal_keys() -> None:
    personal_keys.drop(op.get_bind(), checkfirst=True)

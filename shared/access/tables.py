"""What every service keeps of staff accounts: enough to check a session or a token locally.

Filled from the `stakeholders.staff_account.*` events (a local projector in stakeholders,
a consumer elsewhere). Never a password; tokens only as their SHA-256 hash.
"""
from sqlalchemy import JSON, Boolean, Column, DateTime, MetaData, String, Table

metadata = MetaData()

staff_members = Table(
    "staff_members", metadata,
    Column("account_id", String(64), primary_key=True),
    # Unique: stakeholders' own copy refuses, in the append transaction, a second account
    # with an email in use, so no other service can ever receive one.
    Column("email", String(254), nullable=False, unique=True),
    Column("name", String(200), nullable=False),
    Column("office", String(32)),
    Column("roles", JSON, nullable=False),
    Column("disabled", Boolean, nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

staff_tokens = Table(
    "staff_tokens", metadata,
    Column("token_id", String(64), primary_key=True),
    Column("account_id", String(64), nullable=False, index=True),
    Column("name", String(200), nullable=False),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("revoked", Boolean, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)


def create_access_tables() -> None:
    """For an Alembic revision (every service has one creating these tables)."""
    from alembic import op
    metadata.create_all(op.get_bind())


def drop_access_tables() -> None:
    from alembic import op
    metadata.drop_all(op.get_bind())

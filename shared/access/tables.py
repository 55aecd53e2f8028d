"""What every service keeps of staff accounts: enough to check a session or a token locally.

Filled from the `stakeholders.staff_account.*` events (a local projector in stakeholders,
a consumer elsewhere). Never a password; tokens only as their SHA-256 hash.
"""
from sqlalchemy import JSON, Boolean, Column, DateTime, MetaData, String, Table, false, inspect

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
    # sessions started before this instant are over (password changed or reset, account
    # disabled, "sign out everywhere")
    Column("sessions_valid_from", DateTime(timezone=True)),
    # a temporary password (opened or reset by an admin): only the password page is open
    Column("must_change_password", Boolean, nullable=False, server_default=false()),
)

# The sessions signed out, so that a copy of their cookie is refused in every service.
# Kept as long as a cookie can live (Settings.session_hours), then forgotten.
staff_ended_sessions = Table(
    "staff_ended_sessions", metadata,
    Column("session_id", String(64), primary_key=True),
    Column("account_id", String(64), nullable=False),
    Column("ended_at", DateTime(timezone=True), nullable=False, index=True),
)

staff_tokens = Table(
    "staff_tokens", metadata,
    Column("token_id", String(64), primary_key=True),
    Column("account_id", String(64), nullable=False, index=True),
    Column("name", String(200), nullable=False),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("revoked", Boolean, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("expires_at", DateTime(timezone=True)),       # None: until revoked
    Column("last_used_at", DateTime(timezone=True)),     # in this service
)


def create_access_tables() -> None:
    """For an Alembic revision (every service has one creating these tables)."""
    from alembic import op
    metadata.create_all(op.get_bind())


def upgrade_access_tables() -> None:
    """For the revision that adds sessions and token expiry: adds what an older revision's
    create_access_tables() did not create (a fresh database already has it all)."""
    from alembic import op
    bind = op.get_bind()
    present = inspect(bind)
    for table in metadata.sorted_tables:
        if not present.has_table(table.name):
            table.create(bind)
            continue
        columns = {c["name"] for c in present.get_columns(table.name)}
        for column in table.columns:
            if column.name not in columns:
                op.add_column(table.name, column.copy())


def drop_access_tables() -> None:
    from alembic import op
    metadata.drop_all(op.get_bind())

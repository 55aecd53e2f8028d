"""Staff accounts become StaffAccount event streams.

Creates the access tables (staff_members, staff_tokens), staff_credentials and
sign_in_failures; turns each row of the former `staff_accounts` table into the events
`staff_account.opened` + `staff_account.password_set` (its hash copied into
staff_credentials, never into an event), then drops `staff_accounts`.

Revision ID: 0002
Revises: 0001
"""
from alembic import op
import sqlalchemy as sa

from shared.access.projection import project_staff_events
from shared.access.roles import ROLES
from shared.access.tables import create_access_tables, drop_access_tables
from shared.eventstore import EventStore, Metadata

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

# The former table, as revision 0001 created it.
old_accounts = sa.table(
    "staff_accounts", sa.column("id", sa.String), sa.column("email", sa.String),
    sa.column("name", sa.String), sa.column("password_hash", sa.String),
    sa.column("roles", sa.JSON), sa.column("created_at", sa.DateTime(timezone=True)),
    sa.column("last_sign_in_at", sa.DateTime(timezone=True)))


def upgrade() -> None:
    create_access_tables()
    op.create_table(
        "staff_credentials",
        sa.Column("account_id", sa.String(64), primary_key=True),
        sa.Column("password_hash", sa.String(255), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_sign_in_at", sa.DateTime(timezone=True)),
    )
    op.create_table(
        "sign_in_failures",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer, "sqlite"), primary_key=True,
                  autoincrement=True),
        sa.Column("key", sa.String(320), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_sign_in_failures_key", "sign_in_failures", ["key"])
    _convert_old_accounts(op.get_bind())
    op.drop_table("staff_accounts")


def _convert_old_accounts(conn) -> None:
    # Imported here: the event classes are only needed for this one-off conversion.
    from services.stakeholders.staff.domain import AccountOpened, PasswordSet, registry
    from services.stakeholders.staff.credentials import staff_credentials

    store = EventStore(conn.engine, registry)
    rows = conn.execute(sa.select(old_accounts).order_by(old_accounts.c.created_at)).mappings()
    for row in list(rows):
        roles = tuple(r for r in (row["roles"] or []) if r in ROLES)
        events = [AccountOpened(email=row["email"].strip().lower(), name=row["name"],
                                office=None, roles=roles), PasswordSet(reason="initial")]
        stored = store.append(row["id"], "staff_account", 0, events,
                              Metadata(extra={"migrated_from": "staff_accounts"}), conn=conn)
        project_staff_events(conn, stored)
        conn.execute(sa.insert(staff_credentials).values(
            account_id=row["id"], password_hash=row["password_hash"],
            updated_at=row["created_at"], last_sign_in_at=row["last_sign_in_at"]))


def downgrade() -> None:
    op.create_table(
        "staff_accounts",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("email", sa.String(200), nullable=False, unique=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("password_hash", sa.String(200), nullable=False),
        sa.Column("roles", sa.JSON, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_sign_in_at", sa.DateTime(timezone=True)),
    )
    # The events stay (the log is append-only); only the tables of this revision go.
    op.drop_index("ix_sign_in_failures_key", "sign_in_failures")
    op.drop_table("sign_in_failures")
    op.drop_table("staff_credentials")
    drop_access_tables()

"""Event store tables, the people read table and staff accounts.

Revision ID: 0001
Revises:
"""
from alembic import op
import sqlalchemy as sa

from shared.eventstore.migration import create_shared_tables, drop_shared_tables

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_shared_tables()
    op.create_table(
        "people",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("given_name", sa.String(200), nullable=False),
        sa.Column("family_name", sa.String(200), nullable=False),
        sa.Column("sex", sa.String(16), nullable=False),
        sa.Column("birth_date", sa.Date),
        sa.Column("nationality", sa.String(2)),
        sa.Column("residence_country", sa.String(2)),
        sa.Column("residence_region", sa.String(200)),
        sa.Column("residence_province", sa.String(200)),
        sa.Column("residence_town", sa.String(200)),
        sa.Column("email", sa.String(200)),
        sa.Column("phone", sa.String(40)),
        sa.Column("whatsapp", sa.String(40)),
        sa.Column("languages", sa.JSON, nullable=False),
        sa.Column("roles", sa.JSON, nullable=False),
        sa.Column("programmes", sa.JSON, nullable=False),
        sa.Column("tags", sa.JSON, nullable=False),
        sa.Column("roles_text", sa.Text, nullable=False),
        sa.Column("search", sa.Text, nullable=False),
        sa.Column("sort_name", sa.String(400), nullable=False),
        sa.Column("archived", sa.Boolean, nullable=False),
        sa.Column("archived_reason", sa.Text),
        sa.Column("registered_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_people_sort_name", "people", ["sort_name"])
    op.create_index("ix_people_registered_at", "people", ["registered_at"])
    op.create_index("ix_people_email", "people", ["email"])
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


def downgrade() -> None:
    op.drop_table("staff_accounts")
    op.drop_table("people")
    drop_shared_tables()

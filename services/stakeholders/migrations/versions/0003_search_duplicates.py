"""Search keys and duplicates: name and phone keys in the people read table (indexed; a
trigram index on PostgreSQL), the survivor a merged person points to, dismissed suggestions.
The keys of the people already registered are computed here.

Revision ID: 0003_search_duplicates
Revises: 0002
"""
from alembic import op
import sqlalchemy as sa

from services.stakeholders.search import name_key, name_keys_text, phone_key

revision = "0003_search_duplicates"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("people") as batch:
        batch.add_column(sa.Column("given_key", sa.String(200), nullable=False,
                                   server_default=""))
        batch.add_column(sa.Column("family_key", sa.String(200), nullable=False,
                                   server_default=""))
        batch.add_column(sa.Column("name_keys", sa.Text, nullable=False, server_default=" "))
        batch.add_column(sa.Column("phone_key", sa.String(40)))
        batch.add_column(sa.Column("whatsapp_key", sa.String(40)))
        batch.add_column(sa.Column("merged_into", sa.String(36)))
    _backfill()
    op.create_index("ix_people_family_key", "people", ["family_key", "given_key"])
    op.create_index("ix_people_given_key", "people", ["given_key"])
    op.create_index("ix_people_phone_key", "people", ["phone_key"])
    op.create_index("ix_people_whatsapp_key", "people", ["whatsapp_key"])
    op.create_index("ix_people_birth_date", "people", ["birth_date"])
    op.create_index("ix_people_merged_into", "people", ["merged_into"])
    if _trigrams_available():
        op.execute("CREATE INDEX ix_people_name_keys_trgm ON people "
                   "USING gin (name_keys gin_trgm_ops)")
        op.execute("CREATE INDEX ix_people_search_trgm ON people USING gin (search gin_trgm_ops)")
    op.create_table(
        "duplicate_dismissals",
        sa.Column("pair_id", sa.String(36), primary_key=True),
        sa.Column("person_a", sa.String(36), nullable=False, index=True),
        sa.Column("person_b", sa.String(36), nullable=False, index=True),
        sa.Column("reason", sa.Text),
        sa.Column("dismissed_by", sa.String(64)),
        sa.Column("dismissed_at", sa.DateTime(timezone=True), nullable=False),
    )


def _trigrams_available() -> bool:
    """pg_trgm on PostgreSQL when the server ships it and we may create it; else the LIKE
    searches scan, which is still fine at NGO scale."""
    conn = op.get_bind()
    if conn.dialect.name != "postgresql":
        return False
    if not conn.execute(sa.text("SELECT 1 FROM pg_available_extensions "
                                "WHERE name = 'pg_trgm'")).first():
        return False
    try:
        with conn.begin_nested():
            conn.execute(sa.text("CREATE EXTENSION IF NOT EXISTS pg_trgm"))
    except sa.exc.DBAPIError:
        return False
    return True


def _backfill() -> None:
    conn = op.get_bind()
    people = sa.table("people", sa.column("id"), sa.column("given_name"),
                      sa.column("family_name"), sa.column("phone"), sa.column("whatsapp"),
                      sa.column("given_key"), sa.column("family_key"), sa.column("name_keys"),
                      sa.column("phone_key"), sa.column("whatsapp_key"))
    rows = conn.execute(sa.select(people.c.id, people.c.given_name, people.c.family_name,
                                  people.c.phone, people.c.whatsapp)).all()
    update = (sa.update(people).where(people.c.id == sa.bindparam("_id"))
              .values(given_key=sa.bindparam("_given_key"),
                      family_key=sa.bindparam("_family_key"),
                      name_keys=sa.bindparam("_name_keys"),
                      phone_key=sa.bindparam("_phone_key"),
                      whatsapp_key=sa.bindparam("_whatsapp_key")))
    batch = []
    for row in rows:
        batch.append({"_id": row.id, "_given_key": name_key(row.given_name),
                      "_family_key": name_key(row.family_name),
                      "_name_keys": name_keys_text(row.given_name, row.family_name),
                      "_phone_key": phone_key(row.phone),
                      "_whatsapp_key": phone_key(row.whatsapp)})
        if len(batch) == 1000:
            conn.execute(update, batch)
            batch = []
    if batch:
        conn.execute(update, batch)


def downgrade() -> None:
    op.drop_table("duplicate_dismissals")
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_people_search_trgm")
        op.execute("DROP INDEX IF EXISTS ix_people_name_keys_trgm")
    for name in ("ix_people_merged_into", "ix_people_birth_date", "ix_people_whatsapp_key",
                 "ix_people_phone_key", "ix_people_given_key", "ix_people_family_key"):
        op.drop_index(name, table_name="people")
    with op.batch_alter_table("people") as batch:
        for column in ("merged_into", "whatsapp_key", "phone_key", "name_keys", "family_key",
                       "given_key"):
            batch.drop_column(column)

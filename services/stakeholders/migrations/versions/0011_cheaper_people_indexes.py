"""Cheaper indexes on `people`: every registration used to update 13 of them.

- email, phone_key, whatsapp_key, birth_date: partial (IS NOT NULL). Every query on them
  looks for a value (`=`, `IN`, or a join on `=`, which no NULL satisfies), so the rows
  without one need no entry.
- merged_into: partial (IS NOT NULL). The lists only ask `merged_into IS NULL`, which
  nearly every row is and no index helps; a person merged into a survivor is rare.
- given_key and family_key: dropped. They are only compared in the duplicate suggestions,
  always together with the same birth date, which ix_people_birth_date finds.
- the two trigram indexes (search, name_keys) become one GIN index on both columns: a
  multi-column GIN index serves a LIKE on either column (the search ORs the two).

Revision ID: 0011_cheaper_people_indexes
Revises: 0010_personal_keys
"""
import sqlalchemy as sa
from alembic import op

revision = "0011_cheaper_people_indexes"
down_revision = "0010_personal_keys"
branch_labels = None
depends_on = None

PARTIAL = (("ix_people_email", "email"), ("ix_people_phone_key", "phone_key"),
           ("ix_people_whatsapp_key", "whatsapp_key"), ("ix_people_birth_date", "birth_date"),
           ("ix_people_merged_into", "merged_into"))


def _has_trigrams() -> bool:
    conn = op.get_bind()
    return conn.dialect.name == "postgresql" and conn.execute(sa.text(
        "SELECT 1 FROM pg_indexes WHERE indexname = 'ix_people_search_trgm'")).first() is not None


def upgrade() -> None:
    for name, column in PARTIAL:
        op.drop_index(name, table_name="people")
        where = sa.text(f"{column} IS NOT NULL")
        op.create_index(name, "people", [column], postgresql_where=where, sqlite_where=where)
    op.drop_index("ix_people_given_key", table_name="people")
    op.drop_index("ix_people_family_key", table_name="people")
    if _has_trigrams():
        op.execute("CREATE INDEX ix_people_names_trgm ON people "
                   "USING gin (search gin_trgm_ops, name_keys gin_trgm_ops)")
        op.execute("DROP INDEX ix_people_search_trgm")
        op.execute("DROP INDEX ix_people_name_keys_trgm")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql" and op.get_bind().execute(sa.text(
            "SELECT 1 FROM pg_indexes WHERE indexname = 'ix_people_names_trgm'")).first():
        op.execute("CREATE INDEX ix_people_name_keys_trgm ON people "
                   "USING gin (name_keys gin_trgm_ops)")
        op.execute("CREATE INDEX ix_people_search_trgm ON people USING gin (search gin_trgm_ops)")
        op.execute("DROP INDEX ix_people_names_trgm")
    op.create_index("ix_people_family_key", "people", ["family_key", "given_key"])
    op.create_index("ix_people_given_key", "people", ["given_key"])
    for name, column in PARTIAL:
        op.drop_index(name, table_name="people")
        op.create_index(name, "people", [column])

"""The directory list at NGO scale (bench/stakeholders.py): a partial index for the usual
filtered list (active people of a country, in name order), which also answers its count
by an index-only scan (the role filter reads roles_text from the index). The predicate
is only `merged_into IS NULL`: the app writes `archived IS false`, which the planner does
not match with a `NOT archived` predicate.

Revision ID: 0005_list_indexes
Revises: 0004_imports
"""
from alembic import op

revision = "0005_list_indexes"
down_revision = "0004_imports"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("CREATE INDEX ix_people_list_country ON people "
                   "(residence_country, sort_name, id) INCLUDE (roles_text, archived) "
                   "WHERE merged_into IS NULL")
    else:
        op.create_index("ix_people_list_country", "people",
                        ["residence_country", "sort_name", "id"])


def downgrade() -> None:
    op.drop_index("ix_people_list_country", table_name="people")

"""The presence sums keyed (one row per programme, day, office, kind, sex, age band and
territory, a missing territory included): the projectors add to a row instead of summing a
whole day again. The key's index, programme and date first, serves the dashboard too.

Revision ID: 0008_presence_sums_key
Revises: 0007_presence_sums
"""
from alembic import op

revision = "0008_presence_sums_key"
down_revision = "0007_presence_sums"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # 0005 creates the tables from their metadata: on a new database the key is there
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP INDEX IF EXISTS ix_rep_presence_sums_key")
    op.execute("CREATE UNIQUE INDEX IF NOT EXISTS ux_rep_presence_sums_key ON rep_presence_sums "
               "(programme, date, office, kind, sex, age_band, territory) NULLS NOT DISTINCT")


def downgrade() -> None:
    op.drop_index("ux_rep_presence_sums_key", "rep_presence_sums")
    op.create_index("ix_rep_presence_sums_key", "rep_presence_sums", ["programme", "date"])

"""The present units summed per programme, office, kind, day and attributes (the dashboard's
participation figures), and the indexes that serve them; summed from the marks held.

Revision ID: 0007_presence_sums
Revises: 0006_personal_keys
"""
from alembic import op

revision = "0007_presence_sums"
down_revision = "0006_personal_keys"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # 0005 creates the fact tables from their metadata: on a new database they are there
    bind = op.get_bind()
    from services.reporting.facts.presence import resum_all
    from services.reporting.facts.tables import attendance, presence_sums
    presence_sums.create(bind, checkfirst=True)
    for index in attendance.indexes:
        index.create(bind, checkfirst=True)
    resum_all(bind)


def downgrade() -> None:
    op.drop_index("ix_rep_attendance_date", "rep_attendance")
    op.drop_index("ix_rep_attendance_person_date", "rep_attendance")
    op.drop_table("rep_presence_sums")

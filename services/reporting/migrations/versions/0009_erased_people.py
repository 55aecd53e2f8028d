"""rep_erased_people: what reporting kept of each person erased (a pseudonym and the
attributes its counts need), not emptied by a rebuild.

Revision ID: 0009_erased_people
Revises: 0008_presence_sums_key
"""
from alembic import op

revision = "0009_erased_people"
down_revision = "0008_presence_sums_key"
branch_labels = None
depends_on = None


def upgrade() -> None:
    from services.reporting.privacy.projections import erased_people
    erased_people.create(op.get_bind(), checkfirst=True)


def downgrade() -> None:
    op.drop_table("rep_erased_people")

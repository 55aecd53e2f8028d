"""rep_erased_people: what reporting kept of each person erased (a pseudonym and the
attributes its counts need), not emptied by a rebuild.

Revision ID: 0008_erased_people
Revises: 0007_presence_sums
"""
from alembic import op

revision = "0008_erased_people"
down_revision = "0007_presence_sums"
branch_labels = None
depends_on = None


def upgrade() -> None:
    from services.reporting.privacy.projections import erased_people
    erased_people.create(op.get_bind(), checkfirst=True)


def downgrade() -> None:
    op.drop_table("rep_erased_people")

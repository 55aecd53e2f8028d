"""The keys of crypto-shredding: one per person whose personal data the events hold.

Revision ID: 0006_personal_keys
Revises: 0005_logframe
"""
from shared.eventstore.migration import create_personal_keys, drop_personal_keys

revision = "0006_personal_keys"
down_revision = "0005_logframe"
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_personal_keys()


def downgrade() -> None:
    drop_personal_keys()

"""The keys of crypto-shredding: one per person whose personal data the events hold.

Revision ID: 0008_personal_keys
Revises: 0007_terms_of_reference
"""
from shared.eventstore.migration import create_personal_keys, drop_personal_keys

revision = "0008_personal_keys"
down_revision = "0007_terms_of_reference"
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_personal_keys()


def downgrade() -> None:
    drop_personal_keys()

"""Phone numbers in E.164, and name keys with their particles: the people table's numbers recorded before (typed as
'06 12 34 56 78') are read in the person's country of residence and stored as
'+212612345678'; phone_key and whatsapp_key become the E.164 number, so that a Moroccan
and a French number with the same national digits are no longer taken for the same. What
does not parse (no residence country and no country code) keeps its text and no key.
name_keys gain the key of a name with its particle run in ('El Idrissi' -> also 'aldrs'),
which a search for 'elidrissi' looks for.

Revision ID: 0006_phone_e164
Revises: 0005_list_indexes
"""
import sqlalchemy as sa
from alembic import op

from services.stakeholders.phones import e164
from services.stakeholders.search import name_keys_text

revision = "0006_phone_e164"
down_revision = "0005_list_indexes"
branch_labels = None
depends_on = None


def upgrade() -> None:
    conn = op.get_bind()
    people = sa.table("people", sa.column("id"), sa.column("given_name"),
                      sa.column("family_name"), sa.column("residence_country"),
                      sa.column("phone"), sa.column("whatsapp"), sa.column("phone_key"),
                      sa.column("whatsapp_key"), sa.column("name_keys"))
    rows = conn.execute(sa.select(people.c.id, people.c.given_name, people.c.family_name,
                                  people.c.residence_country, people.c.phone,
                                  people.c.whatsapp)).all()
    update = (sa.update(people).where(people.c.id == sa.bindparam("_id"))
              .values(phone=sa.bindparam("_phone"), whatsapp=sa.bindparam("_whatsapp"),
                      phone_key=sa.bindparam("_phone_key"),
                      whatsapp_key=sa.bindparam("_whatsapp_key"),
                      name_keys=sa.bindparam("_name_keys")))
    batch = []
    for row in rows:
        phone, whatsapp = (e164(row.phone, row.residence_country),
                           e164(row.whatsapp, row.residence_country))
        batch.append({"_id": row.id, "_phone": phone or row.phone,
                      "_whatsapp": whatsapp or row.whatsapp, "_phone_key": phone,
                      "_whatsapp_key": whatsapp,
                      "_name_keys": name_keys_text(row.given_name, row.family_name)})
        if len(batch) == 1000:
            conn.execute(update, batch)
            batch = []
    if batch:
        conn.execute(update, batch)


def downgrade() -> None:
    pass  # E.164 is a valid spelling of every number: nothing to undo

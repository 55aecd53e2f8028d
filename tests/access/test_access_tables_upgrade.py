"""A database migrated before sessions were revocable gains what they need (every service
has the revision; reporting's is tried here, on PostgreSQL)."""
from pathlib import Path

from sqlalchemy import inspect, text

import services.reporting.app as reporting
from shared.db import make_engine
from shared.migrate import upgrade

MIGRATIONS = Path(reporting.__file__).parent / "migrations"


def test_an_older_database_gains_the_session_columns_and_table(make_database):
    engine = make_engine(make_database("upgrade"))
    upgrade(engine, MIGRATIONS, "0002")
    with engine.begin() as conn:  # as revision 0002 created them before this change
        conn.execute(text("DROP TABLE staff_ended_sessions"))
        for table, column in (("staff_members", "sessions_valid_from"),
                              ("staff_members", "must_change_password"),
                              ("staff_tokens", "expires_at"), ("staff_tokens", "last_used_at")):
            conn.execute(text(f"ALTER TABLE {table} DROP COLUMN {column}"))
        conn.execute(text("INSERT INTO staff_members (account_id, email, name, roles, disabled, "
                          "updated_at) VALUES ('a1', 'x@argan.test', 'X', '[]', false, now())"))
    upgrade(engine, MIGRATIONS)
    present = inspect(engine)
    assert present.has_table("staff_ended_sessions")
    assert {"sessions_valid_from", "must_change_password"} <= {
        c["name"] for c in present.get_columns("staff_members")}
    assert {"expires_at", "last_used_at"} <= {c["name"] for c in present.get_columns("staff_tokens")}
    with engine.connect() as conn:  # the existing row: no temporary password
        assert conn.execute(text("SELECT must_change_password FROM staff_members")).scalar() is False
    engine.dispose()

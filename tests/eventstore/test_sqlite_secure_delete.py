"""On SQLite what is deleted or overwritten leaves the files: secure_delete zeroes it in the
database (free pages included) and an erasure empties the write-ahead log once committed."""
from __future__ import annotations

import sqlite3

from sqlalchemy import Column, Integer, MetaData, String, Table, delete, insert, update

from shared.db import after_commit, make_engine, truncate_wal, write_transaction
from shared.eventstore import EventStore
from shared.eventstore.schema import metadata as shared_metadata
from shared.privacy.erasure import confirm_erasure
from shared.messaging.envelope import ReceivedEvent
from shared.testing.scan import files_containing

SECRET = "Zorglubine-Ait-Distinctive"
OTHER = "Zorglubon-Ait-Distinctive"
FRAGMENTS = [SECRET, OTHER, "Zorglubine", "Zorglubon"]  # what a freed cell keeps may be a part

tables = MetaData()
notes = Table("notes", tables, Column("id", Integer, primary_key=True),
              Column("text", String(200)))


def _fill(engine):
    rows = [{"id": i, "text": f"row {i}"} for i in range(30)]
    rows[10]["text"], rows[11]["text"] = SECRET, OTHER
    with write_transaction(engine) as conn:
        conn.execute(insert(notes), rows)
    with engine.connect() as conn:  # the rows now in the .db file, not only in the WAL
        assert truncate_wal(conn)


def test_a_row_updated_or_deleted_then_checkpointed_leaves_no_trace_in_the_files(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'service.db'}")
    tables.create_all(engine)
    _fill(engine)
    assert files_containing(tmp_path, [SECRET, OTHER]) == {
        SECRET: ["service.db"], OTHER: ["service.db"]}  # the scanner sees them

    with write_transaction(engine) as conn:
        conn.execute(update(notes).where(notes.c.id == 10).values(text="[effacé]"))
        conn.execute(delete(notes).where(notes.c.id == 11))
    # committed: the .db file still holds the old page until the WAL is checkpointed
    assert SECRET in files_containing(tmp_path, [SECRET])
    with write_transaction(engine) as conn:
        conn.execute(update(notes).where(notes.c.id == 12).values(text="row twelve"))
        after_commit(conn, truncate_wal)
    assert (tmp_path / "service.db-wal").stat().st_size == 0
    assert files_containing(tmp_path, [*FRAGMENTS, "row 12"]) == {}
    engine.dispose()


def test_without_secure_delete_an_overwritten_text_would_stay_in_the_file(tmp_path):
    """The control: the same update with secure_delete off leaves the bytes behind."""
    raw = sqlite3.connect(tmp_path / "plain.db", isolation_level=None)
    raw.execute("PRAGMA secure_delete=OFF")
    raw.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)")
    for i in range(30):
        raw.execute("INSERT INTO notes VALUES (?, ?)", (i, SECRET if i == 10 else f"row {i}"))
    raw.execute("UPDATE notes SET text = '[effacé]' WHERE id = 10")
    raw.close()
    assert files_containing(tmp_path, ["Zorglubine"]) == {"Zorglubine": ["plain.db"]}


def test_confirm_erasure_empties_the_write_ahead_log_once_committed(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'missions.db'}")
    shared_metadata.create_all(engine)
    tables.create_all(engine)
    _fill(engine)
    store = EventStore(engine)
    projected = []
    erased = ReceivedEvent(id="e-1", source="stakeholders", type="person.erased",
                           stream_id="p-1", stream_type="person", version=3, position=9,
                           data={"reason": "asked"}, time=None)
    with write_transaction(engine) as conn:
        conn.execute(update(notes).where(notes.c.id == 10).values(text="[effacé]"))
        assert confirm_erasure(conn, store, erased, [lambda c, stored: projected.append(
            [e.type for e in stored])])
        assert not confirm_erasure(conn, store, erased)  # once
    assert (tmp_path / "missions.db-wal").stat().st_size == 0
    assert files_containing(tmp_path, FRAGMENTS[::2]) == {}
    assert [e.type for e in store.read_after(0)] == ["privacy.person_erased"]
    assert projected == [["privacy.person_erased"]]  # as a UnitOfWork calls projectors
    engine.dispose()


def test_after_commit_runs_once_committed_never_after_a_rollback(tmp_path, caplog):
    engine = make_engine(f"sqlite:///{tmp_path / 'after.db'}")
    tables.create_all(engine)
    seen = []

    def count(conn):  # outside the transaction: it sees what was committed
        seen.append(conn.exec_driver_sql("SELECT count(*) FROM notes").scalar_one())

    def fail(conn):
        raise RuntimeError("checkpoint refused")

    with write_transaction(engine) as conn:
        conn.execute(insert(notes).values(id=1, text="one"))
        after_commit(conn, count)
        after_commit(conn, count)  # asked twice: once
        after_commit(conn, fail)   # logged, the transaction stands
    try:
        with write_transaction(engine) as conn:
            conn.execute(insert(notes).values(id=2, text="two"))
            after_commit(conn, count)
            raise ValueError("rolled back")
    except ValueError:
        pass
    with write_transaction(engine) as conn:  # nothing left over from the rolled-back one
        conn.execute(insert(notes).values(id=3, text="three"))
    assert seen == [1]
    assert "checkpoint refused" in caplog.text
    engine.dispose()

"""Writes held back in a write transaction (shared/eventstore/pipeline.py) keep the order,
the atomicity and the concurrency errors of writes sent one by one; on SQLite the same
projector helpers write at once."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from sqlalchemy import (JSON, Boolean, Column, Date, DateTime, Float, Integer, LargeBinary,
                        MetaData, String, Table, Text, Time, func, select)

from shared.eventstore import (ConcurrencyError, DomainEvent, EventRegistry, EventStore,
                               Metadata, UnitOfWork, insert_row, update_row)
from shared.eventstore import wire
from shared.eventstore.aggregate import Aggregate

projection = MetaData()
notes = Table("notes", projection,
              Column("id", String(36), primary_key=True),
              Column("version", Integer, nullable=False),
              Column("text", String(200), nullable=False),
              Column("tags", JSON, nullable=False),
              Column("end", String(20)))  # a keyword as a column name


@dataclass(frozen=True)
class Written(DomainEvent):
    type = "note.written"
    text: str = ""
    tags: tuple[str, ...] = ()


registry = EventRegistry(Written)


class Note(Aggregate):
    stream_type = "note"

    def apply(self, event):
        self.text = event.text


def written(note_id: str, text: str, tags=("a",)) -> Note:
    note = Note(note_id)
    note.record(Written(text=text, tags=tags))
    return note


decided: list = []


def project_notes(conn, stored_events):
    for stored in stored_events:
        event = registry.event_of(stored)
        decided.append(event)
        if stored.version == 1:
            insert_row(conn, notes, {"id": stored.stream_id, "version": stored.version,
                                     "text": event.text, "tags": list(event.tags),
                                     "end": "o'clock"})
        else:
            update_row(conn, notes, {"id": stored.stream_id},
                       {"version": stored.version, "text": event.text})


def read_back_in_the_same_transaction(conn, stored_events):
    """A projector reading what an earlier one wrote in the same transaction."""
    for stored in stored_events:
        count = conn.execute(select(func.count()).select_from(notes)
                             .where(notes.c.id == stored.stream_id)).scalar_one()
        assert count == 1, "the held-back row must be sent before this read"


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request):
    engine = request.getfixturevalue("sqlite_engine" if request.param == "sqlite" else "pg_engine")
    projection.create_all(engine)
    store = EventStore(engine, registry)
    yield store
    store.dispose()


def rows(store):
    with store.engine.connect() as conn:
        return [tuple(r) for r in conn.execute(select(notes.c.id, notes.c.version, notes.c.text,
                                                      notes.c.tags, notes.c["end"])
                                               .order_by(notes.c.id))]


def test_projectors_get_the_decided_events_and_rows_are_written_with_the_append(store):
    uow = UnitOfWork(store, [project_notes, read_back_in_the_same_transaction])
    note = written("n1", "it's 5% done", ("x", "y"))
    event = note.pending[0]
    decided.clear()
    stored = uow.save(note)
    assert decided == [event] and decided[0] is event  # not decoded again
    assert stored[0].event is event
    assert rows(store) == [("n1", 1, "it's 5% done", ["x", "y"], "o'clock")]
    note.record(Written(text="second"))
    uow.save(note)
    assert rows(store) == [("n1", 2, "second", ["x", "y"], "o'clock")]
    loaded = store.load("n1")
    assert [e.data["text"] for e in loaded] == ["it's 5% done", "second"]
    assert loaded[0].event is None and registry.event_of(loaded[0]) == event


def test_a_stale_append_held_back_is_a_concurrency_error_and_writes_nothing(store):
    uow = UnitOfWork(store, [project_notes], Metadata(actor="amina"))
    uow.save(written("n1", "first"))
    with pytest.raises(ConcurrencyError) as raised:
        uow.save(written("n1", "again"))  # decided on version 0: stale
    assert raised.value.actual == 1
    assert [c.metadata["actor"] for c in raised.value.changes] == ["amina"]
    assert rows(store) == [("n1", 1, "first", ["a"], "o'clock")]
    assert [e.data["text"] for e in store.load("n1")] == ["first"]
    uow.save(written("n2", "next"))  # the connection is fine afterwards
    assert [r[0] for r in rows(store)] == ["n1", "n2"]


def test_two_appends_in_one_transaction_the_stale_one_is_named(store):
    store.append("n2", "note", 0, [Written(text="taken")])
    with pytest.raises(ConcurrencyError) as raised:
        with store.transaction() as conn:
            for note in (written("n1", "one"), written("n2", "two")):
                stored = store.append(note.id, "note", 0, note.pending, conn=conn)
                project_notes(conn, stored)
    assert raised.value.stream_id == "n2" and raised.value.actual == 1
    assert store.load("n1") == [] and rows(store) == []


def test_a_projector_failing_after_held_back_writes_leaves_nothing(store):
    def failing(conn, stored_events):
        raise RuntimeError("projection failed")

    uow = UnitOfWork(store, [project_notes, failing])
    with pytest.raises(RuntimeError):
        uow.save(written("n1", "lost"))
    assert store.load("n1") == [] and rows(store) == []
    assert store.last_position() == 0


def test_a_held_back_row_that_breaks_a_constraint_fails_the_transaction(store):
    uow = UnitOfWork(store, [project_notes])
    uow.save(written("n1", "first"))
    with store.transaction() as conn:
        insert_row(conn, notes, {"id": "n9", "version": 1, "text": "x", "tags": []})
    with pytest.raises(Exception) as raised:
        with store.transaction() as conn:
            stored = store.append("n3", "note", 0, [Written(text="dup")], conn=conn)
            insert_row(conn, notes, {"id": "n9", "version": 1, "text": "again", "tags": []})
    assert not isinstance(raised.value, ConcurrencyError)
    assert "n3" not in [r[0] for r in rows(store)] and store.load("n3") == []
    assert stored[0].version == 1


# -- a transaction of INSERTs and one append: one statement (wire.py) ---------------------

kinds = Table("kinds", projection,
              Column("id", String(36), primary_key=True),
              Column("flag", Boolean), Column("day", Date), Column("at", DateTime(timezone=True)),
              Column("blob", LargeBinary), Column("ratio", Float), Column("count", Integer),
              Column("doc", JSON), Column("label", Text), Column("clock", Time))

VALUES = {"flag": False, "day": dt.date(1987, 3, 4),
          "at": dt.datetime(2026, 1, 2, 3, 4, 5, 678901, tzinfo=dt.timezone.utc),
          "blob": bytes(range(256)), "ratio": 0.1, "count": -7,
          "doc": {"k": ["é", None, 1.5]}, "label": "l'été; 100% \\ \"quoted\" -- ",
          "clock": None}


def read_kinds(store):
    with store.engine.connect() as conn:
        return [dict(r) for r in conn.execute(select(kinds).order_by(kinds.c.id)).mappings()]


def test_every_kind_of_value_of_a_row_sent_with_the_append_reads_back_the_same(store):
    def project(conn, stored_events):
        insert_row(conn, kinds, {"id": "k1", **VALUES})
        insert_row(conn, kinds, {"id": "k2", **{name: None for name in VALUES}})
        project_notes(conn, stored_events)

    UnitOfWork(store, [project]).save(written("n1", "with kinds"))
    got = read_kinds(store)
    if got[0]["at"].tzinfo is None:  # SQLite drops the zone
        got[0]["at"] = got[0]["at"].replace(tzinfo=dt.timezone.utc)
    assert got == [{"id": "k1", **VALUES}, {"id": "k2", **{name: None for name in VALUES}}]
    assert rows(store) == [("n1", 1, "with kinds", ["a"], "o'clock")]


def test_a_value_wire_does_not_send_goes_through_a_cursor(store):
    def project(conn, stored_events):
        insert_row(conn, kinds, {"id": "k3", "clock": dt.time(12, 30)})
        project_notes(conn, stored_events)

    UnitOfWork(store, [project]).save(written("n1", "at noon"))
    assert read_kinds(store)[0]["clock"] == dt.time(12, 30)
    assert [e.data["text"] for e in store.load("n1")] == ["at noon"]


def test_a_row_inserted_then_updated_in_one_transaction_ends_updated(store):
    note = written("n1", "first")
    note.record(Written(text="second"))  # one save: an INSERT, then an UPDATE of that row
    UnitOfWork(store, [project_notes]).save(note)
    assert rows(store) == [("n1", 2, "second", ["a"], "o'clock")]


def test_postgres_sends_inserts_and_the_append_as_one_statement(pg_engine, monkeypatch):
    projection.create_all(pg_engine)
    store = EventStore(pg_engine, registry)
    sent = []
    real = wire.execute
    monkeypatch.setattr(wire, "execute", lambda driver, sql, params: (
        sent.append(sql), real(driver, sql, params))[1])
    try:
        UnitOfWork(store, [project_notes]).save(written("n1", "one"))
        assert len(sent) == 1 and sent[0].startswith("WITH ")
        assert "argan_append" in sent[0] and 'INSERT INTO "notes"' in sent[0]
        with pytest.raises(ConcurrencyError):  # refused as one statement too
            UnitOfWork(store, [project_notes]).save(written("n1", "stale"))
        assert rows(store) == [("n1", 1, "one", ["a"], "o'clock")]
        assert store.read_after(0)[-1].position == 1
    finally:
        store.dispose()


def test_wire_refuses_what_it_cannot_send_before_sending_anything():
    with pytest.raises(wire.Unsupported):
        wire.encode(["text", dt.time(1, 2)])
    assert wire.encode([None, True, 3, b"\x00", "é"]) == (
        [None, b"t", b"3", b"\x00", "é".encode()], [0, 0, 0, 1, 0])


def test_wire_prepares_again_what_the_session_forgot(pg_engine):
    """psycopg sends DEALLOCATE ALL after a ROLLBACK once it has prepared statements."""
    raw = pg_engine.raw_connection()
    try:
        driver = raw.driver_connection
        driver.autocommit = True
        sql = "SELECT %s::int + 1"
        assert wire.execute(driver, sql, (1,)).get_value(0, 0) == b"2"
        driver.execute("DEALLOCATE ALL")
        assert wire.execute(driver, sql, (2,)).get_value(0, 0) == b"3"
    finally:
        raw.close()


def test_postgres_appends_notify_a_listening_relay_new_stream_or_not(pg_engine):
    """A relay waiting for NOTIFY holds LISTEN_LOCK_KEY; every append then notifies:
    alone, in a transaction sent as one statement, and on a stream that exists."""
    import psycopg

    from shared.eventstore.store import LISTEN_LOCK_KEY, NOTIFY_CHANNEL
    projection.create_all(pg_engine)
    store = EventStore(pg_engine, registry)
    url = pg_engine.url.render_as_string(hide_password=False).replace("+psycopg", "")
    with psycopg.connect(url, autocommit=True) as relay:
        relay.execute("SELECT pg_advisory_lock(%s)", (LISTEN_LOCK_KEY,))
        relay.execute(f"LISTEN {NOTIFY_CHANNEL}")

        def notified() -> int:
            return len(list(relay.notifies(timeout=2, stop_after=1)))

        try:
            store.append("n1", "note", 0, [Written(text="alone")])
            assert notified() == 1
            UnitOfWork(store, [project_notes]).save(written("n2", "with its row"))
            assert notified() == 1
            store.append("n1", "note", 1, [Written(text="again")])
            assert notified() == 1
            relay.execute("SELECT pg_advisory_unlock(%s)", (LISTEN_LOCK_KEY,))
            store.append("n3", "note", 0, [Written(text="unheard")])  # relay busy: none
            assert notified() == 0
        finally:
            store.dispose()

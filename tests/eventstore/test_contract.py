"""The event-store contract, run against every implementation: in memory, SQLite, PostgreSQL."""
from __future__ import annotations

import datetime as dt
import threading
import uuid
from dataclasses import dataclass

import pytest

from shared.eventstore import (ConcurrencyError, DomainEvent, EventRegistry, EventStore, Metadata,
                               StoredEvent)
from shared.eventstore.schema import events as events_table
from shared.testing.fakes import InMemoryEventStore


@dataclass(frozen=True)
class Noted(DomainEvent):
    type = "note.noted"
    schema_version = 2
    text: str
    words: int


registry = EventRegistry(Noted)


@registry.upcaster("note.noted", 1)
def _count_words(data):  # v1 had no word count
    return {**data, "words": len(data["text"].split())}


def noted(text="hello world"):
    return Noted(text=text, words=len(text.split()))


@pytest.fixture(params=["memory", "sqlite", "postgresql"])
def store(request):
    if request.param == "memory":
        return InMemoryEventStore(registry)
    engine = request.getfixturevalue("sqlite_engine" if request.param == "sqlite" else "pg_engine")
    return EventStore(engine, registry)


def insert_old_event(store, stream_id: str) -> None:
    """Store a schema_version 1 payload, as an older release would have written it."""
    old = StoredEvent(1, str(uuid.uuid4()), stream_id, "note", 1, "note.noted", 1,
                      {"text": "three little words"}, {}, dt.datetime.now(dt.timezone.utc))
    if isinstance(store, InMemoryEventStore):
        store.insert_raw(old)
        return
    with store.transaction() as conn:
        conn.execute(events_table.insert(), [vars(old)])


def test_append_then_load_returns_the_events_with_versions_and_metadata(store):
    meta = Metadata(actor="staff-1", correlation_id="corr-1", causation_id="cause-1")
    stored = store.append("n1", "note", 0, [noted("a"), noted("b c")], meta)
    assert [s.version for s in stored] == [1, 2]
    loaded = store.load("n1")
    assert [(e.version, e.type, e.data["text"]) for e in loaded] == [(1, "note.noted", "a"),
                                                                    (2, "note.noted", "b c")]
    assert loaded[0].metadata["actor"] == "staff-1"
    assert loaded[0].metadata["correlation_id"] == "corr-1"
    assert loaded[0].metadata["causation_id"] == "cause-1"
    assert loaded[0].recorded_at.tzinfo is not None
    assert registry.to_event(loaded[1].type, loaded[1].data) == noted("b c")


def test_positions_are_global_and_gap_free(store):
    store.append("a", "note", 0, [noted()])
    store.append("b", "note", 0, [noted(), noted()])
    store.append("a", "note", 1, [noted()])
    assert [e.position for e in store.read_after(0)] == [1, 2, 3, 4]
    assert [e.stream_id for e in store.read_after(2)] == ["b", "a"]
    assert [e.position for e in store.read_after(1, limit=2)] == [2, 3]
    assert store.last_position() == 4


def test_a_stale_expected_version_is_refused_and_says_what_changed(store):
    store.append("n1", "note", 0, [noted("first")], Metadata(actor="amina"))
    with pytest.raises(ConcurrencyError) as raised:
        store.append("n1", "note", 0, [noted("second")])
    assert raised.value.actual == 1
    assert [c.metadata["actor"] for c in raised.value.changes] == ["amina"]
    assert [e.data["text"] for e in store.load("n1")] == ["first"]
    with pytest.raises(ConcurrencyError):
        store.append("n2", "note", 3, [noted()])


def test_a_failed_transaction_leaves_nothing_behind(store):
    with pytest.raises(RuntimeError):
        with store.transaction() as conn:
            store.append("n1", "note", 0, [noted()], conn=conn)
            raise RuntimeError("projection failed")
    assert store.load("n1") == []
    assert store.last_position() == 0
    store.append("n1", "note", 0, [noted()])
    assert [e.position for e in store.read_after(0)] == [1]


def test_old_schema_versions_are_upcast_on_read_and_never_rewritten(store):
    insert_old_event(store, "old")
    (event,) = store.load("old")
    assert event.schema_version == 2
    assert event.data == {"text": "three little words", "words": 3}
    assert store.read_after(0)[0].data["words"] == 3
    if isinstance(store, EventStore):
        with store.engine.connect() as conn:
            raw = conn.execute(events_table.select()).mappings().one()
        assert raw["schema_version"] == 1 and "words" not in raw["data"]


def test_two_writers_racing_on_one_stream_exactly_one_wins(store):
    store.append("race", "note", 0, [noted()])
    barrier = threading.Barrier(2)
    outcomes = []

    def write(label):
        barrier.wait()
        try:
            store.append("race", "note", 1, [noted(label), noted(label)])
            outcomes.append("won")
        except ConcurrencyError:
            outcomes.append("lost")

    threads = [threading.Thread(target=write, args=(x,)) for x in ("x", "y")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert sorted(outcomes) == ["lost", "won"]
    texts = [e.data["text"] for e in store.load("race")]
    assert len(texts) == 3 and texts[1] == texts[2]  # the winner's two events, nothing partial
    assert [e.position for e in store.read_after(0)] == [1, 2, 3]


def test_two_writers_racing_to_start_one_stream_exactly_one_wins(store):
    barrier = threading.Barrier(2)
    outcomes = []

    def write(label):
        barrier.wait()
        try:
            store.append("new", "note", 0, [noted(label), noted(label)])
            outcomes.append("won")
        except ConcurrencyError as lost:
            outcomes.append(("lost", lost.actual))

    threads = [threading.Thread(target=write, args=(x,)) for x in ("x", "y")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert sorted(outcomes, key=str) == [("lost", 2), "won"]
    texts = [e.data["text"] for e in store.load("new")]
    assert len(texts) == 2 and texts[0] == texts[1]
    assert [e.position for e in store.read_after(0)] == [1, 2]


def test_a_reader_following_positions_never_skips_an_event(store):
    writers, per_writer = 4, 40
    done = threading.Event()
    seen: list[int] = []

    def write(w):
        for i in range(per_writer):
            store.append(f"w{w}-{i}", "note", 0, [noted()])

    def follow():
        after = 0
        while True:
            finished = done.is_set()
            for event in store.read_after(after, limit=50):
                seen.append(event.position)
                after = event.position
            if finished and after == store.last_position():
                return

    reader = threading.Thread(target=follow)
    reader.start()
    threads = [threading.Thread(target=write, args=(w,)) for w in range(writers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    done.set()
    reader.join(60)
    total = writers * per_writer
    assert seen == list(range(1, total + 1))  # in order, no gap, no repeat


def test_postgres_numbers_events_in_commit_order_without_blocking_writers(pg_engine):
    """An append still in its transaction neither blocks another writer nor lets a reader
    skip it: it is numbered after what committed before it."""
    store = EventStore(pg_engine, registry)
    with store.transaction() as slow:
        store.append("slow", "note", 0, [noted("slow")], conn=slow)
        store.append("fast", "note", 0, [noted("fast")])  # commits while `slow` is open
        assert [(e.position, e.stream_id) for e in store.read_after(0)] == [(1, "fast")]
        assert store.last_position() == 1
    assert [(e.position, e.stream_id) for e in store.read_after(1)] == [(2, "slow")]
    assert store.load("slow")[0].position == 2

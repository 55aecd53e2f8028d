"""Append rate of the event store against plain one-row INSERT transactions (psycopg).

One event per command, with 1 and with 4 writers; each figure is the median of
several runs, beside its baseline measured in the same run. Then what crypto-shredding
costs: the same append with the event's text sealed in a new person's key, against the
plain append.
"""
from __future__ import annotations

import threading
import uuid
from dataclasses import dataclass

import psycopg

from bench.common import fresh_database, paired_rates, report
from shared.db import make_engine
from shared.eventstore import DomainEvent, EventRegistry, EventStore, Metadata
from shared.eventstore.schema import metadata

PER_WRITER = 1000


@dataclass(frozen=True)
class Noted(DomainEvent):
    type = "note.noted"
    text: str


@dataclass(frozen=True)
class Met(DomainEvent):
    """The same size of event, its text a person's (sealed in a new key of theirs)."""
    type = "person.met"
    personal_data = ("text",)
    text: str


def in_threads(writers: int, work) -> None:
    threads = [threading.Thread(target=work) for _ in range(writers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()


RAW_TABLE = """
CREATE TABLE raw_events (LIKE events INCLUDING ALL);
ALTER TABLE raw_events ALTER COLUMN position ADD GENERATED ALWAYS AS IDENTITY;
"""
RAW_INSERT = """INSERT INTO raw_events (id, stream_id, stream_type, version, type,
    schema_version, data, metadata, recorded_at)
    VALUES (%s, %s, 'note', 1, 'note.noted', 1, %s, %s, now())"""


def raw_inserts(dsn: str, writers: int) -> None:
    """The baseline: the same row, one plain INSERT per transaction, nothing else."""
    def work():
        with psycopg.connect(dsn, autocommit=True) as conn:
            for _ in range(PER_WRITER):
                conn.execute(RAW_INSERT, (str(uuid.uuid4()), str(uuid.uuid4()),
                                          '{"text": "hello"}', '{"actor": "bench"}'))
    in_threads(writers, work)


def appends(store: EventStore, writers: int) -> None:
    meta = Metadata(actor="bench")

    def work():
        for _ in range(PER_WRITER):
            store.append(str(uuid.uuid4()), "note", 0, [Noted("hello")], meta)
    in_threads(writers, work)


def sealed_appends(store: EventStore, writers: int) -> None:
    """What crypto-shredding costs: each event's text sealed (AES-GCM) in a key made for
    its new person, the key stored in the same round trip."""
    meta = Metadata(actor="bench")

    def work():
        for _ in range(PER_WRITER):
            store.append(str(uuid.uuid4()), "person", 0, [Met("hello")], meta)
    in_threads(writers, work)


def main() -> None:
    print("== event store: append rate (events/s, one event per command) ==")
    with fresh_database("store") as url:
        engine = make_engine(url, pool_size=8)
        metadata.create_all(engine)
        dsn = url.replace("postgresql+psycopg://", "postgresql://")
        with psycopg.connect(dsn, autocommit=True) as conn:
            conn.execute(RAW_TABLE)
        store = EventStore(engine, EventRegistry(Noted, Met))
        for writers in (1, 4):
            baseline, ours, ratio = paired_rates(writers * PER_WRITER,
                                                 lambda: raw_inserts(dsn, writers),
                                                 lambda: appends(store, writers))
            report(f"append, {writers} writer(s)", ours, "ev/s", baseline, ">= 0.6x", ratio)
        plain, sealed, ratio = paired_rates(PER_WRITER, lambda: appends(store, 1),
                                            lambda: sealed_appends(store, 1))
        report("append sealing personal data (vs plain append)", sealed, "ev/s", plain,
               "", ratio)
        engine.dispose()


if __name__ == "__main__":
    main()

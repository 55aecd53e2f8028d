"""Tables every service database holds for its event store and its messaging."""
from sqlalchemy import (JSON, BigInteger, Column, DateTime, Index, Integer, MetaData, String,
                        Table, Text, UniqueConstraint)

metadata = MetaData()

events = Table(
    "events", metadata,
    Column("position", BigInteger().with_variant(Integer, "sqlite"), primary_key=True,
           autoincrement=False),
    Column("id", String(36), nullable=False, unique=True),
    Column("stream_id", String(64), nullable=False),
    Column("stream_type", String(64), nullable=False),
    Column("version", Integer, nullable=False),
    Column("type", String(128), nullable=False),
    Column("schema_version", Integer, nullable=False),
    Column("data", JSON, nullable=False),
    Column("metadata", JSON, nullable=False),
    Column("recorded_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("stream_id", "version", name="uq_events_stream_version"),
)

# The relay's cursor: the last position it has published (one row per relay).
relay_cursors = Table(
    "relay_cursors", metadata,
    Column("name", String(64), primary_key=True),
    Column("position", BigInteger, nullable=False),
)

# A consumer's progress per source service, moved in the same transaction as its effects.
consumer_positions = Table(
    "consumer_positions", metadata,
    Column("consumer", String(64), primary_key=True),
    Column("source", String(64), primary_key=True),
    Column("position", BigInteger, nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

# Events a consumer gave up on, with the error, so they can be inspected and replayed.
dead_letters = Table(
    "dead_letters", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("consumer", String(64), nullable=False),
    Column("source", String(64), nullable=False),
    Column("position", BigInteger, nullable=False),
    Column("event_id", String(64), nullable=False),
    Column("type", String(128), nullable=False),
    Column("error", Text, nullable=False),
    Column("recorded_at", DateTime(timezone=True), nullable=False),
)

Index("ix_events_stream", events.c.stream_id, events.c.version)

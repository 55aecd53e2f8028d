"""Tables every service database holds for its event store and its messaging."""
from sqlalchemy import (DDL, JSON, BigInteger, Column, DateTime, Integer, LargeBinary, MetaData,
                        String, Table, Text, UniqueConstraint, event)

metadata = MetaData()

events = Table(
    "events", metadata,
    Column("position", BigInteger().with_variant(Integer, "sqlite"), primary_key=True,
           autoincrement=False),
    Column("id", String(36), nullable=False),
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

# One key per person whose personal data events hold (crypto-shredding, see shredding.py);
# an erased person keeps a tombstone: key NULL, erased_at set.
personal_keys = Table(
    "personal_keys", metadata,
    Column("subject_id", String(64), primary_key=True),
    Column("key", LargeBinary),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("erased_at", DateTime(timezone=True)),
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

# A consumer's tries of an event that did not settle, kept across crashes: a message that
# kills the process is dead-lettered after `max_attempts` deliveries like one that raises.
delivery_attempts = Table(
    "delivery_attempts", metadata,
    Column("consumer", String(64), primary_key=True),
    Column("event_id", String(64), primary_key=True),
    Column("attempts", Integer, nullable=False),
    Column("error", Text),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)


# On PostgreSQL appends take no lock, so that concurrent writers commit together (group
# commit). An append checks the expected version (a racing writer of the same stream then
# fails on the unique (stream_id, version)), inserts its events under temporary negative
# positions from a sequence, and wakes the relay if it is waiting: the relay holds the
# advisory lock `p_listen_key` while it waits, so the shared try-lock fails and the append
# sends NOTIFY (delivered at commit). While the relay is busy nobody notifies: NOTIFY
# serialises the commits of every notifying transaction, which would undo group commit.
# Readers following positions first number the committed pending events (argan_sequence):
# under a transaction-scoped lock, after the last position, in insertion order. Positions
# are thus gap-free and in commit order, and a reader never sees n+1 before n.
APPEND_FUNCTIONS = DDL("""
CREATE SEQUENCE IF NOT EXISTS events_pending_seq;

CREATE OR REPLACE FUNCTION argan_append(
    p_listen_key bigint, p_stream_id text, p_stream_type text, p_expected integer,
    p_events json, p_metadata json, p_recorded_at timestamptz
) RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
    current_version integer;
BEGIN
    SELECT coalesce(max(version), 0) INTO current_version FROM events WHERE stream_id = p_stream_id;
    IF current_version <> p_expected THEN
        RAISE EXCEPTION 'argan_concurrency:%%', current_version USING ERRCODE = 'P0001';
    END IF;
    INSERT INTO events (position, id, stream_id, stream_type, version, type, schema_version,
                        data, metadata, recorded_at)
    SELECT -nextval('events_pending_seq'), e->>'id', p_stream_id, p_stream_type, p_expected + o,
           e->>'type', (e->>'schema_version')::integer, e->'data', p_metadata, p_recorded_at
    FROM json_array_elements(p_events) WITH ORDINALITY AS t(e, o);
    IF NOT pg_try_advisory_xact_lock_shared(p_listen_key) THEN
        PERFORM pg_notify('argan_events', '');
    END IF;
    RETURN current_version;
END $$;

CREATE OR REPLACE FUNCTION argan_sequence(p_lock_key bigint) RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
    last_position bigint;
    numbered bigint;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM events WHERE position < 0) THEN
        RETURN 0;
    END IF;
    PERFORM pg_advisory_xact_lock(p_lock_key);
    SELECT coalesce(max(position), 0) INTO last_position FROM events WHERE position > 0;
    WITH pending AS (
        SELECT position AS temporary, row_number() OVER (ORDER BY position DESC) AS n
        FROM events WHERE position < 0)
    UPDATE events SET position = last_position + pending.n
    FROM pending WHERE events.position = pending.temporary;
    GET DIAGNOSTICS numbered = ROW_COUNT;
    RETURN numbered;
END $$;
""")
event.listen(events, "after_create", APPEND_FUNCTIONS.execute_if(dialect="postgresql"))

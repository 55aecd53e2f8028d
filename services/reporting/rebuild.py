"""Rebuilding the reporting tables from every source's event feed.

In ONE transaction: the live consumer's position rows are locked (it takes them FOR UPDATE
before applying anything, so it waits), the projected tables are emptied, and each
source's feed is replayed up to the position the live consumer had reached. On commit the
consumer goes on from that very position: an event that arrived meanwhile is applied once
by it, none is lost or doubled. Reporting's own tables (programmes, submitted reports) are
its event store's and are left alone."""
from __future__ import annotations

import datetime as dt
from typing import Callable, Mapping

from sqlalchemy import Connection, Engine, delete, insert, select, text

from shared.db import write_transaction
from shared.eventstore.schema import consumer_positions

from .facts import presence
from .facts.replay import Replay
from .facts.tables import FACT_TABLES
from .privacy import projections as erasure
from .projections import SOURCES, apply_event, people
from .queries import CONSUMER

PAGE = 1000
Progress = Callable[[str, int, int], None]   # (source, done, until)
TABLES = (people, *FACT_TABLES)


def _hold_positions(conn: Connection, sources) -> dict[str, int]:
    rows = conn.execute(select(consumer_positions.c.source, consumer_positions.c.position)
                        .where(consumer_positions.c.consumer == CONSUMER)
                        .where(consumer_positions.c.source.in_(list(sources)))
                        .with_for_update()).all()
    return {source: position for source, position in rows}


def _ensure_rows(engine: Engine, sources) -> None:
    """A position row per source (at 0 if the consumer never applied one), to lock."""
    with write_transaction(engine) as conn:
        known = set(_hold_positions(conn, sources))
        now = dt.datetime.now(dt.timezone.utc)
        for source in set(sources) - known:
            conn.execute(insert(consumer_positions).values(consumer=CONSUMER, source=source,
                                                           position=0, updated_at=now))


def _empty(conn: Connection) -> None:
    if conn.dialect.name == "postgresql":
        conn.execute(text("TRUNCATE " + ", ".join(f'"{t.name}"' for t in TABLES)))
    else:
        for table in TABLES:
            conn.execute(delete(table))


def rebuild(engine: Engine, feeds: Mapping, progress: Progress | None = None,
            page: int = PAGE) -> dict[str, int]:
    """Replay every source's feed into emptied tables; returns the events replayed per
    source. `progress(source, position, until)` is called after each page."""
    sources = [s for s in SOURCES if s in feeds]
    _ensure_rows(engine, sources)
    replayed, replay = {}, Replay(apply_event)
    # rep_erased_people is not emptied: the facts replayed find their pseudonyms in it
    with write_transaction(engine) as conn, erasure.pseudonyms_in_memory(conn):
        until = _hold_positions(conn, sources)
        _empty(conn)
        for source in sources:
            position, replayed[source] = 0, 0
            while position < until[source]:
                events = feeds[source].read_after(position, min(page, until[source] - position))
                if not events:
                    break
                for event in events:
                    if event.position > until[source]:
                        break
                    replay.apply(conn, erasure.mapped(conn, event))
                    position = event.position
                    replayed[source] += 1
                replay.flush(conn)
                if progress:
                    progress(source, position, until[source])
        presence.resum_all(conn)   # the replay wrote the marks without their sums
    return replayed


def text_progress(stream) -> Progress:
    """A progress bar on a terminal: `activities  [#####-----]  5000/10000`."""
    def show(source: str, done: int, until: int) -> None:
        width = 30
        filled = width * done // until if until else width
        stream.write(f"\r{source:<13} [{'#' * filled}{'-' * (width - filled)}] {done}/{until}")
        if done >= until:
            stream.write("\n")
        stream.flush()
    return show

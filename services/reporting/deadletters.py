"""Retrying a dead-lettered event: read it again from its source's feed and apply it, in
one transaction that also removes the dead letter (or records the new error)."""
from __future__ import annotations

from sqlalchemy import Engine, delete, select, update

from shared.db import write_transaction
from shared.eventstore import NotFound
from shared.eventstore.schema import dead_letters

from .projections import apply_event
from .queries import CONSUMER


def retry(engine: Engine, feeds: dict, letter_id: int) -> bool:
    """True if the event applied this time; False if it failed again (error kept)."""
    with engine.connect() as conn:
        letter = conn.execute(select(dead_letters).where(dead_letters.c.id == letter_id)
                              .where(dead_letters.c.consumer == CONSUMER)).first()
    if letter is None or letter.source not in feeds:
        raise NotFound("dead_letter", str(letter_id))
    found = [e for e in feeds[letter.source].read_after(letter.position - 1, 1)
             if e.position == letter.position and e.id == letter.event_id]
    if not found:
        raise NotFound("event", letter.event_id)
    try:
        with write_transaction(engine) as conn:
            apply_event(conn, found[0])
            conn.execute(delete(dead_letters).where(dead_letters.c.id == letter_id))
        return True
    except Exception as exc:  # the event's own fault: kept, with the new error
        with write_transaction(engine) as conn:
            conn.execute(update(dead_letters).where(dead_letters.c.id == letter_id)
                         .values(error=repr(exc)[:2000]))
        return False

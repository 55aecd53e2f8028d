"""What an erasure scrubs in the read tables other than `people` (projections.py does that
row): the free text recorded about the person. Run in the append transaction of
`person.erased`, and again on a replay (the events then read back with placeholders
already, so the same rows come out)."""
from __future__ import annotations

from typing import Sequence

from sqlalchemy import or_, update

from shared.eventstore import StoredEvent
from shared.eventstore.shredding import ERASED_TEXT

from ..consent.projections import consent_sources, people_consents
from ..duplicates.projections import dismissals
from ..organisations.projections import interactions


def scrub_erased_people(conn, stored_events: Sequence[StoredEvent]) -> None:
    for stored in stored_events:
        if stored.type == "person.erased" and stored.stream_type == "person":
            scrub_read_tables(conn, stored.stream_id)


def scrub_read_tables(conn, person_id: str) -> None:
    """Consent notes, what was said in interactions with them, why a suggested duplicate of
    theirs was dismissed: free text that may name them or say more. The facts stay."""
    for table in (people_consents, consent_sources):
        conn.execute(update(table).where(table.c.person_id == person_id,
                                         table.c.note.is_not(None)).values(note=None))
    conn.execute(update(interactions).where(interactions.c.subject_type == "person",
                                            interactions.c.subject_id == person_id)
                 .values(summary=ERASED_TEXT, notes=None))
    conn.execute(update(dismissals).where(or_(dismissals.c.person_a == person_id,
                                              dismissals.c.person_b == person_id),
                                          dismissals.c.reason.is_not(None)).values(reason=None))
